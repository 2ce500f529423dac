"""Moodle XML question bank: ``sphinx-build -b moodle . _build/moodle`` (``make moodle``).

Every quiz of every module page becomes a ``multichoice`` question of
``_build/moodle/questions.xml``, under one category per module
(``$course$/Repères/<module title>``). The builder reads the resolved doctree of each module
page (the quiz nodes as the HTML builder sees them, references resolved) and renders the
stem, each option, its feedback and the ``explication`` as HTML fragments, like Sphinx's own
JSON builder renders its fragments: it is an HTML builder that writes no page.

- ``<idnumber>``: the quiz id (stable: progress is kept under it); ``<name>``: the quiz id and
  its kind, « (entraînement) » or « (validation) », « repérage » added for ``:reperage:``
  (« physique-12 (validation, repérage) »), and the same as ``<tags>`` (``entrainement`` or
  ``validation``, ``reperage``): every question is in the bank, practice and validation, its
  flags visible, so that a trainer builds a Moodle quiz from the validation ones (issue 21);
- per module, the practice questions first, then the bank;
- ``<single>``: ``false`` for ``:multiple:``;
- fractions: one right option gets 100, the wrong ones 0; with ``:multiple:``, each of the k
  right options gets 100/k and each wrong one a negative share, both taken from the values
  Moodle accepts (:data:`FRACTIONS`), so that the right ones add up to 100 % and the wrong
  ones to exactly −100 % (ticking everything scores 0: Moodle caps a question's grade at 0);
- a link to another page of the site becomes its text followed by « (voir le guide : <page
  title>) », or « , voir le guide : <page title> » inside the author's parentheses: the bank
  lives in Moodle, away from the site; a link inside the page becomes its text; a link to
  another site stays a link;
- a quoted rule (``{regle}``) becomes « « <rule> » — règle du guide : <its title> ».
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..avertissements import Sous, avertir
from ..instantane import Instantane, instantane
from ..quiz.noeuds import quiz, quiz_enonce, quiz_explication, quiz_option, quiz_option_texte, quiz_retour

# The grades Moodle offers for an answer (question/type/multichoice), in percent.
FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
             14.28571, 12.5, 11.11111, 10, 5)
TOLERANCE = 0.001  # Moodle compares fractions with this slack (33.33333 × 3 counts as 100)
FICHIER = "questions.xml"


def fractions(justes: list[bool], multiple: bool) -> list[float] | None:
    """The fraction of each option, in percent; None when Moodle has no value for 100/k."""
    if not multiple:
        return [100.0 if j else 0.0 for j in justes]
    k, w = sum(justes), len(justes) - sum(justes)
    bonne = next((f for f in FRACTIONS if abs(f * k - 100) <= TOLERANCE), None)
    # The wrong ones add up to −100 % exactly: ticking everything scores 0 (Moodle adds the
    # fractions of the ticked options and keeps the result between 0 and 100 %).
    mauvaise = next((f for f in FRACTIONS if abs(f * w - 100) <= TOLERANCE), None) if w else 0.0
    if bonne is None or mauvaise is None:
        return None
    return [float(bonne) if j else -float(mauvaise) for j in justes]


def ecrire_fraction(valeur: float) -> str:
    texte = f"{valeur:.5f}".rstrip("0").rstrip(".")
    return "0" if texte in ("-0", "") else texte


def chemin_categorie(titre: str) -> str:
    """Moodle splits a category path on « / »: a slash inside a name is written « // »."""
    return "$course$/Repères/" + titre.replace("/", "//")


class MoodleBuilder(StandaloneHTMLBuilder):
    name = "moodle"
    epilog = "La banque de questions Moodle est %(outdir)s/" + FICHIER + "."
    search = False
    copysource = False
    allow_parallel = False  # one file for the whole site, written at the end
    reperes_liens_tel = False  # a link becomes its text in the bank: no tel: links (telephones.py)
    # The questions are read as the quiz directive wrote them, before any page's HTML stage
    # (quiz/html.py leaves them alone for this builder): options in source order, each with its
    # text and its feedback.
    reperes_quiz_html = False

    def init(self) -> None:
        super().init()
        self.use_index = False
        self.questions: list[tuple[str, ET.Element]] = []  # (module docname, question), in order

    def get_outdated_docs(self):
        return "toutes les pages de modules"  # one file gathers every module: always rewritten

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        # Links are replaced by text: a URI from the root says which page they named.
        return self.get_target_uri(to, typ)

    def copy_assets(self) -> None:
        pass  # no page, no asset

    def write_documents(self, docnames) -> None:
        inst = instantane(self.env)
        self.categories: list[tuple[str, list[ET.Element]]] = []
        for module in sorted(inst.modules, key=lambda m: m.id):
            doctree = self.env.get_and_resolve_doctree(module.docname, self, tags=self.tags)
            quiz_ = sorted(doctree.findall(quiz), key=lambda q: (bool(q.get("validation")), q["rang"]))
            questions = [self._question(inst, module.docname, q) for q in quiz_]
            self.categories.append((module.titre, [q for q in questions if q is not None]))

    def finish(self) -> None:
        racine = ET.Element("quiz")
        racine.append(ET.Comment(" Repères : banque de questions écrite par « make moodle » "
                                 "(une catégorie par module). "))
        for titre, questions in getattr(self, "categories", []):
            categorie = ET.SubElement(racine, "question", type="category")
            _texte(ET.SubElement(categorie, "category"), chemin_categorie(titre))
            _texte(ET.SubElement(categorie, "info", format="html"), "")
            racine.extend(questions)
        ET.indent(racine)
        Path(self.outdir).mkdir(parents=True, exist_ok=True)
        (Path(self.outdir) / FICHIER).write_bytes(ET.tostring(racine, encoding="UTF-8", xml_declaration=True) + b"\n")

    # -- one question ---------------------------------------------------------------------------
    def _question(self, inst: Instantane, docname: str, q: quiz) -> ET.Element | None:
        options = sorted(q.findall(quiz_option), key=lambda o: o["index"])  # source order
        parts = fractions([o["juste"] for o in options], q["multiple"])
        if parts is None:
            justes = sum(o["juste"] for o in options)
            avertir(Sous.moodle, f"quiz « {q['quiz_id']} » : {justes} réponses justes et {len(options) - justes} "
                                 "fausses, Moodle n'a pas de note égale à 100 % divisé par l'un de ces nombres ; "
                                 "question omise de la banque (gardez au plus 10 réponses justes et 10 fausses).", q)
            return None
        question = ET.Element("question", type="multichoice")
        sortes = ["validation" if q.get("validation") else "entraînement"] + (["repérage"] if q.get("reperage") else [])
        _texte(ET.SubElement(question, "name"), f"{q['quiz_id']} ({', '.join(sortes)})")
        enonce = q.next_node(quiz_enonce)
        _texte(ET.SubElement(question, "questiontext", format="html"), self._html(inst, docname, enonce.children))
        explication = q.next_node(quiz_explication)
        _texte(ET.SubElement(question, "generalfeedback", format="html"),
               self._html(inst, docname, explication.children) if explication is not None else "")
        ET.SubElement(question, "defaultgrade").text = "1"
        ET.SubElement(question, "penalty").text = "0.3333333"  # Moodle's default, for several tries
        ET.SubElement(question, "hidden").text = "0"
        ET.SubElement(question, "idnumber").text = q["quiz_id"]
        ET.SubElement(question, "single").text = "false" if q["multiple"] else "true"
        ET.SubElement(question, "shuffleanswers").text = "1"
        ET.SubElement(question, "answernumbering").text = "abc"
        ET.SubElement(question, "showstandardinstruction").text = "1"
        etiquettes = ET.SubElement(question, "tags")
        for sorte in sortes:
            etiquette = ET.SubElement(etiquettes, "tag")
            _texte(etiquette, sorte.replace("î", "i").replace("é", "e"))
        for option, fraction in zip(options, parts):
            reponse = ET.SubElement(question, "answer", fraction=ecrire_fraction(fraction), format="html")
            texte = nodes.paragraph("", "", *[c.deepcopy() for c in option.next_node(quiz_option_texte).children])
            _texte(reponse, _sans_paragraphe(self._html(inst, docname, [texte])))
            retour = option.next_node(quiz_retour)
            _texte(ET.SubElement(reponse, "feedback", format="html"),
                   self._html(inst, docname, retour.children if retour is not None else []))
        return question

    def _html(self, inst: Instantane, docname: str, enfants: list[nodes.Node]) -> str:
        morceaux = []
        for enfant in enfants:
            copie = enfant.deepcopy()
            conteneur = nodes.container("", copie) if not isinstance(copie, nodes.Element) else copie
            _liens_en_texte(inst, docname, conteneur, self.link_suffix)
            for image in list(conteneur.findall(nodes.image)):
                image.replace_self(nodes.Text(image.get("alt", "")))
            morceaux.append(self.render_partial(conteneur)["fragment"].strip())
        return "\n".join(m for m in morceaux if m)


def _texte(parent: ET.Element, contenu: str) -> None:
    ET.SubElement(parent, "text").text = contenu


def _sans_paragraphe(fragment: str) -> str:
    m = re.fullmatch(r"<p>(.*)</p>", fragment, flags=re.S)
    return m.group(1) if m and "<p>" not in m.group(1) else fragment


def _entre_parentheses(ref: nodes.Node) -> bool:
    """Whether the text before ``ref`` in its paragraph leaves a parenthesis open."""
    bloc = ref.parent
    while bloc.parent is not None and not isinstance(bloc, nodes.paragraph):
        bloc = bloc.parent
    avant = []
    for texte in bloc.findall(nodes.Text):
        parent = texte.parent
        while parent is not None and parent is not ref:
            parent = parent.parent
        if parent is ref:
            break
        avant.append(texte.astext())
    avant = "".join(avant)
    return avant.count("(") > avant.count(")")


def _regles_en_texte(inst: Instantane, arbre: nodes.Element) -> None:
    """A quoted rule (« texte (règle du guide) », reperes/regle.py) becomes « « texte » — règle
    du guide : titre »: no link to follow in Moodle, no parentheses added to the author's."""
    for citation in list(arbre.findall(nodes.inline)):
        if "reperes-regle-citation" not in citation.get("classes", []):
            continue
        ref = citation.next_node(nodes.reference)
        ancre = urlsplit(ref.get("refuri", "")).fragment if ref is not None else ""
        regle = inst.regle.get(ancre.removeprefix("regle-"))
        if regle is not None:
            # Between « » (“ ” when the rule quotes someone itself): its own parentheses stay its own.
            texte = f"“{regle.texte}”" if "«" in regle.texte else f"«\u00a0{regle.texte}\u00a0»"
            citation.parent.replace(citation, nodes.Text(f"{texte} — règle du guide\u00a0: {regle.titre}"))


def _liens_en_texte(inst: Instantane, docname: str, arbre: nodes.Element, suffixe: str) -> None:
    _regles_en_texte(inst, arbre)
    for ref in list(arbre.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        url = urlsplit(uri)
        if url.scheme or url.netloc:
            continue  # another site: Moodle can link to it too
        texte = ref.astext()
        cible = url.path[:-len(suffixe)] if url.path.endswith(suffixe) else None
        remplacement: list[nodes.Node] = [nodes.Text(texte)]
        if cible and cible != docname:
            titre = inst.titre.get(cible, cible)
            # Already inside the author's parentheses: no second pair.
            remplacement.append(nodes.Text(f", voir le guide\u00a0: {titre}" if _entre_parentheses(ref)
                                           else f" (voir le guide\u00a0: {titre})"))
        parent = ref.parent
        index = parent.index(ref)
        parent.remove(ref)
        for decalage, n in enumerate(remplacement):
            parent.insert(index + decalage, n)


def setup_moodle(app: Sphinx) -> None:
    app.add_builder(MoodleBuilder)

