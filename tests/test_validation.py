"""« Validé » means the agent knew (issues: validation, 21): practice questions on the page with
feedback at once; a validation pass drawn from the module's bank, never in the page, with
deferred feedback; attempts that count (an abandon too), the next pass after a failure only once
the sections to reread are opened, two passes sharing at most half their questions; the bank's
build checks at file:line; progress migrated from the v1 storage; the receipt and the calendar
file only once the parcours is validated.

The HTML checks run everywhere; the flows run in Debian's Chromium (skipped locally without it)."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import RACINE, construire, copier_racine
from navigation import (Visite, banque, commencer_validation, justes, ordre_des_options, repondre,
                        terminer_validation, tirees, valider_module)

MODULE = "training/modules/huit.html"
BANQUE = [f"b-{i:02d}" for i in range(1, 13)]
PRATIQUE = ["q-1", "q-2", "q-3"]


@pytest.fixture(scope="module")
def sortie(racine_construite):
    for builder in ("html", "text"):  # the text build beside the HTML one (sortie.parent / "text")
        html, avertissements = racine_construite("test-validation", builder)
        assert avertissements == "", builder
    return html.parent / "html"


def test_panneau_avant_la_premiere_question_et_chemin_sans_js(sortie):
    soupe = BeautifulSoup((sortie / MODULE).read_text(encoding="utf-8"), "html.parser")
    panneau = soupe.select_one("section.reperes-validation")
    assert panneau["data-module"] == "huit" and panneau["data-seuil"] == "80"
    assert panneau["data-tirage"] == "6" and panneau["data-banque"] == "12"  # 12 ÷ 2, between 6 and 10
    assert panneau.find_next("section")["data-quiz-id"] == "q-1"
    sans_js = panneau.select_one(".reperes-validation-sansjs").get_text()
    assert "demande JavaScript" in sans_js and "feuille d’émargement" in sans_js
    assert panneau.select_one(".reperes-validation-outils").has_attr("hidden")
    # Without JS the practice keys are in the page, in <details>, as before; the bank's are not.
    assert [q["data-quiz-id"] for q in soupe.select("section.reperes-quiz")] == PRATIQUE
    assert len(soupe.select("details.reperes-corrige")) == 3
    objectifs = json.loads(panneau["data-objectifs"])
    assert [o["questions"] for o in objectifs] == [BANQUE[:6], BANQUE[6:]]


def test_la_banque_n_est_dans_aucune_page(sortie):
    """No bank question in the agents' pages: not in the module's HTML, not in any page, not in
    the search index, not in the text build; the objectives do not link them; their script is
    not readable as text, and decodes to the twelve questions with their keys."""
    for page in sorted(sortie.rglob("*.html")) + [sortie / "searchindex.js"]:
        texte = page.read_text(encoding="utf-8")
        assert "banquise" not in texte and "banquis" not in texte, page
        assert not re.search(r"quiz-b-\d", texte), page
    for page in sorted((sortie.parent / "text").rglob("*.txt")):
        assert "banquise" not in page.read_text(encoding="utf-8"), page
    soupe = BeautifulSoup((sortie / MODULE).read_text(encoding="utf-8"), "html.parser")
    objectifs = soupe.select_one(".reperes-objectifs").get_text()
    assert objectifs.count("6 questions de validation") == 2 and "b-01" not in objectifs
    assert "(question 1, question 2, 6 questions de validation)" in objectifs
    assert [a["href"] for a in soupe.select(".reperes-objectifs a")] == ["#quiz-q-1", "#quiz-q-2", "#quiz-q-3"]
    assert "12 questions de validation (6 par passage)" in soupe.select_one(".reperes-module-details").get_text()
    script = soupe.select_one("script[data-banque=huit]")
    assert script["src"] == "../../_static/banques/huit.js"
    fichier = (sortie / "_static/banques/huit.js").read_text(encoding="utf-8")
    assert "banquise" not in fichier and "Situation" not in fichier and "Oui" not in fichier and "guide" not in fichier
    decodee = banque(sortie, MODULE)
    assert list(decodee) == BANQUE
    assert "banquise" in decodee["b-01"] and "Oui : retour" in decodee["b-01"].replace("\u00a0", " ")
    assert sorted(justes(sortie, MODULE)) == sorted(PRATIQUE + BANQUE)
    assert not list((sortie / "_sources").rglob("*.txt"))
    fiche = BeautifulSoup((sortie / "training/formateurs/huit.html").read_text(encoding="utf-8"), "html.parser")
    cellule = fiche.select("table.reperes-objectifs-carte tbody tr")[0].select("td")[2]
    assert "validation 1 (b-01)" in cellule.get_text() and not cellule.select("a[href*='b-01']")

def test_le_livret_du_formateur_imprime_la_banque_avec_son_corrige(rootdir, tmp_path):
    """The trainer validates in person: the booklet prints the bank questions and their key; the
    whole site's book (reperes.pdf) does not; the trainer's sheet names them without a link."""
    src = copier_racine(rootdir, "test-validation", tmp_path)
    _, avertissements = construire(src, src / "_build", "latex")
    assert avertissements == ""
    livret = (src / "_build/latex/livret-animation.tex").read_text(encoding="utf-8")
    site = (src / "_build/latex/reperes.tex").read_text(encoding="utf-8")
    assert livret.count("banquise") == 12 and "Question de validation 12 — réponse" in livret
    assert "banquise" not in site and "Question de validation" not in site
    assert "Question 3 — réponse" in site  # the practice ones, with their key, as before


# -- the bank's build checks (issue 21): each bad input stops the build at its file:line -------------------
def _variante(rootdir, tmp_path, fichier: str, avant: str, apres: str, compte: int = 1) -> list[str]:
    """Build the validation root with one edit; return its warning lines."""
    src = copier_racine(rootdir, "test-validation", tmp_path)
    chemin = src / fichier
    texte = chemin.read_text(encoding="utf-8")
    assert texte.count(avant) >= compte, avant
    chemin.write_text(texte.replace(avant, apres, compte), encoding="utf-8")
    _, avertissements = construire(src, src / "_build", "dummy")
    return [l for l in avertissements.splitlines() if l.strip()]


def test_banque_trop_petite(rootdir, tmp_path):
    lignes = _variante(rootdir, tmp_path, "training/modules/huit.md", ":id: b-12\n:validation:\n", ":id: b-12\n")
    assert len(lignes) == 1, lignes
    assert "huit.md:3:" in lignes[0] and "11 question(s) de validation" in lignes[0]
    assert "au moins 12" in lignes[0] and "« :validation: »" in lignes[0] and "[reperes.module]" in lignes[0]


def test_objectif_sans_question_de_validation(rootdir, tmp_path):
    objectif = "({quiz}`q-3`, " + ", ".join(f"{{quiz}}`b-{i:02d}`" for i in range(7, 13)) + ")"
    lignes = _variante(rootdir, tmp_path, "training/modules/huit.md", objectif, "({quiz}`q-3`, {quiz}`q-2`)")
    assert len(lignes) == 1, lignes
    assert "huit.md:10:" in lignes[0] and "objectif 2 : aucune question de validation" in lignes[0]
    assert "[reperes.module]" in lignes[0]


def test_entrainement_obligatoire(rootdir, tmp_path):
    src_avant = ":id: q-1\n"
    lignes = _variante(rootdir, tmp_path, "training/modules/huit.md", src_avant, ":id: q-1\n:validation:\n")
    lignes += _variante(rootdir, tmp_path / "b", "training/modules/huit.md", ":id: q-2\n", ":id: q-2\n:validation:\n")
    assert lignes == [], lignes  # two practice questions are enough
    src = tmp_path / "c"
    lignes = _variante(rootdir, src, "training/modules/huit.md", ":id: q-3\n", ":id: q-3\n:validation:\n")
    assert lignes == [], lignes
    # All three in the bank: no practice left on the page.
    src = copier_racine(rootdir, "test-validation", tmp_path / "d")
    chemin = src / "training/modules/huit.md"
    texte = chemin.read_text(encoding="utf-8")
    for n in (1, 2):
        texte = texte.replace(f":id: q-{n}\n", f":id: q-{n}\n:validation:\n")
    chemin.write_text(texte, encoding="utf-8")
    _, avertissements = construire(src, src / "_build", "dummy")
    lignes = [l for l in avertissements.splitlines() if l.strip()]
    assert len(lignes) == 1 and "huit.md:3:" in lignes[0] and "1 question(s) d'entraînement" in lignes[0], lignes


@pytest.mark.parametrize("drapeau", ["validation", "reperage"])
def test_drapeau_avec_valeur(rootdir, tmp_path, drapeau):
    lignes = _variante(rootdir, tmp_path, "training/modules/huit.md", f":id: b-01\n:validation:\n:reperage:\n",
                       f":id: b-01\n:validation:{' oui' if drapeau == 'validation' else ''}\n"
                       f":reperage:{' oui' if drapeau == 'reperage' else ''}\n")
    flag = [l for l in lignes if "ne prend pas de valeur" in l]
    assert len(flag) == 1 and f"'{drapeau}'" in flag[0], lignes
    assert re.search(r"huit\.md:\d+:", flag[0])
    ligne = int(re.search(r"huit\.md:(\d+):", flag[0]).group(1))
    source = (rootdir / "test-validation/training/modules/huit.md").read_text(encoding="utf-8").splitlines()
    # Its own line (the source's line numbers are unchanged by the edit).
    assert source[ligne - 1] == f":{drapeau}:" and ":id: b-01" in source[ligne - 4:ligne]


def test_socle_sous_la_part_de_reperage(rootdir, tmp_path):
    # 7 of 12 flagged; unflag two: 5 of 12 < 50 %.
    src = copier_racine(rootdir, "test-validation", tmp_path)
    chemin = src / "training/modules/huit.md"
    texte = chemin.read_text(encoding="utf-8")
    for n in ("01", "03"):
        texte = texte.replace(f":id: b-{n}\n:validation:\n:reperage:\n", f":id: b-{n}\n:validation:\n")
    chemin.write_text(texte, encoding="utf-8")
    _, avertissements = construire(src, src / "_build", "dummy")
    lignes = [l for l in avertissements.splitlines() if l.strip()]
    assert len(lignes) == 1, lignes
    assert "animation.md:3:" in lignes[0] and "parcours « parcours-animation » : 5 des 12" in lignes[0]
    assert "« :reperage: »" in lignes[0] and "[reperes.parcours]" in lignes[0]


def _stock(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem(Reperes.cle)") or "{}")


def _sans_cle(texte: str) -> None:
    """Nothing in this text says which answer is right."""
    texte = texte.replace("\u00a0", " ")
    for mot in (": retour", "Juste.", "Bonne réponse.", "Réponse fausse", "Explication de", "Oui :", "Non :"):
        assert mot not in texte, mot


@pytest.mark.navigateur
def test_rien_n_est_visible_avant_de_repondre(sortie, navigateur):
    with Visite(navigateur, sortie) as v:
        page = v.ouvrir(MODULE)
        _sans_cle(page.locator("article, div.body").first.inner_text())
        assert page.locator("details.reperes-corrige").count() == 0
        # Practice: answering shows that question's feedback only.
        bons = justes(sortie, MODULE)
        repondre(page, "q-1", bons["q-1"], juste=False, bouton="Vérifier")
        assert "Non : retour" in page.locator("#quiz-q-1").inner_text().replace("\u00a0", " ")
        assert ": retour" not in page.locator("#quiz-q-2").inner_text().replace("\u00a0", " ")
        assert v.erreurs == [] and v.externes == []


@pytest.mark.navigateur
def test_le_tirage(sortie, navigateur):
    """Reperes.tirer: 6 distinct bank questions, at least one per objective, the same for the same
    seed; drawn after a pass, the next shares at most half of its questions with it."""
    with Visite(navigateur, sortie) as v:
        page = v.ouvrir(MODULE)
        resultats = page.evaluate("""objectifs => {
            const ids = objectifs.flatMap(o => o.questions), r = [];
            for (let g = 1; g <= 300; g++) {
                const a = Reperes.tirer(ids, objectifs, 6, [], g * 7919);
                const b = Reperes.tirer(ids, objectifs, 6, a, g * 104729);
                r.push([a, b, JSON.stringify(a) === JSON.stringify(Reperes.tirer(ids, objectifs, 6, [], g * 7919))]);
            }
            return r;
        }""", json.loads(page.locator(".reperes-validation").get_attribute("data-objectifs")))
    for a, b, meme in resultats:
        assert meme and len(set(a)) == len(a) == 6 and len(set(b)) == 6
        assert set(a) & set(BANQUE[:6]) and set(a) & set(BANQUE[6:])  # one per objective at least
        assert set(b) & set(BANQUE[:6]) and set(b) & set(BANQUE[6:])
        assert len(set(a) & set(b)) <= 3
    assert len({tuple(a) for a, _, _ in resultats}) > 100  # really drawn


@pytest.mark.navigateur
def test_passe_differee_ratee_verrou_puis_reussie_et_recu(sortie, navigateur):
    bons = justes(sortie, MODULE)
    with Visite(navigateur, sortie) as v:
        page = v.ouvrir(MODULE)
        commencer_validation(page)
        premiere = tirees(page)
        assert len(premiere) == 6 and set(premiere) <= set(BANQUE)
        assert page.locator("section.reperes-quiz").count() == 6  # practice left the page during the pass
        expect(page.locator(".reperes-seance")).to_be_hidden()  # no « mode séance » during a pass
        # Deferred feedback: answering says nothing, and an answer can be changed.
        for q in premiere:
            repondre(page, q, bons[q], juste=False)
        repondre(page, premiere[0], bons[premiere[0]], juste=True)
        repondre(page, premiere[1], bons[premiere[1]], juste=True)
        _sans_cle(page.locator(".reperes-passe").inner_text())
        expect(page.locator(".reperes-passe details")).to_have_count(0)
        expect(page.locator(".reperes-validation-statut")).to_contain_text("6 questions répondues sur 6")
        # 2 of 6: failed. The objectives missed and the sections to reread; no key.
        bilan = terminer_validation(page).replace("\u00a0", " ")
        assert "Score : 2 sur 6 (33 %)" in bilan and "non validé" in bilan
        assert "Objectifs à retravailler" in bilan and "Face à une" in bilan
        _sans_cle(page.locator("article, div.body").first.inner_text())
        expect(page.locator(".reperes-passe section.reperes-quiz")).to_have_count(0)
        liens = page.locator(".reperes-validation-bilan a.reperes-relire")
        hrefs = liens.evaluate_all("l => l.map(a => a.getAttribute('href'))")
        assert set(hrefs) <= {"../guide.html#guide-exemple", "../guide.html#guide-autre"} and hrefs
        expect(page.locator(".reperes-module-progression")).to_contain_text("1 tentative")
        # Locked until every section to reread has been opened.
        commencer = page.locator(".reperes-valider-commencer")
        expect(commencer).to_be_disabled()
        expect(page.locator(".reperes-validation-verrou")).to_contain_text("ouvrez les sections du guide")
        for href in hrefs:
            page.locator(f".reperes-validation-bilan a[href='{href}']").click()
            page.wait_for_url("**/guide.html*")
            page = v.ouvrir(MODULE)
        expect(page.locator(".reperes-valider-commencer")).to_be_enabled()
        expect(page.locator(".reperes-validation-bilan li.reperes-relu")).to_have_count(len(hrefs))
        expect(page.locator(".reperes-validation-bilan")).to_contain_text("ouverte ✓")
        assert _stock(page)["modules"]["huit"]["arelire"] == []
        # The next pass: at most half the same questions.
        commencer_validation(page)
        seconde = tirees(page)
        assert len(seconde) == 6 and len(set(premiere) & set(seconde)) <= 3, (premiere, seconde)
        for q in seconde:
            repondre(page, q, bons[q], juste=True)
        bilan = terminer_validation(page).replace("\u00a0", " ")
        assert "Score : 6 sur 6 (100 %)" in bilan and "Module validé" in bilan
        # Passed: every question's feedback.
        for q in seconde:
            expect(page.locator(f"#quiz-{q}")).to_contain_text("Oui : retour")
        stock = _stock(page)["modules"]["huit"]
        assert stock["valide"]["s"] == 6 and stock["tentatives"] == 2 and stock["precedente"] == seconde
        page = v.ouvrir("training/ma-progression.html")
        etat = page.locator("li[data-module=huit] .reperes-etat").first
        expect(etat).to_contain_text("validé le")
        expect(etat).to_contain_text("2 tentatives")
        page.get_by_role("button", name="Obtenir mon attestation").click()
        # The code is bound to the agent's identifier (typed, never stored).
        page.locator(".reperes-attestation").get_by_label(re.compile("Identifiant d.agent")).fill("EX-0001")
        expect(page.locator(".reperes-attestation-code")).to_have_text(
            re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$"))
        page.get_by_role("button", name="Fermer").click()
        # The calendar file: the last day the validation counts, three years on.
        with page.expect_download() as telechargement:
            page.get_by_role("button", name=re.compile("renouvellement")).click()
        ics = open(telechargement.value.path(), encoding="utf-8", newline="").read()
        fin = date.today().replace(year=date.today().year + 3) - timedelta(days=1)
        assert "BEGIN:VCALENDAR" in ics and f"DTSTART;VALUE=DATE:{fin:%Y%m%d}" in ics and "\r\n" in ics
        assert v.erreurs == [] and v.externes == []


@pytest.mark.navigateur
def test_abandon_compte_et_reprise_au_rechargement(sortie, navigateur):
    bons = justes(sortie, MODULE)
    with Visite(navigateur, sortie) as v:
        page = v.ouvrir(MODULE)
        page.on("dialog", lambda d: d.accept())
        commencer_validation(page)
        tirage = tirees(page)
        ordres = {q: ordre_des_options(page, q) for q in tirage}
        repondre(page, tirage[0], bons[tirage[0]], juste=True)
        repondre(page, tirage[1], bons[tirage[1]], juste=False)
        page.reload()
        # The same pass after a reload: same questions, same order, the answers given.
        assert tirees(page) == tirage and {q: ordre_des_options(page, q) for q in tirage} == ordres
        assert page.locator(f"#quiz-{tirage[0]} input:checked").evaluate_all("l => l.map(i => i.value)") == bons[tirage[0]]
        assert page.locator(f"#quiz-{tirage[2]} input:checked").count() == 0
        _sans_cle(page.locator(".reperes-passe").inner_text())
        # « Mode séance » is not offered, even by its link.
        expect(page.locator(".reperes-seance-ouvrir")).to_be_hidden()
        page = v.ouvrir(MODULE + "#seance")
        expect(page.locator(".reperes-seance")).to_be_hidden()
        # Not all answered: « Terminer » says what is missing.
        page.locator(".reperes-valider-terminer").click()
        expect(page.locator(".reperes-validation-statut")).to_contain_text("Il reste 4 questions sans réponse")
        # An abandon is a failed attempt.
        page.get_by_role("button", name="Abandonner la validation").click()
        bilan = page.locator(".reperes-validation-bilan")
        expect(bilan).to_contain_text("Validation abandonnée")
        expect(bilan).to_contain_text("Score : 1 sur 6")
        expect(page.locator(".reperes-module-progression")).to_contain_text("1 tentative")
        expect(page.locator(".reperes-valider-commencer")).to_be_disabled()
        stock = _stock(page)
        assert stock["modules"]["huit"]["tentatives"] == 1 and "huit" not in stock["passes"]
        assert stock["modules"]["huit"]["dernier"]["abandon"] is True
        # The pass is over: the trainer's link opens « mode séance » again; agents never see a button for it.
        expect(page.locator(".reperes-seance-ouvrir")).to_have_count(0)
        page.reload()
        expect(page.locator(".reperes-seance")).to_be_visible()
        assert v.erreurs == []


@pytest.mark.navigateur
def test_seuil_et_migration_depuis_v1(sortie, navigateur):
    soupe = BeautifulSoup((sortie / MODULE).read_text(encoding="utf-8"), "html.parser")
    v1 = {"quiz": {q["data-quiz-id"]: {"e": q["data-empreinte"], "ok": True, "d": "2026-05-02"}
                   for q in soupe.select("section.reperes-quiz")}, "parcours": "parcours-animation"}
    with Visite(navigateur, sortie) as v:
        page = v.ouvrir("training/ma-progression.html")
        assert page.evaluate("[Reperes.estValide(79, 100, 80), Reperes.estValide(80, 100, 80),"
                             " Reperes.estValide(6, 8, 80), Reperes.estValide(7, 8, 80)]") == [False, True, False, True]
        page = v.semer({"reperes.progression.v1": json.dumps(v1)})
        # Done under the old rule: kept, shown « à valider », no receipt.
        assert "à valider" in page.locator("li[data-module=huit] .reperes-etat").first.inner_text()
        assert not page.get_by_role("button", name="Obtenir mon attestation").is_visible()
        stock = _stock(page)
        assert stock["version"] == 2 and stock["quiz"] == v1["quiz"] and stock["parcours"] == "parcours-animation"
        assert stock["migre"] == "v1" and stock["modules"] == {}
        assert page.evaluate("localStorage.getItem('reperes.progression.v1')") is not None  # left in place
        assert page.locator("#reperes-choix-parcours").input_value() == "parcours-animation"
        # A v2 record from before the bank (a pass without drawn ids, no attempts) still loads.
        version = soupe.select_one("section.reperes-validation")["data-version"]
        ancien = {"version": 2, "quiz": {}, "passes": {"huit": {"v": version, "graine": 5, "reponses": {"q-1": ["0"]},
                                                                 "d": "2026-11-02"}},
                  "modules": {"huit": {"dernier": {"v": version, "d": "2026-11-02", "s": 1, "n": 8, "ok": False,
                                                   "rates": ["q-2"]}}}}
        page = v.semer({"reperes.progression.v2": json.dumps(ancien)}, MODULE)
        expect(page.locator(".reperes-valider-commencer")).to_be_enabled()
        expect(page.locator(".reperes-validation-bilan")).to_contain_text("Score : 1 sur 8")
        assert "huit" not in _stock(page)["passes"]
        assert v.erreurs == []


@pytest.mark.navigateur
def test_mode_seance_au_clavier(sortie, navigateur):
    """The trainer projects the practice questions (never the bank): opened from #seance, Espace
    reveals the answer and the feedback, → and ← move, Échap closes; nothing is stored (axe-core:
    test_navigateur, real site)."""
    bons = justes(sortie, MODULE)
    with Visite(navigateur, sortie, largeur=1280, hauteur=800) as v:
        page = v.ouvrir(MODULE + "#seance")
        vue = page.locator(".reperes-seance")
        expect(vue).to_be_visible()
        assert page.evaluate("document.activeElement.classList.contains('reperes-seance')")
        expect(vue.locator(".reperes-seance-titre")).to_have_text("Question 1 sur 3")
        assert "retour" not in vue.inner_text() and "Explication" not in vue.inner_text()
        taille = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.reperes-seance')).fontSize)")
        assert taille >= 24  # large type for a projector
        page.keyboard.press("Space")
        expect(vue).to_contain_text("Explication de q-1.")
        lettres = vue.locator(".reperes-seance-statut").inner_text()
        ordre = vue.locator(".reperes-seance-options > li").evaluate_all("l => l.map(x => x.dataset.index)")
        assert lettres == "Réponse : " + "abcd"[ordre.index(bons["q-1"][0])] + "."
        assert vue.locator(".reperes-seance-options > li.reperes-ok").count() == 1
        page.keyboard.press("ArrowRight")
        expect(vue.locator(".reperes-seance-titre")).to_have_text("Question 2 sur 3")
        assert "Explication" not in vue.inner_text()  # a new question starts hidden
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")  # no question after the last practice one: the bank is not there
        expect(vue.locator(".reperes-seance-titre")).to_have_text("Question 3 sur 3")
        assert "banquise" not in vue.inner_text()
        page.keyboard.press("Escape")
        expect(vue).to_be_hidden()
        assert page.evaluate("localStorage.getItem(Reperes.cle)") is None  # nothing stored
        assert v.erreurs == []


# -- the real site (needs the content branches: every module with its bank) --------------------------------
def test_vrai_site_chaque_module_a_sa_banque_hors_des_pages(site):
    """Every module has its bank (at least 12 questions, 2 practice ones), in its own script, and
    no bank question's stem is in any page of the site, its search index or its summaries; every
    parcours's socle is at least half repérage."""
    from reperes.instantane import instantane

    inst = instantane(site.env)
    cfg = site.app.config
    pages = "\n".join(site.soupe(str(p.relative_to(site.sortie))).get_text(" ") for p in site.pages())
    index = (site.sortie / "searchindex.js").read_text(encoding="utf-8")
    resumes = site.sortie / "_static" / "reperes-resumes.js"
    resumes = resumes.read_text(encoding="utf-8") if resumes.exists() else ""
    for m in inst.modules:
        banque_m, entrainement = inst.banque_du_module(m.id), inst.entrainement_du_module(m.id)
        assert len(banque_m) >= 2 * cfg.reperes_validation_tirage_min, m.id
        assert len(entrainement) >= 2, m.id
        html = (site.sortie / f"{m.docname}.html").read_text(encoding="utf-8")
        decodee = banque(site.sortie, f"{m.docname}.html")
        assert sorted(decodee) == sorted(q.id for q in banque_m), m.id
        for qid, fragment in decodee.items():
            assert f'id="quiz-{qid}"' not in html, qid
            enonce = BeautifulSoup(fragment, "html.parser").select_one(".reperes-quiz-enonce p")
            debut = " ".join(enonce.get_text(" ").split())[:60]
            assert debut and debut not in pages and debut not in resumes, (qid, debut)
        assert all(f'"quiz-{q.id}"' not in index for q in banque_m)
    for p in inst.parcours:
        socle = [q for mid in p.socle for q in inst.banque_du_module(mid)]
        assert socle and sum(q.reperage for q in socle) >= cfg.reperes_socle_reperage_part * len(socle), p.id


def test_le_paquet_scorm_emporte_la_banque(rootdir, tmp_path):
    """A SCORM package holds the bank's script (its closure follows the module page's <script>)."""
    import zipfile

    src = copier_racine(rootdir, "test-validation", tmp_path)
    construire(src, src / "_build", "scorm")  # this root's basic theme links index.html: warned, not our concern
    for paquet in ("module-huit", "parcours-animation"):
        with zipfile.ZipFile(src / "_build" / "scorm" / f"{paquet}.zip") as z:
            assert "_static/banques/huit.js" in z.namelist()
            assert "banquise" not in z.read("training/modules/huit.html").decode("utf-8")


def test_reglages_du_tirage(rootdir, tmp_path):
    """A pass draws bank size ÷ 2 between the two settings; the maximum below the minimum is refused."""
    import subprocess
    import sys

    src = copier_racine(rootdir, "test-validation", tmp_path)
    # Refused at start-up: one located line, exit 2, no traceback (tests/test_moteur.py).
    r = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", "reperes_validation_tirage_min=8",
                        "-D", "reperes_validation_tirage_max=7", str(src), str(src / "_build" / "refus")],
                       capture_output=True, text=True, env={"PYTHONPATH": str(RACINE / "_ext"), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 2 and "reperes_validation_tirage_max" in r.stderr and "Traceback" not in r.stderr
    _, avertissements = construire(src, src / "_build", confoverrides={"reperes_validation_tirage_min": 3,
                                                                      "reperes_validation_tirage_max": 5})
    assert avertissements == ""
    soupe = BeautifulSoup((src / "_build/html" / MODULE).read_text(encoding="utf-8"), "html.parser")
    assert soupe.select_one("section.reperes-validation")["data-tirage"] == "5"  # 12 ÷ 2 = 6, at most 5
    # Twice 7 is more than the bank holds: the build says so.
    _, avertissements = construire(src, src / "_build", confoverrides={"reperes_validation_tirage_min": 7,
                                                                      "reperes_validation_tirage_max": 10})
    assert "la banque en demande au moins 14" in avertissements
    # A pass of one question could not check two objectives.
    _, avertissements = construire(src, src / "_build", confoverrides={"reperes_validation_tirage_min": 1,
                                                                      "reperes_validation_tirage_max": 1})
    lignes = [l for l in avertissements.splitlines() if l.strip()]
    assert len(lignes) == 1 and "huit.md:3:" in lignes[0] and "2 objectifs, mais un passage ne tire que 1" in lignes[0]


def test_chaque_noeud_du_quiz_ferme_ce_qu_il_ouvre(rootdir, tmp_path):
    """Quiz HTML is written by the translator's ``starttag`` and every quiz node's output (from its
    visit to its departure, children included) is balanced: no element opened in one node and
    closed in another. Attributes are escaped: an objective with quotes and « < » round-trips
    through ``data-objectifs``."""
    import json as _json
    from html.parser import HTMLParser

    from sphinx.writers.html5 import HTML5Translator

    from reperes.quiz import noeuds as qn

    src = copier_racine(rootdir, "test-validation", tmp_path)
    module = src / "training" / "modules" / "huit.md"
    texte_source = module.read_text(encoding="utf-8")
    objectif = "Face à une première série de situations, l'agent choisit la bonne conduite"
    assert objectif in texte_source
    module.write_text(texte_source.replace(objectif, 'Face à un « piège » "entre guillemets" & <balise>, l\'agent choisit'),
                      encoding="utf-8")
    types = tuple(v for v in vars(qn).values() if isinstance(v, type) and v.__module__ == qn.__name__)
    fragments, debuts = [], {}
    visiter, quitter = HTML5Translator.dispatch_visit, HTML5Translator.dispatch_departure

    def dispatch_visit(self, node):
        if isinstance(node, types):
            debuts[id(node)] = len(self.body)
        return visiter(self, node)

    def dispatch_departure(self, node):
        resultat = quitter(self, node)
        if isinstance(node, types) and id(node) in debuts:
            fragments.append((type(node).__name__, "".join(self.body[debuts.pop(id(node)):])))
        return resultat

    class Pile(HTMLParser):
        VIDES = {"input", "br", "img", "meta", "link", "hr"}

        def __init__(self):
            super().__init__()
            self.pile, self.erreurs = [], []

        def handle_starttag(self, tag, attrs):
            if tag not in self.VIDES:
                self.pile.append(tag)

        def handle_endtag(self, tag):
            if not self.pile or self.pile.pop() != tag:
                self.erreurs.append(tag)

    HTML5Translator.dispatch_visit, HTML5Translator.dispatch_departure = dispatch_visit, dispatch_departure
    try:
        _, avertissements = construire(src, src / "_build")
    finally:
        HTML5Translator.dispatch_visit, HTML5Translator.dispatch_departure = visiter, quitter
    assert avertissements == ""
    noms = {nom for nom, _ in fragments}
    assert {"quiz", "quiz_formulaire", "quiz_options", "quiz_option", "quiz_corrige", "quiz_corrige_liste"} <= noms
    for nom, fragment in fragments:
        pile = Pile()
        pile.feed(fragment)
        assert pile.erreurs == [] and pile.pile == [], (nom, fragment[:300])
    page = BeautifulSoup((src / "_build/html" / MODULE).read_text(encoding="utf-8"), "html.parser")
    objectifs = _json.loads(page.select_one("section.reperes-validation")["data-objectifs"])
    assert objectifs[0]["texte"].startswith("Face à un «\u00a0piège\u00a0» \"entre guillemets\" & <balise>")
