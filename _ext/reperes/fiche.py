"""Fiches actions of the 2015-2020 schema: the ``fiche`` and ``axe`` directives, the
``{fiche}`6``` role, and the ``fiches-index`` block (by axe, by year, by partner).

    ```{fiche}
    :numero: 6
    :axe: 1
    :titre: Mieux repérer et évaluer les situations de risque de danger dès les premières difficultés
    :calendrier: 2016, 2017
    :partenaires: Éducation nationale; Préfecture de police
    :modules: formes-de-danger, circuit-alerte
    ```

``:modules:`` is the one declaration of the link fiche ↔ module: the fiche lists its
modules and each module lists its fiches (both read from the snapshot).
"""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx_design.shared import create_component

from .avertissements import Sous
from .directive import ReperesDirective, liste, texte
from .domaine import domaine
from .instantane import Fiche, Instantane
from .noeuds import creer_lien
from .vues import RoleVue, inconnu, placeholder, rendu, vue


class FicheDirective(ReperesDirective):
    has_content = True
    option_spec = {k: texte for k in ("numero", "axe", "titre", "calendrier", "partenaires", "modules")}
    sous = Sous.fiche
    nom = "fiche"

    def sujet(self) -> str:
        return f"fiche « {self.options.get('numero', '?')} »"

    def run(self) -> list[nodes.Node]:
        o = self.options
        ok = True
        if not o.get("numero", "").isdigit():
            self.avertir("« :numero: » manquant ou non entier.")
            ok = False
        if not o.get("axe", "").isdigit():
            self.avertir("« :axe: » manquant ou non entier (1 à 6).")
            ok = False
        if not o.get("titre"):
            self.avertir("« :titre: » manquant : recopiez le titre officiel de la fiche.")
            ok = False
        annees = liste(o.get("calendrier", ""))
        for a in annees:
            if not (a.isdigit() and len(a) == 4):
                self.avertir(f"année « {a} » invalide dans « :calendrier: » (ex. « 2016, 2017 »).")
                ok = False
        if not ok:
            return self.bloc_invalide()
        numero = int(o["numero"])
        domaine(self.env).ajouter("fiches", self.env.docname, {
            "numero": numero, "lineno": self.lineno, "axe": int(o["axe"]), "titre": o["titre"],
            "calendrier": sorted(set(int(a) for a in annees)), "partenaires": liste(o.get("partenaires", ""), ";"),
            "modules": [(m, self.lineno) for m in liste(o.get("modules", ""))],
        })
        cible = nodes.target("", "", ids=[f"fiche-action-{numero}"])  # the anchor the role links to
        carte = placeholder(self, "fiche", numero=numero)
        contenu = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, contenu)
        carte += contenu.children
        return [cible, carte]


@rendu("fiche")
def rendre_fiche(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    f = inst.fiche[noeud["numero"]]
    carte = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "reperes-fiche-carte"])
    corps = create_component("card-body", ["sd-card-body"])
    carte += corps
    axe = inst.axe.get(f.axe)
    ligne_axe = nodes.paragraph("", "", nodes.strong("", "Axe : "))
    ligne_axe += creer_lien(axe.docname, f"{f.axe} — {axe.titre}") if axe else nodes.Text(str(f.axe))
    corps += ligne_axe
    corps += nodes.paragraph("", "", nodes.strong("", "Titre officiel : "), nodes.Text(f"« {f.titre} »"))
    corps += nodes.paragraph("", "", nodes.strong("", "Calendrier : "), nodes.Text(
        ", ".join(str(a) for a in f.calendrier) if f.calendrier else "non précisé par le schéma"))
    if f.partenaires:
        corps += nodes.paragraph("", "", nodes.strong("", "Partenaires principaux : "),
                                 nodes.Text("; ".join(f.partenaires) + "."))
    if f.modules:
        para = nodes.paragraph("", "", nodes.strong("", "Modules de formation qui servent cette fiche : "))
        for i, mid in enumerate(f.modules):
            if i:
                para += nodes.Text(" ; ")
            para += creer_lien(inst.module[mid].docname, inst.module[mid].titre)
        corps += para
    corps += noeud.children
    return [carte]


class AxeDirective(ReperesDirective):
    option_spec = {"numero": texte, "titre": texte}
    sous = Sous.fiche
    nom = "axe"

    def run(self) -> list[nodes.Node]:
        numero, titre_axe = self.options.get("numero", ""), self.options.get("titre", "")
        if not numero.isdigit() or not titre_axe:
            self.avertir("« :numero: » (entier) et « :titre: » sont obligatoires.")
            return self.bloc_invalide()
        domaine(self.env).ajouter("axes", self.env.docname, {"numero": int(numero), "lineno": self.lineno,
                                                              "titre": titre_axe})
        return [placeholder(self, "axe", numero=int(numero))]


def _lien_fiche(f: Fiche) -> nodes.Node:
    return creer_lien(f.docname, f"Fiche n° {f.numero} — {f.titre}")


@rendu("axe")
def rendre_axe(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    fiches = [f for f in inst.fiches if f.axe == noeud["numero"]]
    liste_ = nodes.bullet_list(classes=["reperes-fiches-axe"])
    for f in fiches:
        liste_ += nodes.list_item("", nodes.paragraph("", "", _lien_fiche(f)))
    return [nodes.paragraph("", f"Cet axe compte {len(fiches)} fiches actions :"), liste_]


class FichesIndexDirective(ReperesDirective):
    option_spec = {"par": texte}
    sous = Sous.fiche
    nom = "fiches-index"

    def run(self) -> list[nodes.Node]:
        par = self.options.get("par", "")
        if par not in ("axe", "annee", "partenaire"):
            self.avertir(f"« :par: {par} » inconnu ; choisissez axe, annee ou partenaire.")
            return self.bloc_invalide()
        return [placeholder(self, "fiches-index", par=par)]


def regrouper(fiches: list[Fiche], par: str, axes: dict) -> list[tuple[str, list[Fiche]]]:
    """Group fiches for an index: every fiche appears exactly once under each of its keys."""
    groupes: dict[object, list[Fiche]] = defaultdict(list)
    for f in sorted(fiches, key=lambda f: f.numero):
        if par == "axe":
            cles = [f.axe]
        elif par == "annee":
            cles = list(f.calendrier) or ["non précisé"]
        else:
            cles = list(f.partenaires) or ["non précisé"]
        for cle in dict.fromkeys(cles):
            groupes[cle].append(f)

    def libelle(cle) -> str:
        if par == "axe":
            return f"Axe {cle} — {axes[cle].titre}" if cle in axes else f"Axe {cle}"
        return str(cle)

    def tri(cle):
        return (isinstance(cle, str) and cle == "non précisé", str(cle).lower() if par == "partenaire" else str(cle))

    return [(libelle(c), groupes[c]) for c in sorted(groupes, key=tri)]


@rendu("fiches-index")
def rendre_index(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    liste_ = nodes.bullet_list(classes=["reperes-fiches-index", f"reperes-par-{noeud['par']}"])
    for libelle, fiches in regrouper(list(inst.fiches), noeud["par"], inst.axe):
        item = nodes.list_item()
        item += nodes.paragraph("", "", nodes.strong("", libelle), nodes.Text(f" ({len(fiches)})"))
        sous_liste = nodes.bullet_list()
        for f in fiches:
            sous_liste += nodes.list_item("", nodes.paragraph("", "", _lien_fiche(f)))
        item += sous_liste
        liste_ += item
    return [liste_]


class FicheRole(RoleVue):
    """``{fiche}`6``` → « Fiche n° 6 — title », linked, from the snapshot; an unknown number is
    reported by the snapshot's check with file:line."""

    vue_nom, sorte = "fiche-ref", "fiche"


@rendu("fiche-ref")
def rendre_fiche_ref(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    cible = noeud["cible"]
    f = inst.fiche.get(int(cible)) if cible.isdigit() else None
    if f is None:
        return inconnu(f"fiche n° {cible}")
    texte_ = f"Fiche n° {f.numero} — {f.titre}"
    return [creer_lien(f.docname, texte_, f"fiche-action-{f.numero}")]


def setup_fiche(app: Sphinx) -> None:
    app.add_directive("fiche", FicheDirective)
    app.add_directive("axe", AxeDirective)
    app.add_directive("fiches-index", FichesIndexDirective)
    app.add_role("fiche", FicheRole())
