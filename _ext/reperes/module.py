"""The ``module`` directive (metadata of a training module) and the ``catalogue``.

    ```{module}
    :id: reperer-violences-physiques
    :duree: 15
    :publics: animation, atsem, bibliotheque
    :socle:

    - Learning objectives.
    ```

The metadata are stored in the domain; the page shows them as a sphinx-design card
completed at write time with what only the whole site knows (its fiches, its number
of questions, its version).
"""

from __future__ import annotations

import hashlib
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import create_component

from .agregats import agregat, balise, lien, placeholder, rendu, tableau, titre
from .domaine import domaine
from .populations import Population

logger = logging.getLogger(__name__)

IDENTIFIANT = re.compile(r"^[a-z0-9-]+$")


def populations(env: BuildEnvironment) -> dict[str, Population]:
    return getattr(env, "reperes_populations", {})


def noter_populations(directive: SphinxDirective) -> None:
    """Pages that use population ids are re-read when the populations file changes."""
    directive.env.note_dependency(directive.env.config.reperes_populations_fichier)


def verifier_publics(directive: SphinxDirective, valeur: str, avertir) -> list[str]:
    connus = populations(directive.env)
    publics = [p.strip() for p in valeur.split(",") if p.strip()]
    if not publics:
        avertir("« :publics: » vide : indiquez les populations concernées (ex. « animation, atsem »).")
    for p in publics:
        if p not in connus:
            avertir(f"population « {p} » inconnue. Populations déclarées dans "
                    f"{directive.env.config.reperes_populations_fichier} : {', '.join(sorted(connus))}.")
    return [p for p in publics if p in connus]


def version_module(env: BuildEnvironment, module_id: str) -> str:
    """Content version: a short fingerprint of the module's questions and right answers."""
    quiz = domaine(env).quiz_du_module(module_id)
    brut = "|".join(q["empreinte"] for q in quiz)
    return hashlib.sha1(brut.encode()).hexdigest()[:6]


class ModuleDirective(SphinxDirective):
    has_content = True
    option_spec = {
        "id": lambda x: (x or "").strip(),
        "duree": lambda x: (x or "").strip(),
        "publics": lambda x: (x or "").strip(),
        "socle": lambda x: True,
    }

    def avertir(self, message: str) -> None:
        logger.warning(f"module « {self.options.get('id', '?')} » : {message}", type="reperes",
                       subtype="module", location=(self.env.docname, self.lineno))

    def run(self) -> list[nodes.Node]:
        noter_populations(self)
        domaine(self.env).doc(self.env.docname)["bloc_module"] = True
        module_id = self.options.get("id", "")
        ok = True
        if not module_id:
            self.avertir("option « :id: » manquante.")
            ok = False
        elif not IDENTIFIANT.match(module_id):
            self.avertir("identifiant invalide : lettres minuscules, chiffres et tirets seulement.")
            ok = False
        duree_texte = self.options.get("duree", "")
        if not duree_texte.isdigit() or int(duree_texte) <= 0:
            self.avertir(f"« :duree: {duree_texte} » invalide : un nombre entier de minutes, positif (ex. « :duree: 15 »).")
            ok = False
        if "publics" not in self.options:
            self.avertir("option « :publics: » manquante.")
            ok = False
        avant = self.env.temp_data.get("reperes_module")
        if avant:
            self.avertir(f"deuxième bloc « module » dans la page (le premier est ligne {avant}) : un seul par page.")
            ok = False
        publics = verifier_publics(self, self.options.get("publics", ""), self.avertir)
        if not ok:
            return [nodes.warning("", nodes.paragraph("", f"Bloc « module » invalide : voir les erreurs de construction."))]
        self.env.temp_data["reperes_module"] = self.lineno
        domaine(self.env).ajouter("modules", self.env.docname, {
            "id": module_id, "lineno": self.lineno, "duree": int(duree_texte),
            "publics": publics, "socle": "socle" in self.options,
        })
        objectifs = nodes.container(classes=["reperes-objectifs"])
        self.state.nested_parse(self.content, self.content_offset, objectifs)
        carte = placeholder(self, "module", module_id=module_id)
        carte += objectifs
        return [carte]


@rendu("module")
def rendre_module(app: Sphinx, docname: str, noeud: agregat) -> list[nodes.Node]:
    env = app.env
    dom = domaine(env)
    m = dom.modules()[noeud["module_id"]]
    connus = populations(env)
    carte = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm",
                                      "reperes-module-carte"])
    corps = create_component("card-body", ["sd-card-body"])
    carte += corps
    quiz = dom.quiz_du_module(m["id"])
    meta = nodes.paragraph(classes=["reperes-module-meta"])
    meta += nodes.inline("", f"Durée : {m['duree']} min", classes=["sd-badge", "sd-bg-primary", "sd-bg-text-primary"])
    meta += nodes.Text(" ")
    if m["socle"]:
        meta += nodes.inline("", "Socle", classes=["sd-badge", "sd-bg-success", "sd-bg-text-success"])
        meta += nodes.Text(" ")
    meta += nodes.inline("", f"{len(quiz)} questions", classes=["sd-badge", "sd-bg-secondary", "sd-bg-text-secondary"])
    meta += nodes.Text(" ")
    meta += nodes.inline("", f"Version {version_module(env, m['id'])}", classes=["reperes-version"])
    corps += meta
    corps += nodes.paragraph("", "", nodes.strong("", "Pour : "),
                             nodes.Text(", ".join(connus[p].libelle for p in m["publics"] if p in connus) + "."))
    if m["socle"]:
        corps += nodes.paragraph("", "Ce module fait partie du socle : chaque agent de ces publics doit "
                                     "le terminer pour être compté comme formé.")
    corps += nodes.paragraph("", "", nodes.strong("", "Objectifs")) 
    corps += noeud.children
    fiches = dom.fiches_du_module(m["id"])
    if fiches:
        para = nodes.paragraph("", "", nodes.strong("", "Fiches actions servies : "))
        for i, f in enumerate(fiches):
            if i:
                para += nodes.Text(" ; ")
            para += lien(app, docname, f["docname"], f"n° {f['numero']} — {f['titre']}")
        corps += para
    formateur = f"training/formateurs/{m['id']}"
    if formateur in env.found_docs:
        corps += nodes.paragraph("", "", nodes.Text("Pour les formateurs : "),
                                 lien(app, docname, formateur, "fiche de la séance en présentiel"), nodes.Text("."))
    # Filled by reperes.js with the agent's progress on this module (nothing without JS).
    corps += balise(tag="p", classes=["reperes-module-progression"], html_attrs={"aria-live": "polite"},
                    donnees={"module": m["id"], "quiz": " ".join(f"{q['id']}:{q['empreinte']}" for q in quiz)})
    return [carte]


class CatalogueDirective(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        noter_populations(self)
        return [placeholder(self, "catalogue")]


@rendu("catalogue")
def rendre_catalogue(app: Sphinx, docname: str, noeud: agregat) -> list[nodes.Node]:
    env = app.env
    dom = domaine(env)
    connus = populations(env)
    lignes = []
    modules = sorted(dom.modules().values(), key=lambda m: (not m["socle"], titre(env, m["docname"])))
    for m in modules:
        lignes.append([
            lien(app, docname, m["docname"], titre(env, m["docname"])),
            f"{m['duree']} min",
            ", ".join(connus[p].libelle for p in m["publics"] if p in connus),
            "oui" if m["socle"] else "",
            str(len(dom.quiz_du_module(m["id"]))),
        ])
    total_q = sum(len(dom.quiz_du_module(m["id"])) for m in modules)
    resume = nodes.paragraph("", f"{len(modules)} modules, {sum(m['duree'] for m in modules)} minutes en tout, "
                                 f"{total_q} questions d'autoévaluation.")
    return [resume, tableau(["Module", "Durée", "Publics", "Socle", "Questions"], lignes,
                            ["reperes-catalogue"], [4, 1, 4, 1, 1])]


def verifier_modules(app: Sphinx, env: BuildEnvironment) -> None:
    """Whole-site checks, re-run at every build so an error stays until it is fixed."""
    dom = domaine(env)
    for genre, mot in (("modules", "module"), ("quiz", "quiz")):
        for premier, second in dom.doublons(genre):
            logger.warning(
                f"identifiant de {mot} « {second['id']} » déjà utilisé dans "
                f"{env.doc2path(premier['docname'], False)}:{premier['lineno']} : les identifiants sont uniques sur tout le site.",
                type="reperes", subtype=mot, location=(second["docname"], second["lineno"]))
    dossier = env.config.reperes_modules_dossier.strip("/") + "/"
    for docname in sorted(env.found_docs):
        if docname.startswith(dossier):
            if not dom.data["docs"].get(docname, {}).get("bloc_module"):
                logger.warning(
                    f"cette page est dans {dossier} mais n'a pas de bloc « module » : ajoutez-le sous le titre "
                    "(voir README, « Ajouter un module »), ou déplacez la page.",
                    type="reperes", subtype="module", location=(docname, 1))


def setup_module(app: Sphinx) -> None:
    app.add_directive("module", ModuleDirective)
    app.add_directive("catalogue", CatalogueDirective)
    app.connect("env-check-consistency", verifier_modules)
