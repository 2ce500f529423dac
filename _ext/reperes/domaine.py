"""The ``reperes`` domain: everything collected across documents.

Data is stored per docname (``data["docs"][docname]``) as plain dicts and lists:
``clear_doc`` drops one document, ``merge_domaindata`` copies exactly the given
docnames, so a parallel or incremental build holds exactly what a fresh serial
build holds. Indexes (modules by id, fiches by number…) are derived on demand
from the per-document data; duplicates are found there too, so an id declared
twice is reported whichever of the two pages was read last.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

logger = logging.getLogger(__name__)

# Kinds of things collected, each a list of dicts per document.
GENRES = ("modules", "quiz", "parcours", "fiches", "axes")


def _vide() -> dict[str, Any]:
    # "bloc_module": the page has a `module` block, even an invalid one (reported where it is).
    # "livret": this page is the trainer's booklet of a parcours ({"parcours", "lineno"}).
    return {genre: [] for genre in GENRES} | {"agregat": False, "bloc_module": False, "livret": None}


class ReperesDomain(Domain):
    name = "reperes"
    label = "Repères"
    initial_data: dict[str, Any] = {"docs": {}, "empreinte": ""}
    # Bump when the shape of the stored data changes: Sphinx then rebuilds the env.
    data_version = 3

    # -- storage ------------------------------------------------------------------
    def doc(self, docname: str) -> dict[str, Any]:
        return self.data["docs"].setdefault(docname, _vide())

    def ajouter(self, genre: str, docname: str, entree: dict[str, Any]) -> None:
        self.doc(docname)[genre].append(entree | {"docname": docname})

    def marquer_agregat(self, docname: str) -> None:
        """This page shows data collected from other pages: re-write it when that data changes."""
        self.doc(docname)["agregat"] = True

    def clear_doc(self, docname: str) -> None:
        self.data["docs"].pop(docname, None)

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["docs"]:
                self.data["docs"][docname] = otherdata["docs"][docname]

    # -- derived indexes -------------------------------------------------------------
    def entrees(self, genre: str) -> list[dict[str, Any]]:
        """All entries of a kind, in a stable order (docname, then line)."""
        return [e for docname in sorted(self.data["docs"]) for e in self.data["docs"][docname][genre]]

    def index(self, genre: str, cle: str = "id") -> dict[Any, dict[str, Any]]:
        """First declaration wins; the others are reported by :meth:`doublons`."""
        resultat: dict[Any, dict[str, Any]] = {}
        for e in self.entrees(genre):
            resultat.setdefault(e[cle], e)
        return resultat

    def doublons(self, genre: str, cle: str = "id") -> list[tuple[dict[str, Any], dict[str, Any]]]:
        premier: dict[Any, dict[str, Any]] = {}
        paires = []
        for e in self.entrees(genre):
            if e[cle] in premier:
                paires.append((premier[e[cle]], e))
            else:
                premier[e[cle]] = e
        return paires

    def modules(self) -> dict[str, dict[str, Any]]:
        return self.index("modules")

    def quiz(self) -> dict[str, dict[str, Any]]:
        return self.index("quiz")

    def parcours(self) -> dict[str, dict[str, Any]]:
        return self.index("parcours")

    def fiches(self) -> dict[int, dict[str, Any]]:
        return self.index("fiches", "numero")

    def axes(self) -> dict[int, dict[str, Any]]:
        return self.index("axes", "numero")

    def quiz_du_module(self, module_id: str) -> list[dict[str, Any]]:
        module = self.modules().get(module_id)
        if module is None:
            return []
        return [q for q in self.data["docs"].get(module["docname"], _vide())["quiz"]]

    def fiches_du_module(self, module_id: str) -> list[dict[str, Any]]:
        """The one declaration is on the fiche (``:modules:``); this is the other direction."""
        return [f for f in sorted(self.fiches().values(), key=lambda f: f["numero"])
                if module_id in [m for m, _ in f["modules"]]]

    def agregats(self) -> list[str]:
        return sorted(d for d, v in self.data["docs"].items() if v["agregat"])

    def empreinte_collectee(self) -> str:
        """Fingerprint of what aggregate pages show (line numbers excluded: moving a block
        inside a page does not change any aggregate)."""
        def sans_ligne(valeur: Any) -> Any:
            if isinstance(valeur, dict):
                return {k: sans_ligne(v) for k, v in valeur.items() if k != "lineno"}
            if isinstance(valeur, list):
                return [sans_ligne(v) for v in valeur]
            return valeur

        contenu = {d: {g: sans_ligne(v[g]) for g in GENRES} for d, v in sorted(self.data["docs"].items())}
        return hashlib.sha1(json.dumps(contenu, sort_keys=True, default=str).encode()).hexdigest()

    # -- cross-references: {fiche}`6` -------------------------------------------------------
    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str,
                     target: str, node: pending_xref, contnode: nodes.Element) -> nodes.Element | None:
        if typ != "fiche":
            return None
        fiche = self.fiches().get(_numero(target))
        if fiche is None:
            logger.warning(
                "fiche action « %s » inconnue : les fiches du schéma 2015-2020 sont numérotées de 1 à 30 "
                "(fiches déclarées : %s).",
                target, ", ".join(str(n) for n in sorted(self.fiches())) or "aucune",
                type="reperes", subtype="fiche", location=node,
            )
            return nodes.inline(target, f"fiche n° {target} (inconnue)", classes=["reperes-erreur"])
        texte = node.get("reperes_texte") or f"Fiche n° {fiche['numero']} — {fiche['titre']}"
        return make_refnode(builder, fromdocname, fiche["docname"], f"fiche-action-{fiche['numero']}",
                            nodes.inline(texte, texte, classes=["reperes-fiche-ref"]), texte)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []


def _numero(texte: str) -> int | None:
    texte = texte.strip()
    return int(texte) if texte.isdigit() else None


def domaine(env: BuildEnvironment) -> ReperesDomain:
    return env.domains["reperes"]  # type: ignore[return-value]


def _agregats_a_reecrire(app, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages that aggregate are re-written when, and only when,
    what they aggregate changed (a feedback edit rewrites only its module)."""
    dom = domaine(env)
    empreinte = dom.empreinte_collectee()
    if empreinte == dom.data.get("empreinte"):
        return []
    dom.data["empreinte"] = empreinte
    return dom.agregats()


def setup_domaine(app) -> None:
    app.add_domain(ReperesDomain)
    app.connect("env-get-updated", _agregats_a_reecrire)
