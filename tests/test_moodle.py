"""Moodle XML question bank (issue 18): ``make moodle`` writes ``_build/moodle/questions.xml``.

Parsed with lxml: well-formed UTF-8; one category per module; every quiz of the root with its
options, fractions (single: 100 and 0; multiple: the right ones add up to 100 %, the wrong
ones to no less than −100 %, each a value Moodle offers), feedback and explanation; links
turned into plain text naming the guide page; the real site's bank holds every quiz.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import construire, copier_racine
from reperes.exports.moodle import FRACTIONS, fractions

TOLERANCE = 0.001


@pytest.fixture(scope="module")
def banque(tmp_path_factory, rootdir):
    src = copier_racine(rootdir, "test-lms", tmp_path_factory.mktemp("moodle"))
    _, avertissements = construire(src, src / "_build", "moodle")
    assert avertissements == ""
    fichier = src / "_build" / "moodle" / "questions.xml"
    octets = fichier.read_bytes()
    assert octets.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    octets.decode("utf-8")  # UTF-8 throughout
    return etree.fromstring(octets)  # well-formed, or lxml raises


def _questions(racine) -> dict[str, etree._Element]:
    return {q.findtext("idnumber"): q for q in racine.findall("question[@type='multichoice']")}


def _etiquettes(q) -> list[str]:
    return [t.findtext("text") for t in q.findall("tags/tag")]


def _texte(html: str) -> str:
    return BeautifulSoup(html or "", "html.parser").get_text().replace("\u00a0", " ").replace("\u202f", " ")


def _verifier_fractions(q) -> None:
    valeurs = [float(a.get("fraction")) for a in q.findall("answer")]
    permises = {0.0} | {float(f) for f in FRACTIONS} | {-float(f) for f in FRACTIONS}
    assert set(valeurs) <= permises, q.findtext("name/text")
    assert abs(sum(v for v in valeurs if v > 0) - 100) <= TOLERANCE
    # Ticking everything scores 0: the wrong ones add up to −100 % (Moodle's cap at 0 would
    # otherwise leave the excess of the right ones).
    if q.findtext("single") == "false" and min(valeurs) <= 0:
        assert abs(sum(v for v in valeurs if v < 0) + 100) <= TOLERANCE, q.findtext("name/text")
    if q.findtext("single") == "true":
        assert sorted(valeurs) == [0.0] * (len(valeurs) - 1) + [100.0]


def test_une_categorie_par_module_puis_ses_questions(banque):
    enfants = [(q.get("type"), q.findtext("category/text") or q.findtext("idnumber")) for q in banque.findall("question")]
    assert enfants == [
        ("category", "$course$/Repères/Accueillir // écouter"),  # Moodle writes a slash in a name « // »
        ("multichoice", "accueil-01"), ("multichoice", "accueil-02"), ("multichoice", "accueil-03"),
        ("multichoice", "accueil-04"), ("multichoice", "accueil-05"),
        ("category", "$course$/Repères/Donner l’alerte"), ("multichoice", "alerte-01"),
    ]
    # No bank in this root: every question is a practice one, and says so.
    for q in banque.findall("question[@type='multichoice']"):
        assert q.findtext("name/text") == q.findtext("idnumber") + " (entraînement)"
        assert _etiquettes(q) == ["entrainement"]


def test_la_banque_de_validation_avec_ses_drapeaux(tmp_path, rootdir):
    """Issue 21: the Moodle bank holds every question, practice and validation, with its flags in
    its name and its tags; per module, practice first."""
    src = copier_racine(rootdir, "test-validation", tmp_path)
    _, avertissements = construire(src, src / "_build", "moodle")
    assert avertissements == ""
    racine = etree.fromstring((src / "_build" / "moodle" / "questions.xml").read_bytes())
    questions = racine.findall("question[@type='multichoice']")
    assert [q.findtext("idnumber") for q in questions] == ["q-1", "q-2", "q-3"] + [f"b-{i:02d}" for i in range(1, 13)]
    noms = {q.findtext("idnumber"): (q.findtext("name/text"), _etiquettes(q)) for q in questions}
    assert noms["q-1"] == ("q-1 (entraînement)", ["entrainement"])
    assert noms["b-01"] == ("b-01 (validation, repérage)", ["validation", "reperage"])
    assert noms["b-02"] == ("b-02 (validation)", ["validation"])
    b01 = next(q for q in questions if q.findtext("idnumber") == "b-01")
    assert "banquise" in b01.findtext("questiontext/text")
    assert [float(a.get("fraction")) for a in b01.findall("answer")].count(100.0) == 1


def test_chaque_question_avec_ses_reponses_et_ses_retours(banque):
    questions = _questions(banque)
    for ident, q in questions.items():
        assert q.findtext("idnumber") == ident
        assert q.findtext("shuffleanswers") == "1" and q.findtext("answernumbering") == "abc"
        assert q.find("questiontext").get("format") == "html" and q.findtext("questiontext/text").startswith("<p>")
        for a in q.findall("answer"):
            assert a.findtext("text").strip() and _texte(a.findtext("feedback/text")).strip(), ident
        _verifier_fractions(q)
    un = questions["accueil-01"]
    assert un.findtext("single") == "true"
    reponses = [(a.get("fraction"), _texte(a.findtext("text")), _texte(a.findtext("feedback/text")))
                for a in un.findall("answer")]
    assert reponses[0][:2] == ("100", "Vous l’écoutez sans le questionner.")  # source order; Moodle shuffles
    assert [r[0] for r in reponses] == ["100", "0", "0"]
    assert "Non : pas de questions qui orientent" in reponses[1][2]
    assert _texte(un.findtext("generalfeedback/text")).startswith("Écouter, noter, en parler le jour même")
    # Two right of five: 50 each; three wrong at −33.33333 (−50 each would sum below −100).
    deux = questions["accueil-02"]
    assert deux.findtext("single") == "false"
    assert [a.get("fraction") for a in deux.findall("answer")] == ["50", "50", "-33.33333", "-33.33333", "-33.33333"]
    assert not deux.findtext("generalfeedback/text")  # no explication
    trois = questions["accueil-03"]
    assert [a.get("fraction") for a in trois.findall("answer")] == ["33.33333"] * 3 + ["-100"]


def test_les_liens_deviennent_du_texte(banque):
    questions = _questions(banque)
    for q in banque.iter("text"):
        assert "<a " not in (q.text or ""), "un lien est resté"
    enonce = _texte(questions["accueil-01"].findtext("questiontext/text"))
    assert enonce == "Un enfant vous parle : que faites-vous ? Relisez En cas de doute (voir le guide : Que faire)."
    assert "glossaire (voir le guide : Glossaire)" in _texte(questions["accueil-02"].findtext("questiontext/text"))
    retour = _texte(questions["accueil-01"].findall("answer")[1].findtext("feedback/text"))
    assert "(CRIP, voir le guide : Glossaire)" in retour  # inside the author's parentheses: no second pair
    # A quoted rule: its text, then « règle du guide : <title> », no nested parentheses.
    regle = _texte(questions["accueil-01"].findall("answer")[2].findtext("feedback/text"))
    assert regle == ("Non : parlez-en le jour même (« Parlez-en le jour même à votre responsable. » — règle du "
                     "guide : Attendre ?).")
    for t in banque.iter("text"):
        assert not re.search(r"\([^()]*\(", _texte(t.text)), _texte(t.text)
    # The instruction « Une seule réponse » of the page is Moodle's to give, not ours.
    assert "Une seule réponse" not in questions["accueil-01"].findtext("questiontext/text")


@pytest.mark.parametrize("justes, attendu", [
    ([True, False, False], [100, 0, 0]),
    ([True, True, False, False, False], [50, 50, -33.33333, -33.33333, -33.33333]),
    ([True, True, True, False], [33.33333, 33.33333, 33.33333, -100]),
    ([True, True, True, True, False], [25, 25, 25, 25, -100]),
    ([True, True, False, False], [50, 50, -50, -50]),
    ([True, False, False, False], [100, -33.33333, -33.33333, -33.33333]),
    ([True] * 6 + [False], [16.66667] * 6 + [-100]),
    ([True, False], [100, -100]),
])
def test_fractions(justes, attendu):
    multiple = attendu != [100, 0, 0]
    assert fractions(justes, multiple) == [float(a) for a in attendu]


def test_onze_reponses_justes_sans_note_moodle():
    assert fractions([True] * 11, True) is None
    assert fractions([True] + [False] * 11, True) is None


def test_banque_du_vrai_site(banque_du_site):
    app, xml, avertissements = banque_du_site
    assert avertissements == ""
    from reperes.instantane import instantane

    inst = instantane(app.env)
    racine = etree.fromstring(xml.read_bytes())
    questions = _questions(racine)
    assert set(questions) == {q.id for q in inst.questions}  # practice and bank
    for ident, q in questions.items():
        source = inst.question[ident]
        assert ("validation" in _etiquettes(q)) == source.validation and ("reperage" in _etiquettes(q)) == source.reperage
    assert len(racine.findall("question[@type='category']")) == len(inst.modules)
    for ident, q in questions.items():
        source = inst.question[ident]
        assert len(q.findall("answer")) == len(source.options)
        assert [float(a.get("fraction")) > 0 for a in q.findall("answer")] == [
            i in source.justes for i in range(len(source.options))]
        assert q.findtext("single") == ("false" if source.multiple else "true")
        _verifier_fractions(q)
    assert not [t for t in racine.iter("text") if "<a " in (t.text or "") and "href=\"http" not in t.text]
    # No parentheses nested by the export (a quoted rule's own are the guide's words).
    regles = sorted((" ".join(r.texte.split()) for r in inst.regles), key=len, reverse=True)
    for t in racine.iter("text"):
        texte = " ".join(_texte(t.text).split())
        for r in regles:
            texte = texte.replace(r, "")
        assert not re.search(r"\([^()]*\(", texte), texte


def test_la_banque_lit_les_questions_telles_qu_ecrites(tmp_path, rootdir):
    """The Moodle builder reads the quiz nodes as the directive made them, before any page's HTML
    stage: no answer key, no validation panel, no bank script in its doctrees (quiz/html.py
    leaves them alone for it), every option with its text and feedback in source order."""
    import io

    from sphinx.testing.util import SphinxTestApp

    from reperes.quiz.noeuds import quiz, quiz_corrige, quiz_option, quiz_retour, quiz_validation

    src = copier_racine(rootdir, "test-lms", tmp_path)
    app = SphinxTestApp("moodle", srcdir=src, builddir=src / "_build", freshenv=True, status=io.StringIO(),
                        warning=io.StringIO())
    try:
        app.build()
        from reperes.instantane import instantane

        module = instantane(app.env).modules[0]
        doctree = app.env.get_and_resolve_doctree(module.docname, app.builder, tags=app.builder.tags)
        assert not list(doctree.findall(quiz_corrige)) and not list(doctree.findall(quiz_validation))
        for q in doctree.findall(quiz):
            options = list(q.findall(quiz_option))
            assert [o["index"] for o in options] == list(range(len(options)))
            assert all(o.next_node(quiz_retour) is not None for o in options)
    finally:
        app.cleanup()
