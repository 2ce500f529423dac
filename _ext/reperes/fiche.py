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
modules and each module lists its fiches (``domaine.fiches_du_module``).
"""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx_design.shared import create_component

from .agregats import agregat, lien, placeholder, rendu, titre
from .domaine import domaine

logger = logging.getLogger(__name__)


def _liste(valeur: str, sep: str) -> list[str]:
    return [v.strip() for v in valeur.split(sep) if v.strip()]


class FicheDirective(SphinxDirective):
    has_content = True
    option_spec = {k: (lambda x: (x or "").strip()) for k in
                   ("numero", "axe", "titre", "calendrier", "partenaires", "modules")}

    def avertir(self, message: str) -> None:
        logger.warning(f"fiche « {self.options.get('numero', '?')} » : {message}", type="reperes",
                       subtype="fiche", location=(self.env.docname, self.lineno))

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
        annees = _liste(o.get("calendrier", ""), ",")
        for a in annees:
            if not (a.isdigit() and len(a) == 4):
                self.avertir(f"année « {a} » invalide dans « :calendrier: » (ex. « 2016, 2017 »).")
                ok = False
        if not ok:
            return [nodes.warning("", nodes.paragraph("", "Bloc « fiche » invalide : voir les erreurs de construction."))]
        numero = int(o["numero"])
        modules = [(m, self.lineno) for m in _liste(o.get("modules", ""), ",")]
        domaine(self.env).ajouter("fiches", self.env.docname, {
            "numero": numero, "lineno": self.lineno, "axe": int(o["axe"]), "titre": o["titre"],
            "calendrier": sorted(set(int(a) for a in annees)), "partenaires": _liste(o.get("partenaires", ""), ";"),
            "modules": modules,
        })
        # The anchor the role links to.
        cible = nodes.target("", "", ids=[f"fiche-action-{numero}"])
        carte = placeholder(self, "fiche", numero=numero)
        contenu = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, contenu)
        carte += contenu.children
        return [cible, carte]


@rendu("fiche")
def rendre_fiche(app: Sphinx, docname: str, noeud: agregat) -> list[nodes.Node]:
    env = app.env
    dom = domaine(env)
    f = dom.fiches()[noeud["numero"]]
    carte = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm", "reperes-fiche-carte"])
    corps = create_component("card-body", ["sd-card-body"])
    carte += corps
    axe = dom.axes().get(f["axe"])
    ligne_axe = nodes.paragraph("", "", nodes.strong("", "Axe : "))
    ligne_axe += lien(app, docname, axe["docname"], f"{f['axe']} — {axe['titre']}") if axe else nodes.Text(str(f["axe"]))
    corps += ligne_axe
    corps += nodes.paragraph("", "", nodes.strong("", "Titre officiel : "), nodes.Text(f"« {f['titre']} »"))
    corps += nodes.paragraph("", "", nodes.strong("", "Calendrier : "), nodes.Text(
        ", ".join(str(a) for a in f["calendrier"]) if f["calendrier"] else "non précisé par le schéma"))
    if f["partenaires"]:
        corps += nodes.paragraph("", "", nodes.strong("", "Partenaires principaux : "), nodes.Text("; ".join(f["partenaires"]) + "."))
    modules = dom.modules()
    servis = [m for m, _ in f["modules"] if m in modules]
    if servis:
        para = nodes.paragraph("", "", nodes.strong("", "Modules de formation qui servent cette fiche : "))
        for i, mid in enumerate(servis):
            if i:
                para += nodes.Text(" ; ")
            para += lien(app, docname, modules[mid]["docname"], titre(env, modules[mid]["docname"]))
        corps += para
    corps += noeud.children
    return [carte]


class AxeDirective(SphinxDirective):
    option_spec = {"numero": lambda x: (x or "").strip(), "titre": lambda x: (x or "").strip()}

    def run(self) -> list[nodes.Node]:
        numero, titre_axe = self.options.get("numero", ""), self.options.get("titre", "")
        if not numero.isdigit() or not titre_axe:
            logger.warning("bloc « axe » : « :numero: » (entier) et « :titre: » sont obligatoires.",
                           type="reperes", subtype="fiche", location=(self.env.docname, self.lineno))
            return [nodes.warning("", nodes.paragraph("", "Bloc « axe » invalide : voir les erreurs de construction."))]
        domaine(self.env).ajouter("axes", self.env.docname, {"numero": int(numero), "lineno": self.lineno,
                                                              "titre": titre_axe})
        return [placeholder(self, "axe", numero=int(numero))]


@rendu("axe")
def rendre_axe(app: Sphinx, docname: str, noeud: agregat) -> list[nodes.Node]:
    fiches = [f for f in sorted(domaine(app.env).fiches().values(), key=lambda f: f["numero"])
              if f["axe"] == noeud["numero"]]
    liste = nodes.bullet_list(classes=["reperes-fiches-axe"])
    for f in fiches:
        liste += nodes.list_item("", nodes.paragraph("", "", lien(app, docname, f["docname"],
                                                                  f"Fiche n° {f['numero']} — {f['titre']}")))
    return [nodes.paragraph("", f"Cet axe compte {len(fiches)} fiches actions :"), liste]


class FichesIndexDirective(SphinxDirective):
    option_spec = {"par": lambda x: (x or "").strip()}

    def run(self) -> list[nodes.Node]:
        par = self.options.get("par", "")
        if par not in ("axe", "annee", "partenaire"):
            logger.warning(f"bloc « fiches-index » : « :par: {par} » inconnu ; choisissez axe, annee ou partenaire.",
                           type="reperes", subtype="fiche", location=(self.env.docname, self.lineno))
            return [nodes.warning("", nodes.paragraph("", "Bloc « fiches-index » invalide."))]
        return [placeholder(self, "fiches-index", par=par)]


def regrouper(fiches: list[dict], par: str, axes: dict[int, dict]) -> list[tuple[str, list[dict]]]:
    """Group fiches for an index: every fiche appears exactly once under each of its keys."""
    groupes: dict[object, list[dict]] = defaultdict(list)
    for f in sorted(fiches, key=lambda f: f["numero"]):
        if par == "axe":
            cles = [f["axe"]]
        elif par == "annee":
            cles = f["calendrier"] or ["non précisé"]
        else:
            cles = f["partenaires"] or ["non précisé"]
        for cle in dict.fromkeys(cles):
            groupes[cle].append(f)

    def libelle(cle) -> str:
        if par == "axe":
            return f"Axe {cle} — {axes[cle]['titre']}" if cle in axes else f"Axe {cle}"
        return str(cle)

    def tri(cle):
        return (isinstance(cle, str) and cle == "non précisé", str(cle).lower() if par == "partenaire" else str(cle))

    return [(libelle(c), groupes[c]) for c in sorted(groupes, key=tri)]


@rendu("fiches-index")
def rendre_index(app: Sphinx, docname: str, noeud: agregat) -> list[nodes.Node]:
    dom = domaine(app.env)
    liste = nodes.bullet_list(classes=["reperes-fiches-index", f"reperes-par-{noeud['par']}"])
    for libelle, fiches in regrouper(list(dom.fiches().values()), noeud["par"], dom.axes()):
        item = nodes.list_item()
        item += nodes.paragraph("", "", nodes.strong("", libelle), nodes.Text(f" ({len(fiches)})"))
        sous = nodes.bullet_list()
        for f in fiches:
            sous += nodes.list_item("", nodes.paragraph("", "", lien(app, docname, f["docname"],
                                                                     f"Fiche n° {f['numero']} — {f['titre']}")))
        item += sous
        liste += item
    return [liste]


class FicheRole(SphinxRole):
    """``{fiche}`6``` → « Fiche n° 6 — title », linked; an unknown number is reported with file:line."""

    def run(self):
        texte = self.text.strip()
        noeud = pending_xref(texte, refdomain="reperes", reftype="fiche", reftarget=texte,
                             refexplicit=False, refwarn=False)
        self.set_source_info(noeud)
        noeud += nodes.inline(texte, texte)
        return [noeud], []


def verifier_fiches(app: Sphinx, env: BuildEnvironment) -> None:
    dom = domaine(env)
    modules = dom.modules()
    for premier, second in dom.doublons("fiches", "numero"):
        logger.warning(f"fiche n° {second['numero']} déjà déclarée dans "
                       f"{env.doc2path(premier['docname'], False)}:{premier['lineno']}.",
                       type="reperes", subtype="fiche", location=(second["docname"], second["lineno"]))
    axes = dom.axes()
    for f in dom.entrees("fiches"):
        if axes and f["axe"] not in axes:
            logger.warning(f"fiche n° {f['numero']} : axe {f['axe']} inconnu (axes déclarés : "
                           f"{', '.join(str(a) for a in sorted(axes))}).", type="reperes", subtype="fiche",
                           location=(f["docname"], f["lineno"]))
        for mid, ligne in f["modules"]:
            if mid not in modules:
                logger.warning(f"fiche n° {f['numero']} : module « {mid} » inconnu dans « :modules: ».",
                               type="reperes", subtype="fiche", location=(f["docname"], ligne))


def setup_fiche(app: Sphinx) -> None:
    app.add_directive("fiche", FicheDirective)
    app.add_directive("axe", AxeDirective)
    app.add_directive("fiches-index", FichesIndexDirective)
    app.add_role("fiche", FicheRole())
    app.connect("env-check-consistency", verifier_fiches)
