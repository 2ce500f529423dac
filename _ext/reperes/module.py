"""The ``module`` directive (metadata of a training module), the ``catalogue`` and the
``{quiz}`` role.

    ```{module}
    :id: reperer-violences-physiques
    :duree: 15
    :publics: animation, atsem, bibliotheque
    :socle:

    - Face à un enfant qui arrive avec une marque, l'agent note ce qu'il voit
      ({quiz}`physique-01`, {quiz}`physique-04`).
    ```

The block (a contract, README) records the module in the domain; its body is the list of
learning objectives, and the questions each one cites with ``{quiz}`` make the map
objective → questions shown on the trainer's sheet (``{objectifs}``). The page shows a
card rendered from the snapshot (duration, socle, questions, version, fiches, trainer
sheet, the agent's progress).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx_design.shared import create_component

from .avertissements import Sous
from .directive import ReperesDirective, drapeau, liste, texte
from .domaine import domaine, noter_reference
from .instantane import Instantane, Module
from .noeuds import balise, creer_lien, interactif, tableau
from .populations import noter_populations, populations
from .vues import RoleVue, placeholder, rendu, vue

IDENTIFIANT = re.compile(r"^[a-z0-9-]+$")


class QuizRole(RoleVue):
    vue_nom, attribut, sorte = "quiz-ref", "quiz_id", "quiz"


@rendu("quiz-ref")
def rendre_quiz_ref(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    q = inst.question.get(noeud["quiz_id"])
    if q is None:  # reported by the snapshot's check
        return [nodes.inline("", f"question « {noeud['quiz_id']} » (inconnue)", classes=["reperes-erreur"])]
    if q.validation:  # not on the page: named, never linked
        return [nodes.inline("", "question de validation", classes=["reperes-quiz-validation"])]
    return [creer_lien(q.docname, f"question {q.rang}", f"quiz-{q.id}")]


@rendu("quiz-validation-compte")
def rendre_compte_validation(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    n = noeud["compte"]
    return [nodes.inline("", f"{n} question{'s' if n > 1 else ''} de validation", classes=["reperes-quiz-validation"])]


@rendu("rien")
def rendre_rien(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    return []


SEPARATEURS = {",", ";", "et", ", et"}


def _regrouper_validation(inst: Instantane, objectifs: nodes.Element) -> None:
    """In each objective, the bank questions it cites become one « n questions de validation »
    (no link, no id: they are not on the page): the first keeps the count, the others render
    nothing, with their separators."""
    for para in list(objectifs.findall(nodes.paragraph)):
        banque = [v for v in para.findall(vue) if v.get("nom") == "quiz-ref"
                  and getattr(inst.question.get(v["quiz_id"]), "validation", False)]
        if not banque:
            continue
        banque[0]["nom"], banque[0]["compte"] = "quiz-validation-compte", len(banque)
        for v in banque[1:]:
            v["nom"] = "rien"
            parent = v.parent
            rang = parent.index(v)
            if rang and isinstance(parent[rang - 1], nodes.Text) and parent[rang - 1].astext().strip() in SEPARATEURS:
                parent.pop(rang - 1)  # by position: remove() would drop the first equal text


def verifier_publics(directive: ReperesDirective, valeur: str) -> list[str]:
    connus = populations(directive.env)
    publics = liste(valeur)
    if not publics:
        directive.avertir("« :publics: » vide : indiquez les populations concernées (ex. « animation, atsem »).")
    for p in publics:
        if p not in connus:
            directive.avertir(f"population « {p} » inconnue. Populations déclarées dans "
                              f"{directive.env.config.reperes_populations_fichier} : {', '.join(sorted(connus))}.")
    return [p for p in publics if p in connus]


class ModuleDirective(ReperesDirective):
    has_content = True
    option_spec = {"id": texte, "duree": texte, "publics": texte, "socle": drapeau}
    sous = Sous.module
    nom = "module"

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
        duree = self.options.get("duree", "")
        if not duree.isdigit() or int(duree) <= 0:
            self.avertir(f"« :duree: {duree} » invalide : un nombre entier de minutes, positif (ex. « :duree: 15 »).")
            ok = False
        if "publics" not in self.options:
            self.avertir("option « :publics: » manquante.")
            ok = False
        avant = self.env.temp_data.get("reperes_module")
        if avant:
            self.avertir(f"deuxième bloc « module » dans la page (le premier est ligne {avant}) : un seul par page.")
            ok = False
        publics = verifier_publics(self, self.options.get("publics", ""))
        if not ok:
            return self.bloc_invalide()
        self.env.temp_data["reperes_module"] = self.lineno
        objectifs = nodes.container(classes=["reperes-objectifs"])
        self.state.nested_parse(self.content, self.content_offset, objectifs)
        domaine(self.env).ajouter("modules", self.env.docname, {
            "id": module_id, "lineno": self.lineno, "duree": int(duree), "publics": publics,
            "socle": "socle" in self.options, "objectifs": _objectifs(objectifs),
        })
        carte = placeholder(self, "module", module_id=module_id)
        carte += objectifs
        return [carte]


def _objectifs(conteneur: nodes.Element) -> list[dict]:
    """The objectives (items of the first list) with the questions each one cites."""
    liste_ = conteneur.next_node(nodes.bullet_list) or conteneur.next_node(nodes.enumerated_list)
    if liste_ is None:
        return []
    resultat = []
    for item in liste_.children:
        refs = [n["quiz_id"] for n in item.findall(vue) if n.get("nom") == "quiz-ref"]
        copie = item.deepcopy()
        for n in list(copie.findall(vue)):
            n.parent.remove(n)
        # « … (questions 1 et 4) » loses its references: drop what is left of the parentheses.
        texte_item = VESTIGE.sub("", " ".join(copie.astext().split()))
        resultat.append({"texte": texte_item, "questions": refs, "lineno": item.line or 0})
    return resultat


VESTIGE = re.compile(r"\s*\((?:questions?|voir)?[\s,;:et]*\)")


def _badge(texte_: str, couleur: str) -> nodes.inline:
    return nodes.inline("", texte_, classes=["sd-badge", f"sd-bg-{couleur}", f"sd-bg-text-{couleur}"])


@rendu("module")
def rendre_module(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    m = inst.module[noeud["module_id"]]
    carte = create_component("card", ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm",
                                      "reperes-module-carte"])
    corps = create_component("card-body", ["sd-card-body"])
    carte += corps
    entrainement, banque = inst.entrainement_du_module(m.id), inst.banque_du_module(m.id)
    meta = nodes.paragraph(classes=["reperes-module-meta"])
    meta += _badge(f"Durée : {m.duree} min", "primary")
    meta += nodes.Text(" ")
    if m.socle:
        meta += _badge("Socle", "success")
        meta += nodes.Text(" ")
    meta += _badge(f"{len(entrainement)} question{'s' if len(entrainement) > 1 else ''} d’entraînement", "secondary")
    if banque:
        meta += nodes.Text(" ")
        meta += _badge(f"{len(banque)} questions de validation ({inst.tirage(m.id)} par passage)", "secondary")
    meta += nodes.Text(" ")
    meta += nodes.inline("", f"Version {m.version}", classes=["reperes-version"])
    corps += meta
    corps += nodes.paragraph("", "", nodes.strong("", "Pour : "),
                             nodes.Text(", ".join(inst.libelle(p) for p in m.publics) + "."))
    if m.socle:
        corps += nodes.paragraph("", "Ce module fait partie du socle : chaque agent de ces publics doit le valider "
                                     "pour être compté comme formé.")
    corps += nodes.paragraph("", "", nodes.strong("", "Objectifs"))
    for enfant in noeud.children:
        _regrouper_validation(inst, enfant)
    corps += noeud.children
    if m.fiches:
        para = nodes.paragraph("", "", nodes.strong("", "Fiches actions servies : "))
        for i, numero in enumerate(m.fiches):
            f = inst.fiche[numero]
            if i:
                para += nodes.Text(" ; ")
            para += creer_lien(f.docname, f"n° {f.numero} — {f.titre}")
        corps += para
    if m.formateur:
        corps += nodes.paragraph("", "", nodes.Text("Pour les formateurs : "),
                                 creer_lien(m.formateur, "fiche de la séance en présentiel"), nodes.Text("."))
    # Filled by reperes.js with the agent's progress on this module (nothing without JS).
    corps += balise(tag="p", classes=["reperes-module-progression"], html_attrs={"aria-live": "polite"},
                    donnees=donnees_module(inst, m))
    return [carte, _dans_les_parcours(inst, m)]


def _dans_les_parcours(inst: Instantane, m: Module) -> nodes.Node:
    """Where this module sits in each parcours, with the previous and next modules there. Without
    JS every parcours is listed; reperes.js shows the agent's parcours only and points the page's
    « Précédent » / « Suivant » at its modules."""
    nav = balise(tag="nav", classes=["reperes-parcours-nav"], html_attrs={"aria-label": "Dans les parcours"})
    nav += nodes.paragraph("", "Ce module dans les parcours :", classes=["reperes-parcours-nav-titre"])
    liste = balise(tag="ul")
    for p in sorted(inst.parcours, key=lambda p: p.titre):
        if m.id not in p.modules:
            continue
        rang = p.modules.index(m.id)
        precedent = inst.module[p.modules[rang - 1]] if rang else None
        suivant = inst.module[p.modules[rang + 1]] if rang + 1 < len(p.modules) else None
        li = balise(tag="li", donnees={"parcours": p.id, "rang": str(rang + 1), "total": str(len(p.modules))})
        para = nodes.paragraph()
        para += creer_lien(p.docname, p.titre)
        para += nodes.Text(f" : module {rang + 1} sur {len(p.modules)}")
        for sens, voisin in (("précédent", precedent), ("suivant", suivant)):
            if voisin is not None:
                para += nodes.Text(f" — {sens} : ")
                para += nodes.inline("", "", creer_lien(voisin.docname, voisin.titre, f"parcours={p.id}"),
                                     classes=[f"reperes-parcours-{'precedent' if sens == 'précédent' else 'suivant'}"])
        if suivant is None:
            para += nodes.Text(" — dernier module du parcours")
        li += para
        liste += li
    nav += liste
    # The way through is the site's: the booklets already follow their parcours, on paper.
    return interactif("", nav, imprime="")


def donnees_module(inst: Instantane, m: Module) -> dict[str, str]:
    """What reperes.js needs to tell a module's state: its version and its questions."""
    return {"module": m.id, "version": m.version,
            "quiz": " ".join(f"{q.id}:{q.empreinte}" for q in inst.entrainement_du_module(m.id))}


class CatalogueDirective(ReperesDirective):
    has_content = False
    nom = "catalogue"

    def run(self) -> list[nodes.Node]:
        return [placeholder(self, "catalogue")]


@rendu("catalogue")
def rendre_catalogue(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    modules = sorted(inst.modules, key=lambda m: (not m.socle, m.titre))
    lignes = [[creer_lien(m.docname, m.titre), f"{m.duree} min", ", ".join(inst.libelle(p) for p in m.publics),
               "oui" if m.socle else "", str(len(m.questions))] for m in modules]
    total_q = sum(len(m.questions) for m in modules)
    banque = sum(len(inst.banque_du_module(m.id)) for m in modules)
    detail = f" ({total_q - banque} d'entraînement, {banque} de validation)" if banque else ""
    resume = nodes.paragraph("", f"{len(modules)} modules, {sum(m.duree for m in modules)} minutes en tout, "
                                 f"{total_q} questions{detail}.")
    return [resume, tableau(["Module", "Durée", "Publics", "Socle", "Questions"], lignes,
                            ["reperes-catalogue"], [4, 1, 4, 1, 1])]


class ObjectifsDirective(ReperesDirective):
    """``{objectifs}`` with ``:module:``: on a trainer's sheet, the map from each objective of
    the module to the questions that test it (from the module's own list)."""

    option_spec = {"module": texte}
    nom = "objectifs"

    def run(self) -> list[nodes.Node]:
        module_id = self.options.get("module", "")
        noter_reference(self.env, "module", module_id, self.lineno)
        return [placeholder(self, "objectifs", module_id=module_id)]


@rendu("objectifs")
def rendre_objectifs(inst: Instantane, noeud: vue, page: str) -> list[nodes.Node]:
    m = inst.module.get(noeud["module_id"])
    if m is None:
        return [nodes.paragraph("", f"Module « {noeud['module_id']} » inconnu.", classes=["reperes-erreur"])]
    lignes = []
    for rang, objectif in enumerate(m.objectifs, 1):
        cellule = nodes.inline()
        for i, qid in enumerate(objectif.questions):
            q = inst.question.get(qid)
            if q is None:
                continue
            if i:
                cellule += nodes.Text(", ")
            if q.validation:  # in the trainer's booklet and the Moodle bank, never on the page
                cellule += nodes.inline("", f"validation {q.rang} ({q.id})")
            else:
                cellule += creer_lien(q.docname, f"question {q.rang} ({q.id})", f"quiz-{q.id}")
        lignes.append([str(rang), objectif.texte, cellule])
    seance = nodes.paragraph("", "", nodes.strong("", "En salle : "),
                             creer_lien(m.docname, "projeter les questions d’entraînement du module en mode séance",
                                        "seance"),
                             nodes.Text(" (une question à la fois, en grands caractères ; Espace révèle la réponse, "
                                        "← et → changent de question)."), classes=["reperes-seance-lien"])
    return [tableau(["#", "Objectif", "Questions qui le vérifient"], lignes, ["reperes-objectifs-carte"], [1, 8, 4]),
            interactif("", seance, imprime="")]


def setup_module(app: Sphinx) -> None:
    app.add_directive("module", ModuleDirective)
    app.add_directive("catalogue", CatalogueDirective)
    app.add_directive("objectifs", ObjectifsDirective)
    app.add_role("quiz", QuizRole())
