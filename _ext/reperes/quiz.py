"""The ``quiz`` directive: a self-check question written as a Markdown checklist.

Syntax (a contract, see README):

    ````{quiz}
    :id: physique-cas-01
    :multiple:

    Stem paragraphs.

    - [x] Right option.

      Feedback for it.
    - [ ] Wrong option.

      Feedback for it.

    ```{explication}
    Shown after any answer.
    ```
    ````

The body is split line by line (not by parsing the whole body as Markdown) so that
every error points at the exact line, and so that MyST's task-list rendering of
``- [x]`` never interferes. Each piece is then parsed as Markdown on its own.

Read time produces generic nodes (``quiz`` > ``quiz_enonce``, ``quiz_options`` >
``quiz_option`` > ``quiz_option_texte`` + ``quiz_retour``, ``quiz_explication``).
Write time, two post-transforms: for HTML, the answer key of each quiz goes into a
``<details>`` after its form (usable without JavaScript); for every other builder
(LaTeX, text…), the quiz becomes plain numbered question with empty boxes and the
answer key is gathered at the end of the module.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .domaine import domaine

logger = logging.getLogger(__name__)

IDENTIFIANT = re.compile(r"^[a-z0-9-]+$")
CLOTURE_EXPLICATION = re.compile(r"^(?P<fence>`{3,}|~{3,}|:{3,})\s*\{explication\}\s*$")
PUCE = re.compile(r"^[-*+]\s")
OPTION = re.compile(r"^[-*+]\s+\[(?P<coche>[ xX])\]\s+(?P<texte>.*)$")


# -- nodes ------------------------------------------------------------------------------
class quiz(nodes.General, nodes.Element):
    """A question: attributes ``quiz_id``, ``multiple``, ``numero``, ``empreinte``."""


class quiz_enonce(nodes.General, nodes.Element):
    pass


class quiz_options(nodes.General, nodes.Element):
    pass


class quiz_option(nodes.General, nodes.Element):
    """Attributes ``juste`` (bool) and ``index`` (0-based)."""


class quiz_option_texte(nodes.Part, nodes.TextElement):
    pass


class quiz_retour(nodes.General, nodes.Element):
    """Feedback of one option."""


class quiz_explication(nodes.General, nodes.Element):
    pass


class quiz_corrige(nodes.General, nodes.Element):
    """HTML only: the answer key of one quiz, in a <details>."""


class quiz_corrige_option(nodes.General, nodes.Element):
    pass


# -- parsing of the body --------------------------------------------------------------------
@dataclass
class OptionBrute:
    ligne: int  # index in the directive content
    juste: bool
    texte: list[int] = field(default_factory=list)  # content indexes of the option text
    retour: list[int] = field(default_factory=list)  # content indexes of the feedback


@dataclass
class CorpsQuiz:
    enonce: list[int] = field(default_factory=list)
    options: list[OptionBrute] = field(default_factory=list)
    explication: list[int] = field(default_factory=list)
    erreurs: list[tuple[int | None, str]] = field(default_factory=list)  # (content index, message)


def decouper(lignes: list[str]) -> CorpsQuiz:
    """Split the body into stem, options (text + feedback) and explanation, by line.

    Pure function on strings: returns content indexes, never loses a line silently
    (a line that fits nowhere is an error).
    """
    corps = CorpsQuiz()
    i, n = 0, len(lignes)
    dans_liste = False
    courante: OptionBrute | None = None
    retour_commence = False
    while i < n:
        ligne = lignes[i]
        m = CLOTURE_EXPLICATION.match(ligne)
        if m and not ligne.startswith(" "):
            fence = m.group("fence")
            fin = i + 1
            while fin < n and not (lignes[fin].strip().startswith(fence[0] * len(fence))
                                   and set(lignes[fin].strip()) == {fence[0]}):
                fin += 1
            if fin >= n:
                corps.erreurs.append((i, "bloc « explication » non fermé : ajoutez la ligne " + fence + "."))
            if corps.explication:
                corps.erreurs.append((i, "deux blocs « explication » : un seul par question."))
            corps.explication = list(range(i + 1, min(fin, n)))
            courante = None
            i = fin + 1
            continue
        if PUCE.match(ligne):
            dans_liste = True
            m = OPTION.match(ligne)
            if not m:
                corps.erreurs.append((i, "cette réponse ne commence pas par « [x] » (juste) ou « [ ] » (fausse)."))
                courante = None
            else:
                courante = OptionBrute(i, m.group("coche") in "xX", [i])
                retour_commence = False
                corps.options.append(courante)
        elif not ligne.strip():
            if courante is not None and courante.texte:
                retour_commence = True
        elif dans_liste:
            if ligne.startswith("  ") and courante is not None:
                (courante.retour if retour_commence else courante.texte).append(i)
            elif ligne.startswith("  "):
                pass  # continuation of an invalid item, already reported
            else:
                corps.erreurs.append((i, "texte après la liste des réponses : indentez-le de deux espaces "
                                         "s'il fait partie du retour d'une réponse, ou placez-le dans "
                                         "le bloc « explication »."))
        else:
            corps.enonce.append(i)
        i += 1
    return corps


def empreinte(enonce: str, options: list[tuple[str, bool]], multiple: bool) -> str:
    """Short fingerprint of a question and its right answers (not its feedback): an edited
    question resets stale progress and gives its module a new version."""
    brut = "\x1f".join([enonce, str(multiple)] + [f"{'x' if j else ' '}{t}" for t, j in options])
    return hashlib.sha1(brut.encode()).hexdigest()[:10]


class QuizDirective(SphinxDirective):
    has_content = True
    option_spec = {"id": lambda x: (x or "").strip(), "multiple": lambda x: True}

    def ligne(self, index: int | None) -> int:
        """Line number in the source file of content line ``index``."""
        if index is None:
            return self.lineno
        # MyST gives content_offset relative to the directive's first line.
        return self.lineno + self.content_offset + index + 1

    def avertir(self, message: str, index: int | None = None) -> None:
        logger.warning(f"quiz « {self.options.get('id', '?')} » : {message}", type="reperes",
                       subtype="quiz", location=(self.env.docname, self.ligne(index)))

    def run(self) -> list[nodes.Node]:
        quiz_id = self.options.get("id", "")
        multiple = "multiple" in self.options
        erreurs = 0
        if not quiz_id:
            self.avertir("option « :id: » manquante : donnez un identifiant stable (ex. « :id: physique-cas-01 »).")
            erreurs += 1
        elif not IDENTIFIANT.match(quiz_id):
            self.avertir("identifiant invalide : lettres minuscules, chiffres et tirets seulement.")
            erreurs += 1
        lignes = list(self.content)
        corps = decouper(lignes)
        for index, message in corps.erreurs:
            self.avertir(message, index)
            erreurs += 1
        if not corps.options:
            self.avertir("aucune liste de réponses : écrivez les réponses sous l'énoncé, une par ligne, "
                         "« - [x] » pour une juste, « - [ ] » pour une fausse.")
            erreurs += 1
        justes = [o for o in corps.options if o.juste]
        if corps.options and not justes:
            self.avertir("aucune réponse juste : marquez la bonne réponse avec « - [x] ».")
            erreurs += 1
        if len(justes) > 1 and not multiple:
            self.avertir(
                f"{len(justes)} réponses justes (lignes "
                + ", ".join(str(self.ligne(o.ligne)) for o in justes)
                + ") sans « :multiple: » : gardez-en une seule, ou ajoutez « :multiple: » sous « :id: »."
            )
            erreurs += 1
        for o in corps.options:
            if not o.retour:
                self.avertir("réponse sans retour : sous la réponse, laissez une ligne vide puis écrivez, "
                             "indenté de deux espaces, pourquoi elle est juste ou fausse.", o.ligne)
                erreurs += 1
        if not corps.enonce or not any(lignes[i].strip() for i in corps.enonce):
            self.avertir("énoncé vide : écrivez la question avant la liste des réponses.")
            erreurs += 1
        if erreurs:
            # Never a silently empty block: the page shows that the question is broken.
            return [nodes.warning("", nodes.paragraph(
                "", f"Question « {quiz_id} » invalide : voir les erreurs de construction."))]

        numero = self.env.temp_data.get("reperes_quiz_numero", 0) + 1
        self.env.temp_data["reperes_quiz_numero"] = numero
        noeud = quiz(quiz_id=quiz_id, multiple=multiple, numero=numero, ids=[f"quiz-{quiz_id}"],
                     docname=self.env.docname)
        self.set_source_info(noeud)
        noeud += self.analyser(quiz_enonce(), corps.enonce)
        options = quiz_options()
        textes: list[tuple[str, bool]] = []
        for index, o in enumerate(corps.options):
            option = quiz_option(juste=o.juste, index=index)
            texte = quiz_option_texte()
            # The first line holds the marker "- [x] "; the others are indented by two spaces.
            premiere = OPTION.match(lignes[o.texte[0]]).group("texte")
            self.analyser(texte, o.texte, premiere=premiere)
            _aplatir_paragraphe(texte)
            option += texte
            option += self.analyser(quiz_retour(), o.retour)
            options += option
            textes.append((texte.astext(), o.juste))
        noeud += options
        if corps.explication:
            noeud += self.analyser(quiz_explication(), corps.explication, dedent=False)
        noeud["empreinte"] = empreinte(noeud[0].astext(), textes, multiple)
        domaine(self.env).ajouter("quiz", self.env.docname, {
            "id": quiz_id, "lineno": self.lineno, "numero": numero, "multiple": multiple,
            "empreinte": noeud["empreinte"], "nb_options": len(textes),
            "justes": [i for i, (_, j) in enumerate(textes) if j],
        })
        return [noeud]

    def analyser(self, parent: nodes.Element, indexes: list[int], premiere: str | None = None,
                 dedent: bool = True) -> nodes.Element:
        """Parse the given content lines as Markdown into ``parent``, keeping line numbers."""
        if not indexes:
            return parent
        debut, fin = indexes[0], indexes[-1] + 1
        bloc = self.content[debut:fin]
        lignes = [l[2:] if dedent and l.startswith("  ") else l for l in bloc]
        if premiere is not None:
            lignes[0] = premiere
        self.state.nested_parse(StringList(lignes, items=bloc.items), self.content_offset + debut, parent)
        return parent


def _aplatir_paragraphe(texte: nodes.Element) -> None:
    """An option is one paragraph: keep its inline content (it goes in a <label>)."""
    if len(texte.children) == 1 and isinstance(texte[0], nodes.paragraph):
        texte.children = texte[0].children
        for enfant in texte.children:
            enfant.parent = texte


class ExplicationDirective(SphinxDirective):
    """``explication`` outside a quiz is a mistake: say so where it is."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        logger.warning("bloc « explication » hors d'une question : placez-le à la fin du bloc « quiz ».",
                       type="reperes", subtype="quiz", location=(self.env.docname, self.lineno))
        return []


# -- write time ------------------------------------------------------------------------------
class QuizHtml(SphinxPostTransform):
    """HTML: add to each quiz its answer key (a <details>), built from its own options."""

    default_priority = 200
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for q in self.document.findall(quiz):
            corrige = quiz_corrige()
            for option in q.findall(quiz_option):
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


class QuizImprime(SphinxPostTransform):
    """Every builder but HTML (LaTeX, text…): numbered questions with empty boxes; the answer
    key and the feedback at the end of the module, so that a session can run on paper."""

    default_priority = 200

    def is_supported(self) -> bool:
        return self.env._builder_cls.format != "html"

    def run(self, **kwargs) -> None:
        questions = list(self.document.findall(quiz))
        if not questions:
            return
        corrige = nodes.section(ids=[f"corrige-{self.env.docname.replace('/', '-')}"])
        corrige += nodes.rubric("", "Corrigé des questions")
        # A booklet assembles several modules whose questions are each numbered from 1:
        # the answer key names the module before its answers.
        plusieurs = len({q["docname"] for q in questions}) > 1
        module_courant = None
        for q in questions:
            if plusieurs and q["docname"] != module_courant:
                module_courant = q["docname"]
                titre_module = self.env.titles.get(module_courant)
                corrige += nodes.paragraph("", "", nodes.strong(
                    "", f"Module : {titre_module.astext() if titre_module else module_courant}"),
                    classes=["reperes-corrige-module"])
            lettres = "abcdefghijklmnopqrstuvwxyz"
            titre = f"Question {q['numero']}" + (" (plusieurs réponses possibles)" if q["multiple"] else "")
            bloc = nodes.container(classes=["reperes-question"])
            bloc += nodes.paragraph("", "", nodes.strong("", titre))
            bloc += q[0].children
            liste = nodes.bullet_list(classes=["reperes-cases"])
            cle = nodes.bullet_list()
            for option in q.findall(quiz_option):
                lettre = lettres[option["index"]]
                liste += nodes.list_item("", nodes.paragraph(
                    "", "", nodes.Text(f"☐ {lettre}) "), *[c.deepcopy() for c in option[0].children]))
                verdict = "Juste" if option["juste"] else "Faux"
                item = nodes.list_item("", nodes.paragraph("", "", nodes.strong("", f"{lettre}) {verdict}. ")),
                                       *option.next_node(quiz_retour).children)
                cle += item
            bloc += liste
            reponses = ", ".join(lettres[o["index"]] for o in q.findall(quiz_option) if o["juste"])
            corrige += nodes.paragraph("", "", nodes.strong("", f"Question {q['numero']} — réponse : {reponses}"))
            corrige += cle
            explication = q.next_node(quiz_explication)
            if explication is not None:
                corrige += nodes.container("", *explication.children, classes=["reperes-explication"])
            q.replace_self(bloc)
        self.document += corrige


# -- HTML visitors ------------------------------------------------------------------------------
def visit_quiz_html(self, node: quiz) -> None:
    qid = node["quiz_id"]
    genre = "checkbox" if node["multiple"] else "radio"
    self.body.append(
        f'<section class="reperes-quiz" id="quiz-{qid}" data-quiz-id="{qid}" '
        f'data-empreinte="{node["empreinte"]}" data-multiple="{str(node["multiple"]).lower()}" '
        f'aria-labelledby="quiz-{qid}-titre">'
        f'<form class="reperes-quiz-form" data-type="{genre}" novalidate>'
        f'<fieldset aria-describedby="quiz-{qid}-enonce">'
        f'<legend id="quiz-{qid}-titre" class="reperes-quiz-titre">Question {node["numero"]}</legend>'
    )
    self._reperes_quiz = node


def depart_quiz_html(self, node: quiz) -> None:
    self.body.append("</section>\n")


def visit_quiz_enonce_html(self, node) -> None:
    self.body.append(f'<div class="reperes-quiz-enonce" id="quiz-{node.parent["quiz_id"]}-enonce">')


def depart_quiz_enonce_html(self, node) -> None:
    consigne = "Plusieurs réponses possibles." if node.parent["multiple"] else "Une seule réponse."
    self.body.append(f'<p class="reperes-quiz-consigne">{consigne}</p></div>')


def visit_quiz_options_html(self, node) -> None:
    self.body.append('<ul class="reperes-quiz-options">')


def depart_quiz_options_html(self, node) -> None:
    q = node.parent
    self.body.append(
        "</ul></fieldset>"
        '<div class="reperes-quiz-actions" hidden>'
        '<button type="submit" class="reperes-verifier">Vérifier</button></div>'
        f'<p class="reperes-quiz-statut" role="status" aria-live="polite" id="quiz-{q["quiz_id"]}-statut"></p>'
        "</form>"
    )


def visit_quiz_option_html(self, node) -> None:
    q = node.parent.parent
    genre = "checkbox" if q["multiple"] else "radio"
    ident = f'quiz-{q["quiz_id"]}-{node["index"]}'
    self.body.append(
        f'<li class="reperes-quiz-option" data-index="{node["index"]}">'
        f'<input type="{genre}" name="quiz-{q["quiz_id"]}" id="{ident}" value="{node["index"]}">'
        f'<label for="{ident}">'
    )


def depart_quiz_option_html(self, node) -> None:
    self.body.append(f'<div class="reperes-quiz-retour-place" id="quiz-{node.parent.parent["quiz_id"]}-{node["index"]}-retour"></div></li>')


def visit_quiz_option_texte_html(self, node) -> None:
    pass


def depart_quiz_option_texte_html(self, node) -> None:
    self.body.append("</label>")


def visit_quiz_corrige_html(self, node) -> None:
    self.body.append('<details class="reperes-corrige"><summary>Voir les réponses et explications</summary>'
                     '<ol class="reperes-corrige-options" type="a">')


def depart_quiz_corrige_html(self, node) -> None:
    self.body.append("</details>")


def visit_quiz_corrige_option_html(self, node) -> None:
    verdict = "Juste" if node["juste"] else "Faux"
    classe = "juste" if node["juste"] else "faux"
    self.body.append(f'<li class="reperes-corrige-option reperes-{classe}" data-index="{node["index"]}" '
                     f'data-juste="{str(node["juste"]).lower()}">'
                     f'<strong class="reperes-verdict">{verdict}.</strong> ')


def depart_quiz_corrige_option_html(self, node) -> None:
    self.body.append("</li>")
    if node.next_node(descend=False, siblings=True) is None or not isinstance(
            node.next_node(descend=False, siblings=True), quiz_corrige_option):
        self.body.append("</ol>")


def visit_div(classe: str):
    def visit(self, node) -> None:
        self.body.append(f'<div class="{classe}">')

    def depart(self, node) -> None:
        self.body.append("</div>")

    return visit, depart


def _passer(self, node) -> None:
    """Non-HTML builders get plain nodes from QuizImprime; a stray node renders its children."""


def setup_quiz(app: Sphinx) -> None:
    generique = {fmt: (_passer, _passer) for fmt in ("latex", "text", "man", "texinfo")}
    app.add_node(quiz, html=(visit_quiz_html, depart_quiz_html), **generique)
    app.add_node(quiz_enonce, html=(visit_quiz_enonce_html, depart_quiz_enonce_html), **generique)
    app.add_node(quiz_options, html=(visit_quiz_options_html, depart_quiz_options_html), **generique)
    app.add_node(quiz_option, html=(visit_quiz_option_html, depart_quiz_option_html), **generique)
    app.add_node(quiz_option_texte, html=(visit_quiz_option_texte_html, depart_quiz_option_texte_html), **generique)
    app.add_node(quiz_retour, html=visit_div("reperes-quiz-retour"), **generique)
    app.add_node(quiz_explication, html=visit_div("reperes-explication"), **generique)
    app.add_node(quiz_corrige, html=(visit_quiz_corrige_html, depart_quiz_corrige_html), **generique)
    app.add_node(quiz_corrige_option, html=(visit_quiz_corrige_option_html, depart_quiz_corrige_option_html),
                 **generique)
    app.add_directive("quiz", QuizDirective)
    app.add_directive("explication", ExplicationDirective)
    app.add_post_transform(QuizHtml)
    app.add_post_transform(QuizImprime)
