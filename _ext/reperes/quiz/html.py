"""HTML: each practice question as a real form, in a fixed shuffled order, with its answer key
in a ``<details>`` (usable without JavaScript); before a module's first question, the
« Valider le module » panel that ``reperes.js`` drives. With JavaScript the keys are taken
out of the page until the question is answered. The module's bank questions (`:validation:`)
leave the page for their own script (``banque``), decoded only when a pass starts."""

from __future__ import annotations

import json

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..instantane import instantane
from ..typographie import franciser_texte
from .analyse import ordre_fixe
from .banque import quiz_banque, visit_banque
from .noeuds import (quiz, quiz_corrige, quiz_corrige_liste, quiz_corrige_option, quiz_enonce, quiz_explication,
                     quiz_formulaire, quiz_option, quiz_option_texte, quiz_options, quiz_retour, quiz_validation)


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
            liste = quiz_corrige_liste()
            for option in options.children:
                ligne = quiz_corrige_option(juste=option["juste"], index=option["index"])
                ligne += nodes.paragraph("", "", *[c.deepcopy() for c in option[0].children])
                retour = option.next_node(quiz_retour)
                retour.parent.remove(retour)
                ligne += retour
                liste += ligne
            corrige = quiz_corrige()
            corrige += liste
            explication = q.next_node(quiz_explication)
            if explication is not None:
                explication.parent.remove(explication)
                corrige += explication
            formulaire = quiz_formulaire()
            for enfant in [e for e in q.children if isinstance(e, (quiz_enonce, quiz_options))]:
                q.remove(enfant)
                formulaire += enfant
            q.insert(0, formulaire)
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
# Every element is opened and closed by the same node's visit/depart, written by the translator's
# ``starttag`` (attributes escaped); an element inside a node's own is written with a blank node,
# so that it does not take the node's ids or classes.
def _ouvrir(self, tag: str, **attributs) -> str:
    return self.starttag(nodes.Element(), tag, "", **attributs)


def _quiz_de(node: nodes.Node) -> quiz:
    while not isinstance(node, quiz):
        node = node.parent
    return node


def visit_quiz(self, node: quiz) -> None:
    qid = node["quiz_id"]
    self.body.append(self.starttag(node, "section", "", CLASS="reperes-quiz", **{
        "data-quiz-id": qid, "data-empreinte": node["empreinte"], "data-multiple": str(node["multiple"]).lower(),
        "aria-labelledby": f"quiz-{qid}-titre"}))


def depart_quiz(self, node: quiz) -> None:
    self.body.append("</section>\n")


def visit_formulaire(self, node: quiz_formulaire) -> None:
    q = _quiz_de(node)
    qid = q["quiz_id"]
    self.body.append(_ouvrir(self, "form", CLASS="reperes-quiz-form", novalidate="novalidate")
                     + _ouvrir(self, "fieldset", **{"aria-describedby": f"quiz-{qid}-enonce"})
                     + _ouvrir(self, "legend", ids=[f"quiz-{qid}-titre"], CLASS="reperes-quiz-titre")
                     + self.encode(TEXTES["question"].format(rang=q["rang"])) + "</legend>")


def depart_formulaire(self, node: quiz_formulaire) -> None:
    qid = _quiz_de(node)["quiz_id"]
    self.body.append("</fieldset>" + _ouvrir(self, "div", CLASS="reperes-quiz-actions", hidden="hidden")
                     + _ouvrir(self, "button", type="submit", CLASS="reperes-verifier")
                     + self.encode(TEXTES["verifier"]) + "</button></div>"
                     + _ouvrir(self, "p", CLASS="reperes-quiz-statut", role="status", ids=[f"quiz-{qid}-statut"],
                               **{"aria-live": "polite"}) + "</p></form>")


def visit_enonce(self, node) -> None:
    self.body.append(_ouvrir(self, "div", CLASS="reperes-quiz-enonce", ids=[f"quiz-{_quiz_de(node)['quiz_id']}-enonce"]))


def depart_enonce(self, node) -> None:
    consigne = TEXTES["plusieurs"] if _quiz_de(node)["multiple"] else TEXTES["une"]
    self.body.append(_ouvrir(self, "p", CLASS="reperes-quiz-consigne") + self.encode(consigne) + "</p></div>")


def visit_options(self, node) -> None:
    self.body.append(_ouvrir(self, "ul", CLASS="reperes-quiz-options"))


def depart_options(self, node) -> None:
    self.body.append("</ul>")


def visit_option(self, node) -> None:
    q = _quiz_de(node)
    saisie = "checkbox" if q["multiple"] else "radio"
    self.body.append(_ouvrir(self, "li", CLASS="reperes-quiz-option", **{"data-index": node["index"]})
                     + _ouvrir(self, "input", type=saisie, name=f"quiz-{q['quiz_id']}",
                               ids=[f"quiz-{q['quiz_id']}-{node['index']}"], value=node["index"]))


def depart_option(self, node) -> None:
    qid = _quiz_de(node)["quiz_id"]
    self.body.append(_ouvrir(self, "div", CLASS="reperes-quiz-retour-place", ids=[f"quiz-{qid}-{node['index']}-retour"])
                     + "</div></li>")


def visit_option_texte(self, node) -> None:
    qid = _quiz_de(node)["quiz_id"]
    self.body.append(_ouvrir(self, "label", **{"for": f"quiz-{qid}-{node.parent['index']}"}))


def depart_option_texte(self, node) -> None:
    self.body.append("</label>")


def visit_corrige(self, node) -> None:
    self.body.append(_ouvrir(self, "details", CLASS="reperes-corrige") + "<summary>"
                     + self.encode(TEXTES["corrige"]) + "</summary>")


def depart_corrige(self, node) -> None:
    self.body.append("</details>")


def visit_corrige_liste(self, node) -> None:
    self.body.append(_ouvrir(self, "ol", CLASS="reperes-corrige-options", type="a"))


def depart_corrige_liste(self, node) -> None:
    self.body.append("</ol>")


def visit_corrige_option(self, node) -> None:
    verdict, classe = (TEXTES["juste"], "juste") if node["juste"] else (TEXTES["faux"], "faux")
    self.body.append(_ouvrir(self, "li", CLASS=f"reperes-corrige-option reperes-{classe}",
                             **{"data-index": node["index"], "data-juste": str(node["juste"]).lower()})
                     + _ouvrir(self, "strong", CLASS="reperes-verdict") + self.encode(verdict) + "</strong> ")


def depart_corrige_option(self, node) -> None:
    self.body.append("</li>")


# The validation panel's text, in one place; French typography applied when it is written.
TEXTES = {
    "question": "Question {rang}",
    "verifier": "Vérifier",
    "une": "Une seule réponse.",
    "plusieurs": "Plusieurs réponses possibles.",
    "corrige": "Voir les réponses et explications",
    "juste": "Juste.",
    "faux": "Faux.",
    "titre": "S'entraîner, puis valider le module",
    "sansjs": "La validation du module demande JavaScript. Sans JavaScript, entraînez-vous avec les réponses à "
              "déplier sous chaque question ; pour être compté comme formé, validez le module en séance, avec "
              "votre formateur et la feuille d'émargement.",
    "une_question": "la question ci-dessous",
    "des_questions": "les {n} questions ci-dessous",
    "banque": "{tirage} questions tirées au hasard parmi les {banque} questions de validation du module, qui ne "
              "sont pas celles de l'entraînement",
    "sans_banque": "{tirage} questions du module, dans un ordre mélangé",
    "consigne": "Entraînez-vous librement sur {entrainement} : répondez, lisez le retour, recommencez. Quand vous "
                "êtes prêt, validez le module : {passage}. Pendant la validation, rien ne dit si une réponse est "
                "juste ; vous pouvez changer vos réponses jusqu'à « Terminer la validation ». Le module est validé "
                "à partir de {seuil}\u00a0% de bonnes réponses. Abandonner compte comme une tentative non validée ; "
                "après un échec, relisez les sections du guide indiquées avant une nouvelle tentative.",
    "commencer": "Commencer la validation",
}


def _texte(self, cle: str, **valeurs) -> str:
    """A panel text, French typography applied, escaped for HTML."""
    return self.encode(franciser_texte(TEXTES[cle].format(**valeurs)))


def visit_validation(self, node: quiz_validation) -> None:
    seuil, tirage, n = node["seuil"], node["tirage"], node["questions"]
    entrainement = TEXTES["des_questions"].format(n=n) if n > 1 else TEXTES["une_question"]
    passage = (TEXTES["banque"] if node["banque"] else TEXTES["sans_banque"]).format(tirage=tirage, banque=node["banque"])
    self.body.append(
        self.starttag(node, "section", "", CLASS="reperes-validation", ids=["seance"], **{
            "data-module": node["module"], "data-version": node["version"], "data-seuil": seuil,
            "data-tirage": tirage, "data-banque": node["banque"], "data-objectifs": node["objectifs"],
            "aria-labelledby": "validation-titre"})
        + _ouvrir(self, "h3", ids=["validation-titre"]) + _texte(self, "titre") + "</h3>"
        + _ouvrir(self, "p", CLASS="reperes-validation-sansjs") + _texte(self, "sansjs") + "</p>"
        + _ouvrir(self, "div", CLASS="reperes-validation-outils", hidden="hidden")
        + "<p>" + _texte(self, "consigne", entrainement=entrainement, passage=passage, seuil=seuil) + "</p>"
        + _ouvrir(self, "p", CLASS="reperes-validation-boutons")
        + _ouvrir(self, "button", type="button", CLASS="reperes-valider-commencer") + _texte(self, "commencer")
        + "</button></p></div>"
        + _ouvrir(self, "p", CLASS="reperes-validation-statut", role="status", **{"aria-live": "polite"}) + "</p>"
        + _ouvrir(self, "div", CLASS="reperes-validation-bilan", tabindex="-1", hidden="hidden") + "</div>"
        + "</section>")
    raise nodes.SkipNode


def _div(classe: str):
    def visit(self, node) -> None:
        self.body.append(_ouvrir(self, "div", CLASS=classe))

    def depart(self, node) -> None:
        self.body.append("</div>")

    return visit, depart


VISITEURS = {
    quiz: (visit_quiz, depart_quiz),
    quiz_formulaire: (visit_formulaire, depart_formulaire),
    quiz_corrige_liste: (visit_corrige_liste, depart_corrige_liste),
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
