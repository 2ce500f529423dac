"""The site's search: French, numbers included, a one-line summary under each result.

- :class:`RechercheFrancaise`, registered for ``fr``: Sphinx's French search (snowball
  stemmer, French stop words) that also indexes tokens made of digits. Sphinx drops them
  (``SearchLanguage.word_filter``: ``not word.isdigit()``), so « 119 », « 17 » or the article
  « 434-3 » never entered the index. Hyphenated references are split as Sphinx splits the
  query (« 434-3 » → « 434 », « 3 »): a page matches when it holds every part.
- The search page loads ``reperes-recherche.js``, which keeps digit terms in the query (Sphinx's
  searchtools drops them too), ranks the guide's pages first on equal terms, and writes the
  summary of each result from ``reperes-resumes.js``: one line per page, collected at read
  time (the page's first paragraph), written with the search index at the end of the build.
  A script file, like ``searchindex.js``, so that it works from ``file://``, where browsers
  refuse ``fetch()``. Both load on the search page only, never in every page's head.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.search.fr import SearchFrench

from .domaine import domaine

LONGUEUR_RESUME = 160  # characters of a summary, cut at a word


# An article or text reference: digits joined by hyphens, maybe after letters (« L226-2-1 »).
REFERENCE = re.compile(r"\b\w*\d+(?:-\d+)+\b")


class RechercheFrancaise(SearchFrench):
    """French search that keeps numbers: « 119 », « 17 », and references « L226-2-1 », « 434-3 »
    as one term each (besides their parts), so that a query for « 434-3 » finds the pages that
    cite that article, not every page with a « 3 »."""

    def word_filter(self, word: str) -> bool:
        return word not in self.stopwords

    def split(self, input: str) -> list[str]:
        mots = super().split(input)
        return mots + REFERENCE.findall(input) if "-" in input else mots


def resume(doctree: nodes.document) -> str:
    """The first paragraph of the page's body (not a title, not a box), cut at a word."""
    for para in doctree.findall(nodes.paragraph):
        if para.next_node(nodes.Invisible) is not None and not para.astext().strip():
            continue
        # A link not yet resolved reads as its target (« ../modules/x »): not a summary.
        if any(n.get("reftype") == "doc" for n in para.findall(addnodes.pending_xref)):
            continue
        if any(isinstance(a, (nodes.Admonition, nodes.sidebar, nodes.table, nodes.title, nodes.comment,
                              nodes.system_message)) or (isinstance(a, nodes.Element) and a.get("validation"))
               for a in _ancetres(para)):  # a bank question (`:validation:`) is in no page's summary
            continue
        texte = " ".join(para.astext().split())
        if len(texte) < 25 or texte.endswith(":"):
            continue
        if len(texte) > LONGUEUR_RESUME:
            texte = texte[:LONGUEUR_RESUME].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        return texte
    return ""


def _ancetres(noeud: nodes.Node):
    parent = noeud.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def _noter_resume(app: Sphinx, doctree: nodes.document) -> None:
    domaine(app.env).doc(app.env.docname)["resume"] = resume(doctree)


def resumes(env) -> dict[str, str]:
    return {d: v.get("resume", "") for d, v in sorted(domaine(env).data["docs"].items()) if v.get("resume")}


def _ecrire_resumes(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html" or not getattr(app.builder, "search", False):
        return
    contenu = json.dumps(resumes(app.env), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    Path(app.outdir, "_static", "reperes-resumes.js").write_text(
        f"ReperesRecherche.setResumes({contenu});\n", encoding="utf-8")


def _page_de_recherche(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """On the search page only (Sphinx adds a file to the current page from this event)."""
    if pagename == "search":
        app.add_js_file("reperes-recherche.js", defer="defer")
        app.add_js_file("reperes-resumes.js", defer="defer")


def setup_recherche(app: Sphinx) -> None:
    app.add_search_language(RechercheFrancaise)
    app.connect("doctree-read", _noter_resume)
    app.connect("html-page-context", _page_de_recherche)
    app.connect("build-finished", _ecrire_resumes, priority=400)
