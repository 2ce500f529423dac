"""HTML: each practice question as a real form, in a fixed shuffled order, with its answer key
in a ``<details>`` (usable without JavaScript); before a module's first question, the
« Valider le module » panel that ``reperes.js`` drives. With JavaScript the keys are taken
out of the page until the question is answered. The module's bank questions (`:validation:`)
leave the page for their own script (``banque``), decoded only when a pass starts."""

from __future__ import annotations

import html
import json

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..instantane import instantane
from ..typographie import franciser_texte
from .analyse import ordre_fixe
from .banque import quiz_banque, visit_banque
from .noeuds import (quiz, quiz_corrige, quiz_corrige_option, quiz_enonce, quiz_explication, quiz_option,
                     quiz_option_texte, quiz_options, quiz_retour, quiz_validation)


class QuizHtml(SphinxPostTransform):
    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs) -> None:
        # A web builder that reads the questions as written (the Moodle bank) says so: it gets
        # the quiz nodes as the directive made them, not this page's form, key and bank script.
        if not getattr(self.app.builder, "reperes_quiz_html", True):
            return
        questions = list(self.document.findall(quiz))
        for q in questions:
            options = q.next_node(quiz_options)
            ordre = ordre_fixe(q["quiz_id"], len(options.children))
            options.children = [options.children[i] for i in ordre]
            corrige = quiz_corrige()
            for option in options.children:
                ligne = quiz_corrige_option(juste=option["juste"], index=option["index"])
                ligne += nodes.paragraph("", "", *[c.deepcopy() for c in option[0].children])
                retour = option.next_node(quiz_retour)
                retour.parent.remove(retour)
                ligne += retour
                corrige += ligne
            explication = q.next_node(quiz_explication)
            if explication is not None:
                explication.parent.remove(explication)
                corrige += explication
            q += corrige
        inst = instantane(self.env)
        module = next((m for m in inst.modules if m.docname == self.env.docname), None)
        banque = [q for q in questions if q.get("validation")]
        if module is not None and questions:
            reglages = dict(inst.reglages)
            # Without a bank (a site built before it), a pass draws from the practice questions.
            ids_banque = {q["quiz_id"] for q in banque} or {q["quiz_id"] for q in questions}
            objectifs = [{"texte": franciser_texte(o.texte), "questions": [i for i in o.questions if i in ids_banque]}
                         for o in module.objectifs]
            entrainement = [q for q in questions if not q.get("validation")]
            panneau = quiz_validation(module=module.id, version=module.version,
                                      seuil=reglages.get("seuil_validation", 80), questions=len(entrainement),
                                      banque=len(banque), tirage=inst.tirage(module.id),
                                      objectifs=json.dumps(objectifs, ensure_ascii=False, separators=(",", ":")))
            premier = questions[0]
            premier.parent.insert(premier.parent.index(premier), panneau)
            if banque:
                conteneur = quiz_banque(module=module.id, version=module.version, classes=["no-search"])
                panneau.parent.insert(panneau.parent.index(panneau) + 1, conteneur)
                for q in banque:
                    q.parent.remove(q)
                    conteneur += q
                return
        for q in banque:  # a bank question outside a module page: shown nowhere
            q.parent.remove(q)


# -- visitors ------------------------------------------------------------------------------------
def visit_quiz(self, node: quiz) -> None:
    qid = node["quiz_id"]
    self.body.append(
        f'<section class="reperes-quiz" id="quiz-{qid}" data-quiz-id="{qid}" '
        f'data-empreinte="{node["empreinte"]}" data-multiple="{str(node["multiple"]).lower()}" '
        f'aria-labelledby="quiz-{qid}-titre">'
        f'<form class="reperes-quiz-form" novalidate>'
        f'<fieldset aria-describedby="quiz-{qid}-enonce">'
        f'<legend id="quiz-{qid}-titre" class="reperes-quiz-titre">Question {node["rang"]}</legend>'
    )


def depart_quiz(self, node: quiz) -> None:
    self.body.append("</section>\n")


def visit_enonce(self, node) -> None:
    self.body.append(f'<div class="reperes-quiz-enonce" id="quiz-{node.parent["quiz_id"]}-enonce">')


def depart_enonce(self, node) -> None:
    consigne = "Plusieurs réponses possibles." if node.parent["multiple"] else "Une seule réponse."
    self.body.append(f'<p class="reperes-quiz-consigne">{consigne}</p></div>')


def visit_options(self, node) -> None:
    self.body.append('<ul class="reperes-quiz-options">')


def depart_options(self, node) -> None:
    q = node.parent
    self.body.append(
        "</ul></fieldset>"
        '<div class="reperes-quiz-actions" hidden>'
        '<button type="submit" class="reperes-verifier">Vérifier</button></div>'
        f'<p class="reperes-quiz-statut" role="status" aria-live="polite" id="quiz-{q["quiz_id"]}-statut"></p>'
        "</form>"
    )


def visit_option(self, node) -> None:
    q = node.parent.parent
    saisie = "checkbox" if q["multiple"] else "radio"
    ident = f'quiz-{q["quiz_id"]}-{node["index"]}'
    self.body.append(
        f'<li class="reperes-quiz-option" data-index="{node["index"]}">'
        f'<input type="{saisie}" name="quiz-{q["quiz_id"]}" id="{ident}" value="{node["index"]}">'
        f'<label for="{ident}">'
    )


def depart_option(self, node) -> None:
    self.body.append(f'<div class="reperes-quiz-retour-place" id="quiz-{node.parent.parent["quiz_id"]}-'
                     f'{node["index"]}-retour"></div></li>')


def visit_option_texte(self, node) -> None:
    pass


def depart_option_texte(self, node) -> None:
    self.body.append("</label>")


def visit_corrige(self, node) -> None:
    self.body.append('<details class="reperes-corrige"><summary>Voir les réponses et explications</summary>'
                     '<ol class="reperes-corrige-options" type="a">')


def depart_corrige(self, node) -> None:
    self.body.append("</details>")


def visit_corrige_option(self, node) -> None:
    verdict, classe = ("Juste", "juste") if node["juste"] else ("Faux", "faux")
    self.body.append(f'<li class="reperes-corrige-option reperes-{classe}" data-index="{node["index"]}" '
                     f'data-juste="{str(node["juste"]).lower()}">'
                     f'<strong class="reperes-verdict">{verdict}.</strong> ')


def depart_corrige_option(self, node) -> None:
    self.body.append("</li>")
    suivant = node.next_node(descend=False, siblings=True)
    if not isinstance(suivant, quiz_corrige_option):
        self.body.append("</ol>")


def visit_validation(self, node: quiz_validation) -> None:
    seuil, tirage, n = node["seuil"], node["tirage"], node["questions"]
    entrainement = f"les {n} questions ci-dessous" if n > 1 else "la question ci-dessous"
    if node["banque"]:
        passage = (f"{tirage} questions tirées au hasard parmi les {node['banque']} questions de validation du "
                   "module, qui ne sont pas celles de l’entraînement")
    else:
        passage = f"{tirage} questions du module, dans un ordre mélangé"
    self.body.append(
        f'<section class="reperes-validation" data-module="{node["module"]}" data-version="{node["version"]}" '
        f'data-seuil="{seuil}" data-tirage="{tirage}" data-banque="{node["banque"]}" '
        f'data-objectifs="{html.escape(node["objectifs"])}" id="seance" aria-labelledby="validation-titre">'
        '<h3 id="validation-titre">S’entraîner, puis valider le module</h3>'
        '<p class="reperes-validation-sansjs">La validation du module demande JavaScript. Sans JavaScript, '
        'entraînez-vous avec les réponses à déplier sous chaque question ; pour être compté comme formé, '
        'validez le module en séance, avec votre formateur et la feuille d’émargement.</p>'
        '<div class="reperes-validation-outils" hidden>'
        f'<p>Entraînez-vous librement sur {entrainement} : répondez, lisez le retour, recommencez. Quand vous '
        f'êtes prêt, validez le module : {passage}. Pendant la validation, rien ne dit si une réponse est juste ; '
        'vous pouvez changer vos réponses jusqu’à « Terminer la validation ». Le module est validé à partir de '
        f'{seuil}\u00a0% de bonnes réponses. Abandonner compte comme une tentative non validée ; après un échec, '
        'relisez les sections du guide indiquées avant une nouvelle tentative.</p>'
        '<p class="reperes-validation-boutons"><button type="button" class="reperes-valider-commencer">'
        'Commencer la validation</button></p></div>'
        '<p class="reperes-validation-statut" role="status" aria-live="polite"></p>'
        '<div class="reperes-validation-bilan" tabindex="-1" hidden></div>'
        '</section>'
    )
    raise nodes.SkipNode


def _div(classe: str):
    def visit(self, node) -> None:
        self.body.append(f'<div class="{classe}">')

    def depart(self, node) -> None:
        self.body.append("</div>")

    return visit, depart


VISITEURS = {
    quiz: (visit_quiz, depart_quiz),
    quiz_enonce: (visit_enonce, depart_enonce),
    quiz_option_texte: (visit_option_texte, depart_option_texte),
    quiz_options: (visit_options, depart_options),
    quiz_option: (visit_option, depart_option),
    quiz_retour: _div("reperes-quiz-retour"),
    quiz_explication: _div("reperes-explication"),
    quiz_corrige: (visit_corrige, depart_corrige),
    quiz_corrige_option: (visit_corrige_option, depart_corrige_option),
    quiz_validation: (visit_validation, None),
    quiz_banque: (visit_banque, None),
}
