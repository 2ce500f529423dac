"""The ``reperes`` domain: the plain records that pages declare, per document.

Read time only writes here: each block adds a record (plain dicts and lists, never nodes)
to the page that holds it, and a ``doctree-read`` handler adds the page's title and, for a
trainer's booklet, its toctree. ``clear_doc`` drops one page, ``merge_domaindata`` copies
exactly the given pages: a parallel or incremental build holds exactly what a fresh serial
build holds.

Nothing reads these records to render a page: after the merge, ``instantane`` builds one
frozen snapshot of the whole site from them, runs every whole-site check on it, and the
collected views are rendered from that snapshot only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

# Kinds of records a page may declare, each a list of dicts.
# "quiz_invalides": the ids of questions that failed their own checks (already reported), so that
# what cites them does not add a second message for the same mistake.
RUBRIQUES = ("modules", "quiz", "quiz_invalides", "parcours", "fiches", "axes", "regles")


def _vide() -> dict[str, Any]:
    return {rubrique: [] for rubrique in RUBRIQUES} | {
        "titre": None,  # the page's title, as text
        "vues": False,  # the page shows collected data (re-written when the snapshot changes)
        "bloc_module": False,  # the page has a `module` block, even an invalid one
        "livret": None,  # {"parcours", "lineno", "toc"}: this page is the trainer's booklet of a parcours
        "couverture": False,  # the page holds the dashboard
        "resume": "",  # one line for the search results (recherche.py)
        "resumes_ancres": {},  # glossary term anchor → its definition's first line (recherche.py)
        "refs": {sorte: [] for sorte in REFERENCES},  # [target, line] of each {fiche}, {quiz}, {regle}…
    }


# What a page may refer to by a role or an option, checked on the snapshot.
REFERENCES = ("fiche", "quiz", "regle", "module")


def noter_reference(env, sorte: str, cible: str, ligne: int | None) -> None:
    domaine(env).doc(env.docname)["refs"][sorte].append([cible, ligne or 0])


class ReperesDomain(Domain):
    name = "reperes"
    label = "Repères"
    # "signature": the hash of the last snapshot whose views were written.
    initial_data: dict[str, Any] = {"docs": {}, "signature": "", "navigation": None}
    # Bump when the shape of the stored data changes: Sphinx then rebuilds the env.
    data_version = 7

    def doc(self, docname: str) -> dict[str, Any]:
        docs = self.data["docs"]
        if docname not in docs:
            docs[docname] = _vide()
        return docs[docname]

    def ajouter(self, rubrique: str, docname: str, entree: dict[str, Any]) -> None:
        self.doc(docname)[rubrique].append(entree | {"docname": docname})

    def clear_doc(self, docname: str) -> None:
        self.data["docs"].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["docs"]:
                self.data["docs"][docname] = otherdata["docs"][docname]

    def entrees(self, rubrique: str) -> list[dict[str, Any]]:
        """All records of a kind, in a stable order (page, then declaration order)."""
        return [e for docname in sorted(self.data["docs"]) for e in self.data["docs"][docname][rubrique]]

    # The roles ({fiche}, {quiz}, {regle}) are views rendered from the snapshot: no xref here.
    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []


def domaine(env: BuildEnvironment) -> ReperesDomain:
    return env.domains["reperes"]  # type: ignore[return-value]


def _noter_page(app, doctree: nodes.document) -> None:
    """``doctree-read``, after Sphinx's title collector: the page's title as a plain record,
    and a booklet's toctree (checked against its parcours on the snapshot)."""
    env = app.env
    dom = domaine(env)
    donnees = dom.doc(env.docname)
    titre = env.titles.get(env.docname)
    donnees["titre"] = titre.astext() if titre is not None else None
    if donnees["livret"] is not None:
        donnees["livret"]["toc"] = list(env.toctree_includes.get(env.docname, []))


def setup_domaine(app) -> None:
    app.add_domain(ReperesDomain)
    app.connect("doctree-read", _noter_page, priority=900)
