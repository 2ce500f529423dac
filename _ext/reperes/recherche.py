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
  A glossary hit gets its term's own definition as summary (key ``page#term-x``), never the
  glossary's first entry; trainers' pages (``training/formateurs/``, ``training/livrets/``)
  are marked « Pour les formateurs » and come after the agents' pages.
- The agents' words (``data/recherche-mots.csv``, ``reperes_recherche_mots``): one line per
  word an agent types (« bleus », « parents ») and the page (and anchor) it must find first.
  Each becomes a main index entry of that page, which Sphinx's search ranks above any text
  match. One file for the whole site, so that editors tune the search without touching pages.
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
from .donnees import DonneesInvalides, Probleme, lire_csv, signaler

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


def _couper(texte: str) -> str:
    texte = " ".join(texte.split())
    if len(texte) > LONGUEUR_RESUME:
        texte = texte[:LONGUEUR_RESUME].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return texte


def resumes_des_termes(doctree: nodes.document) -> dict[str, str]:
    """Each glossary term's anchor → the first paragraph of its definition."""
    sortie = {}
    for terme in doctree.findall(nodes.term):
        article = terme.parent
        definition = next((n for n in article.children if isinstance(n, nodes.definition)), None)
        para = definition.next_node(nodes.paragraph) if definition is not None else None
        for ident in terme["ids"]:
            if para is not None and ident.startswith("term-"):
                sortie[ident] = _couper(para.astext())
    return sortie


def _noter_resume(app: Sphinx, doctree: nodes.document) -> None:
    doc = domaine(app.env).doc(app.env.docname)
    doc["resume"] = resume(doctree)
    doc["resumes_ancres"] = resumes_des_termes(doctree)


def resumes(env) -> dict[str, str]:
    sortie = {}
    for d, v in sorted(domaine(env).data["docs"].items()):
        if v.get("resume"):
            sortie[d] = v["resume"]
        for ancre, texte in sorted(v.get("resumes_ancres", {}).items()):
            sortie[f"{d}#{ancre}"] = texte
    return sortie


# -- the agents' words ---------------------------------------------------------------------------
COLONNES_MOTS = ["mot", "page", "ancre"]


def lire_mots(chemin: Path, nom: str) -> tuple[dict[str, list[tuple[str, str, int]]], list[Probleme]]:
    """page → [(word, anchor, line)], and the problems of the file's lines (the right lines
    count even when others are wrong)."""
    par_page: dict[str, list[tuple[str, str, int]]] = {}
    try:
        table = lire_csv(chemin, COLONNES_MOTS, nom)
    except DonneesInvalides as exc:  # the file itself (encoding, header): nothing from it
        return {}, list(exc.problemes)
    problemes = []
    for ligne in table.lignes:
        mot, page, ancre = (ligne.valeurs[c] for c in COLONNES_MOTS)
        if not mot or not page:
            colonne = "mot" if not mot else "page"
            problemes.append(Probleme(nom, ligne.numero, ligne.colonnes[colonne],
                                      f"colonne « {colonne} » vide : un mot que tape un agent, et la page "
                                      "(sans .md) qu'il doit trouver en premier."))
            continue
        par_page.setdefault(page.removesuffix(".md"), []).append((mot.lower(), ancre, ligne.numero))
    return par_page, problemes


def _charger_mots(app: Sphinx, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``, once per build: read the words file when it changed (its problems
    are said at every build, so they stay until fixed) and read again the pages whose words
    changed."""
    nom = app.config.reperes_recherche_mots
    chemin = Path(app.srcdir) / nom
    identite = (chemin.stat().st_size, chemin.stat().st_mtime_ns) if chemin.exists() else None
    avant = getattr(env, "reperes_mots", None)
    if avant and avant[0] == identite:
        par_page, problemes = avant[1], avant[2]
    else:
        par_page, problemes = lire_mots(chemin, nom) if identite else ({}, [])
        env.reperes_mots = (identite, par_page, problemes)
    if problemes:
        signaler(DonneesInvalides(problemes), "recherche")
    if avant is None or avant[0] == identite:
        return []
    return sorted(d for d in set(avant[1]) | set(par_page)
                  if avant[1].get(d) != par_page.get(d) and d in env.found_docs)


def _ajouter_mots(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read`` (before Sphinx collects the index entries): the page's agents' words."""
    nom = app.config.reperes_recherche_mots
    mots = getattr(app.env, "reperes_mots", (None, {}, []))[1].get(app.env.docname, [])
    if not mots:
        return
    from .avertissements import Sous, avertir

    # Blocks' own ids (a rule's « regle-parents ») are not in ``doctree.ids``: read every node's.
    ids = {i for n in doctree.findall(nodes.Element) for i in n.get("ids", ())}
    entrees = []
    for mot, ancre, ligne in mots:
        if ancre and ancre not in ids:
            avertir(Sous.recherche, f"ancre « {ancre} » absente de la page « {app.env.docname} » : écrivez l'identifiant "
                                    "d'une section ou d'une règle de cette page (ex. « regle-parents »), ou laissez la "
                                    "colonne vide pour le haut de la page.", f"{nom}:{ligne}")
            continue
        entrees.append(("single", mot, ancre or "", "main", None))
    if entrees:
        index = addnodes.index(entries=entrees, inline=False)
        # After the page's title: Sphinx takes a section's first child as its title.
        section = next(iter(doctree.findall(nodes.section)), None)
        if section is not None and section.children and isinstance(section[0], nodes.title):
            section.insert(1, index)
        else:
            doctree.insert(0, index)


def _pages_inconnues(app: Sphinx, env) -> None:
    """``env-updated``: a word that points at no page is said, with its line."""
    from .avertissements import Sous, avertir

    nom = app.config.reperes_recherche_mots
    for page, mots in sorted(getattr(env, "reperes_mots", (None, {}, []))[1].items()):
        if page not in env.found_docs:
            for mot, _, ligne in mots:
                avertir(Sous.recherche, f"page « {page} » inconnue pour le mot « {mot} » : écrivez le chemin d'une page "
                                        "du site sans « .md » (ex. « guide/le-119 »).", f"{nom}:{ligne}")


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
    # Before Sphinx's index-entries collector (priority 500) reads the page's index nodes.
    app.connect("doctree-read", _ajouter_mots, priority=400)
    app.connect("env-get-outdated", _charger_mots)
    app.connect("env-updated", _pages_inconnues)
    app.connect("html-page-context", _page_de_recherche)
    app.connect("build-finished", _ecrire_resumes, priority=400)
