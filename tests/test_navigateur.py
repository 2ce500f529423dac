"""The site as agents live it: Debian's Chromium, driven by Playwright, on the built site
opened from disk (file://) with every request outside the build folder blocked.

Screenshots of each page type go to tests/artefacts/ (git-ignored, kept by CI as artefacts).
"""

from __future__ import annotations

import pytest

from playwright.sync_api import expect

from navigation import SANS_INTERFACE, Visite, justes

pytestmark = pytest.mark.navigateur


PAGES = {
    "accueil": "index.html",
    "guide": "guide/que-faire.html",
    "fiche": "fiches/schema-2015-2020/fiche-06.html",
    "module": "training/modules/circuit-alerte.html",
    "catalogue": "training/catalogue.html",
    "progression": "training/ma-progression.html",
    "pilotage": "training/pilotage/index.html",
}


def test_le_chromium_des_essais(navigateur):
    """The browser the tests drive (navigation.lancer_chromium): Playwright's switched-off features are
    all still off (Chromium keeps only the last --disable-features), and a context opens no page of the
    browser's own interface (the address bar's pop-up, SANS_INTERFACE)."""
    contexte = navigateur.new_context()
    try:
        page = contexte.new_page()
        page.goto("chrome://version")
        listes = [set(a.split("=", 1)[1].split(",")) for a in page.locator("#command_line").inner_text().split()
                  if a.startswith("--disable-features=")]
        assert listes and all(l <= listes[-1] for l in listes) and set(SANS_INTERFACE) <= listes[-1], listes
        cibles = navigateur.new_browser_cdp_session().send("Target.getTargets")["targetInfos"]
        assert [c["url"] for c in cibles if c["url"].startswith("chrome://") and "version" not in c["url"]] == []
    finally:
        contexte.close()


@pytest.mark.parametrize("largeur", [390, 1280])
def test_hors_ligne_chaque_type_de_page(site, navigateur, largeur):
    with Visite(navigateur, site.sortie, largeur=largeur, hauteur=844 if largeur < 500 else 900) as v:
        for nom, chemin in PAGES.items():
            v.ouvrir(chemin)
            v.capture(f"{nom}-{largeur}")
        assert v.externes == []
        assert v.erreurs == []


def test_recherche_francaise_hors_ligne(site, navigateur):
    """« signalements » finds the pages that say « signalement » (French stemmer, from disk)."""
    with Visite(navigateur, site.sortie) as v:
        page = v.ouvrir("search.html?q=signalements")
        page.wait_for_selector("#search-results p.search-summary:not(:empty)", timeout=15000)
        liens = page.locator("#search-results ul.search li > a").evaluate_all("l => l.map(a => a.getAttribute('href'))")
        # The page that defines the signalement, found through the stem « signal ».
        assert "guide/crip-information-preoccupante.html" in liens, liens
        assert v.externes == [] and v.erreurs == []


def _quiz(page, quiz_id):
    return page.locator(f"#quiz-{quiz_id}")


@pytest.mark.parametrize("largeur", [390, 1280])
def test_parcours_du_quiz(site, navigateur, largeur):
    """Answer wrongly, then rightly; feedback shown and announced; progress survives a reload;
    the agent erases it from « Ma progression »."""
    with Visite(navigateur, site.sortie, largeur=largeur) as v:
        page = v.ouvrir("training/modules/circuit-alerte.html")
        quiz = _quiz(page, "circuit-01")
        juste = justes(site.sortie, "training/modules/circuit-alerte.html")["circuit-01"][0]
        faux = next(i for i in quiz.locator("input").evaluate_all("l => l.map(e => e.value)") if i != juste)
        quiz.locator(f"label[for=quiz-circuit-01-{faux}]").click()
        quiz.get_by_role("button", name="Vérifier").click()
        statut = quiz.locator("[role=status]")
        assert "pas la bonne réponse" in statut.inner_text()
        assert quiz.locator(f"#quiz-circuit-01-{faux}-retour").inner_text().startswith("Non.")
        quiz.locator(f"label[for=quiz-circuit-01-{juste}]").click()
        quiz.get_by_role("button", name="Vérifier").click()
        assert statut.inner_text() == "Bonne réponse."
        assert quiz.locator(f"#quiz-circuit-01-{juste}-retour").inner_text().startswith("Juste.")
        v.capture(f"quiz-repondu-{largeur}")
        total = page.locator("section.reperes-quiz").count()
        progression = page.locator(".reperes-module-progression")
        assert f"entraînement en cours (1/{total})" in progression.inner_text()

        page.reload()
        assert f"entraînement en cours (1/{total})" in page.locator(".reperes-module-progression").inner_text()
        assert "déjà réussi" in _quiz(page, "circuit-01").locator("[role=status]").inner_text()

        page = v.ouvrir("training/ma-progression.html")
        assert f"entraînement en cours (1/{total})" in page.locator(
            ".reperes-progression-parcours [data-module=circuit-alerte] .reperes-etat").first.inner_text()
        page.once("dialog", lambda d: d.accept())
        page.get_by_role("button", name="Effacer ma progression").click()
        assert page.evaluate("localStorage.getItem(Reperes.cle)") is None
        assert "à faire" in page.locator(".reperes-progression-parcours [data-module=circuit-alerte] .reperes-etat").first.inner_text()
        assert v.externes == [] and v.erreurs == []


def test_quiz_multiple_exige_l_ensemble_exact(site, navigateur):
    with Visite(navigateur, site.sortie) as v:
        page = v.ouvrir("training/modules/circuit-alerte.html")
        quiz = page.locator("section.reperes-quiz[data-multiple=true]").first
        bons = justes(site.sortie, "training/modules/circuit-alerte.html")[quiz.get_attribute("data-quiz-id")]
        assert len(bons) > 1
        quiz.locator(f"input[value='{bons[0]}']").check()
        quiz.get_by_role("button", name="Vérifier").click()
        assert "Pas tout à fait" in quiz.locator("[role=status]").inner_text()
        for j in bons:
            quiz.locator(f"input[value='{j}']").check()
        quiz.get_by_role("button", name="Vérifier").click()
        assert quiz.locator("[role=status]").inner_text() == "Bonne réponse."


def test_quiz_au_clavier(site, navigateur):
    """Keyboard only: Tab to the options, Space to choose, Tab to « Vérifier », Enter."""
    with Visite(navigateur, site.sortie, largeur=390, hauteur=844) as v:
        page = v.ouvrir("training/modules/circuit-alerte.html")
        page.locator("#quiz-circuit-01-0").focus()
        page.keyboard.press("Space")
        assert page.locator("#quiz-circuit-01-0").is_checked()
        page.keyboard.press("Tab")
        focus = page.evaluate("document.activeElement.textContent")
        assert focus.strip() == "Vérifier"
        page.keyboard.press("Enter")
        juste = "0" in justes(site.sortie, "training/modules/circuit-alerte.html")["circuit-01"]
        statut = page.locator("#quiz-circuit-01 [role=status]").inner_text()
        assert statut == "Bonne réponse." if juste else statut.startswith("Ce n’est pas la bonne réponse."), statut
        retour = page.locator("#quiz-circuit-01-0-retour").inner_text()
        assert retour.startswith("Juste." if juste else "Non."), retour
        # Focus is visible (an outline is drawn).
        style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert style != "none"


def test_sans_javascript_les_reponses_restent_accessibles(site, navigateur):
    with Visite(navigateur, site.sortie, javascript=False) as v:
        page = v.ouvrir("training/modules/circuit-alerte.html")
        quiz = _quiz(page, "circuit-01")
        assert not quiz.locator(".reperes-quiz-actions").is_visible()  # no dead button
        quiz.locator("input").first.check()  # a real form control, usable without JS
        retour = quiz.locator(".reperes-corrige .reperes-quiz-retour").first
        assert not retour.is_visible()
        quiz.locator("details.reperes-corrige summary").click()
        assert retour.is_visible()
        v.capture("quiz-sans-js")


@pytest.mark.parametrize("largeur", [390, 1280])
def test_accessibilite_axe(site, navigateur, largeur):
    """axe-core (shipped by axe-playwright-python, injected locally) on every page type:
    no violation of impact serious or critical (contrast, names, labels, ARIA…)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    with Visite(navigateur, site.sortie, largeur=largeur) as v:
        fautes = []
        for nom, chemin in {**PAGES, "glossaire": "guide/glossaire.html", "119": "guide/le-119.html",
                            "composeur": "training/formateurs/composeur.html"}.items():
            page = v.ouvrir(chemin)
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    fautes.append((nom, violation["id"], [n["target"] for n in violation["nodes"]][:3]))
        assert not fautes, fautes
        assert v.externes == []


def test_zoom_200_pourcent(site, navigateur):
    """At 200 % zoom a 1280 px window is 640 CSS px wide: no page scrolls sideways (tables
    scroll inside their own box), and the quiz stays usable."""
    with Visite(navigateur, site.sortie, largeur=640, hauteur=450) as v:
        for nom, chemin in PAGES.items():
            page = v.ouvrir(chemin)
            debord = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert debord <= 0, (nom, debord)
        page = v.ouvrir("training/modules/circuit-alerte.html")
        bon = justes(site.sortie, "training/modules/circuit-alerte.html")["circuit-01"][0]
        page.locator(f"label[for=quiz-circuit-01-{bon}]").click()
        page.locator("#quiz-circuit-01").get_by_role("button", name="Vérifier").click()
        assert page.locator("#quiz-circuit-01 [role=status]").inner_text() == "Bonne réponse."
        assert page.locator(f"#quiz-circuit-01-{bon}-retour").is_visible()


# -- search (issue: find and follow) -----------------------------------------------------------------
def _chercher(v, requete: str):
    page = v.ouvrir(f"search.html?q={requete}")
    page.wait_for_selector("#search-results p.search-summary:not(:empty)", timeout=15000)
    page.wait_for_function("document.querySelectorAll('#search-results ul.search li').length === 0 || "
                           "[...document.querySelectorAll('#search-results ul.search li')].every(li => li.querySelector('.reperes-resume'))",
                           timeout=15000)
    return page.locator("#search-results ul.search li")


@pytest.fixture(scope="module")
def recherche(site, navigateur):
    """One visit for the search tests, which only read: each query is a new page in it, and each
    test starts with empty records of outside requests and errors (``_resultats``)."""
    with Visite(navigateur, site.sortie) as v:
        yield v


def _resultats(v, requete: str) -> list[dict]:
    """The results of a query, in order, read in one call: link, summary, trainers' mark."""
    v.externes.clear()
    v.erreurs.clear()
    return _chercher(v, requete).evaluate_all("""lis => lis.map(li => ({
        lien: li.querySelector("a").getAttribute("href"),
        resume: (li.querySelector(".reperes-resume") || {innerText: null}).innerText,
        formateurs: (li.querySelector(".reperes-pour-formateurs") || {innerText: null}).innerText}))""")


@pytest.mark.parametrize("requete,attendue,rang_max", [
    ("119", "guide/le-119.html", 3), ("434-3", "guide/cadre-legal.html", 1), ("L226-2-1", "guide/cadre-legal.html", 5),
    ("17", "guide/que-faire.html", None), ("bleus", "training/modules/reperer-violences-physiques.html", None),
])
def test_recherche_chiffres_et_resumes_depuis_le_disque(recherche, requete, attendue, rang_max):
    """Numbers and article references are found; every result shows its one-line summary."""
    resultats = _resultats(recherche, requete)
    liens = [r["lien"] for r in resultats]
    assert attendue in liens, (requete, liens[:10])
    if rang_max:
        assert liens.index(attendue) < rang_max, (requete, liens[:5])
    resumes = [r["resume"] for r in resultats]
    assert all(r is not None and len(r) >= 25 for r in resumes), resumes
    assert recherche.externes == [] and recherche.erreurs == []


# The words agents type, and the page each must find first (data/recherche-mots.csv, README
# « Recherche »): the page that answers the agent's question, the agent's parcours before the
# glossary for a job, the rule for a decision, the glossary's own entry for a word of the law.
PREMIERS = [
    ("bleus", "training/modules/reperer-violences-physiques.html"),
    ("marques", "training/modules/reperer-violences-physiques.html"),
    ("119", "guide/le-119.html"),
    ("que faire", "guide/que-faire.html"),
    ("signalement", "guide/glossaire.html#term-signalement"),
    ("ATSEM", "training/parcours/atsem.html"),
    ("parents", "guide/regles.html#regle-parents"),
    ("secret", "guide/regles.html#regle-pas-de-secret"),
]


@pytest.mark.parametrize("requete,premier", PREMIERS)
def test_le_premier_resultat_des_mots_des_agents(site, recherche, requete, premier):
    """Each word's first result is the page that answers it; a glossary hit shows its own term's
    definition; trainers' pages are marked and come after every agents' page."""
    resultats = _resultats(recherche, requete)
    liens = [r["lien"] for r in resultats]
    assert liens and liens[0] == premier, (requete, liens[:5])
    if "#term-" in premier:  # the term's own definition, not the glossary's first entry
        from reperes.domaine import domaine

        page, ancre = premier.split(".html#")
        attendu = domaine(site.env).doc(page)["resumes_ancres"][ancre]
        assert resultats[0]["resume"] == attendu, resultats[0]["resume"]
    formateurs = [i for i, l in enumerate(liens) if l.startswith(("training/formateurs/", "training/livrets/"))]
    if formateurs:
        assert formateurs == list(range(len(liens) - len(formateurs), len(liens))), liens
        assert {resultats[i]["formateurs"] for i in formateurs} == {"Pour les formateurs"}
    assert recherche.externes == [] and recherche.erreurs == []


def test_une_page_ouverte_depuis_la_recherche_reste_en_francais(site, navigateur):
    """The « hide search matches » link of a page opened from a result is French: the
    translations load before Sphinx's highlight script, deferred or not."""
    with Visite(navigateur, site.sortie) as v:
        page = v.ouvrir("guide/que-faire.html?highlight=danger")
        lien = page.locator(".highlight-link a, #searchbox .highlight-link a, a[href*='hideSearchWords']").first
        expect(lien).to_have_text("Cacher les résultats de la recherche")
        assert "Hide Search Matches" not in page.content()


def test_l_index_de_recherche_ne_charge_que_sur_la_page_de_recherche(site):
    for page in ("guide/que-faire.html", "training/modules/circuit-alerte.html", "index.html"):
        scripts = [s.get("src", "") for s in site.soupe(page).select("script")]
        assert not [s for s in scripts if "searchindex" in s or "searchtools" in s or "resumes" in s], page
    scripts = [s.get("src", "") for s in site.soupe("search.html").select("script")]
    assert any("searchindex.js" in s for s in scripts) and any("reperes-resumes.js" in s for s in scripts)
    champ = site.soupe("index.html").select_one("form.bd-search input[name=q]")
    assert champ["placeholder"] == "Rechercher dans le site…"


# -- the parcours as the way through ------------------------------------------------------------------
def test_parcours_atsem_par_suivant_jusqu_au_bout(site, navigateur):
    """Chosen from the parcours page, the ATSEM parcours is walked by the page's « Suivant » from its
    first module to its last; each page says « module k sur n » and the sidebar shows the catalogue."""
    from reperes.instantane import instantane

    parcours = instantane(site.env).un_parcours["parcours-atsem"]
    attendus = [instantane(site.env).module[m].docname + ".html" for m in parcours.modules]
    with Visite(navigateur, site.sortie) as v:
        page = v.ouvrir("training/parcours/atsem.html")
        page.locator(".reperes-parcours-commencer a").click()
        vus = []
        while True:
            page.wait_for_load_state("load")
            chemin = page.url.split("#")[0].removeprefix(site.sortie.resolve().as_uri() + "/")
            vus.append(chemin)
            position = page.locator(".reperes-parcours-nav li:not([hidden])")
            assert position.count() == 1
            assert f"module {len(vus)} sur {len(attendus)}" in position.inner_text()
            courant = page.locator(".bd-sidenav .current.active > a").first.inner_text()
            assert courant == "Catalogue des modules", courant
            suivant = page.locator(".prev-next-area a.right-next")
            if not suivant.is_visible():
                break
            suivant.click()
        assert vus == attendus
        assert v.erreurs == []


def test_sans_js_tous_les_parcours_du_module_sont_listes(site):
    nav = site.soupe("training/modules/circuit-alerte.html").select_one("nav.reperes-parcours-nav")
    assert len(nav.select("li[data-parcours]")) == 8
    assert "module 4 sur" in nav.select_one("li[data-parcours=parcours-atsem]").get_text()


# -- the composer --------------------------------------------------------------------------------------
@pytest.mark.parametrize("largeur", [390, 1280])
def test_composeur_propre_et_accessible(site, navigateur, largeur):
    from axe_playwright_python.sync_playwright import Axe

    with Visite(navigateur, site.sortie, largeur=largeur) as v:
        page = v.ouvrir("training/formateurs/composeur.html")
        boutons = page.locator(".reperes-composeur-boutons button")
        assert boutons.count() == 8
        # Buttons on their own boxes, never overlapping; a gap between a checkbox and its label.
        boites = [boutons.nth(i).bounding_box() for i in range(boutons.count())]
        for i, a in enumerate(boites):
            for b in boites[i + 1:]:
                assert (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                        or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"]), (a, b)
        case = page.locator(".reperes-composeur-module input").first.bounding_box()
        etiquette = page.locator(".reperes-composeur-module label").first.bounding_box()
        assert etiquette["x"] - (case["x"] + case["width"]) >= 6
        boutons.first.click()
        assert page.locator(".reperes-composeur-sortie a").is_visible()
        v.capture(f"composeur-{largeur}")
        fautes = [x["id"] for x in Axe().run(page).response["violations"] if x["impact"] in ("serious", "critical")]
        assert not fautes, fautes


@pytest.mark.parametrize("largeur", [390, 1280])
def test_mode_seance_accessible(site, navigateur, largeur):
    """The projection view of a trainer's session, answer revealed, passes axe-core on the real site."""
    from axe_playwright_python.sync_playwright import Axe

    with Visite(navigateur, site.sortie, largeur=largeur) as v:
        page = v.ouvrir("training/formateurs/circuit-alerte.html")
        page.locator(".reperes-seance-lien a").click()
        page.wait_for_selector(".reperes-seance:not([hidden])")
        page.keyboard.press("Space")
        v.capture(f"seance-{largeur}")
        assert v.erreurs == []  # before axe-core, whose own file:// requests log errors
        fautes = [x["id"] for x in Axe().run(page).response["violations"] if x["impact"] in ("serious", "critical")]
        assert not fautes, fautes
        assert v.externes == []


# -- the agent's way through, on a phone (issue 25) ------------------------------------------------------
def _chemin(page, sortie) -> str:
    return page.url.split("#")[0].removeprefix(sortie.resolve().as_uri() + "/")


def _atsem(site):
    from reperes.instantane import instantane

    inst = instantane(site.env)
    return inst, [inst.module[m] for m in inst.un_parcours["parcours-atsem"].modules]


def test_le_chemin_de_l_agent_au_telephone(site, navigateur):
    """390 × 844, touch: home → « Je me forme » → ATSEM → « Commencer » (module 1) → a validation →
    « Module suivant » lands on module 2 of the ATSEM parcours. On every page: tap targets of at
    least 24 px, nothing floating over the content, no « Mode séance » among the agent's controls."""
    from navigation import cibles_trop_petites, valider_module

    inst, modules = _atsem(site)
    un, deux = modules[0].docname + ".html", modules[1].docname + ".html"
    with Visite(navigateur, site.sortie, largeur=390, hauteur=844) as v:
        petites = {}
        page = v.ouvrir("index.html")
        assert page.locator("a[href='tel:119']").count() >= 1  # the numbers are one tap away
        petites["accueil"] = cibles_trop_petites(page)
        page.locator(".sd-card").filter(has_text="Je me forme").click()
        expect(page.get_by_role("heading", name="Quel est votre métier ?")).to_be_visible()
        assert _chemin(page, site.sortie) == "training/index.html"
        petites["se former"] = cibles_trop_petites(page)
        v.capture("chemin-se-former-390")
        page.locator("li.reperes-choix").filter(has_text="ATSEM").get_by_role("link", name="Commencer").click()
        expect(page.locator(".reperes-parcours-nav.reperes-parcours-choisi li:not([hidden])")).to_contain_text(f"module 1 sur {len(modules)}")
        assert _chemin(page, site.sortie) == un
        # The first screen: title, duration, objectives; version and audience lower, after the objectives.
        carte = page.locator(".reperes-module-carte")
        assert carte.locator(".reperes-module-meta").bounding_box()["y"] < 844
        assert page.locator(".reperes-objectifs").bounding_box()["y"] < 844
        objectifs = page.locator(".reperes-objectifs").bounding_box()
        for bas in (".reperes-version", ".reperes-module-details"):
            assert carte.locator(bas).bounding_box()["y"] > objectifs["y"] + objectifs["height"], bas
        assert page.locator(".reperes-seance-ouvrir").count() == 0  # the trainer's, on the trainer's sheet
        assert page.locator("#pst-back-to-top, .back-to-top").count() == 0  # nothing floats over the content
        assert page.locator("a[href^='tel:']").count() >= 1
        v.capture("chemin-module-1-390")
        petites["module 1"] = cibles_trop_petites(page)

        resultat = valider_module(page, justes(site.sortie, un))
        assert "Module validé" in resultat, resultat
        bilan = page.locator(".reperes-validation-bilan")
        expect(bilan).to_be_focused()  # the result, read out first; the next step right under it
        suivant = bilan.get_by_role("link", name=f"Module suivant : {modules[1].titre}")
        expect(suivant).to_be_visible()
        expect(bilan.get_by_role("link", name="Ma progression")).to_be_visible()
        expect(suivant).to_be_in_viewport()  # in the same screen as the score
        expect(bilan.locator(".reperes-validation-score")).to_be_in_viewport()
        v.capture("chemin-resultat-390")
        petites["résultat"] = cibles_trop_petites(page)
        page.keyboard.press("Tab")  # from the result, the next step is the next tap or key
        expect(suivant).to_be_focused()

        suivant.click()
        expect(page.locator(".reperes-parcours-nav.reperes-parcours-choisi li:not([hidden])")).to_contain_text(f"module 2 sur {len(modules)}")
        assert _chemin(page, site.sortie) == deux
        # The sidebar lists the parcours's modules first, in its order.
        barre = page.locator(".bd-sidenav li.reperes-dans-le-parcours > a").evaluate_all(
            "l => l.map(a => a.textContent.trim())")
        assert barre == [m.titre for m in modules], barre
        v.capture("chemin-module-2-390")
        petites["module 2"] = cibles_trop_petites(page)

        page = v.ouvrir("training/ma-progression.html")
        choix = page.locator("#reperes-choix-parcours")
        expect(choix).to_have_value("parcours-atsem")
        boite = choix.bounding_box()
        assert boite["height"] >= 44 and boite["x"] >= 0 and boite["x"] + boite["width"] <= 390, boite
        # What remains for the socle comes first: before the parcours's full list, without module 1.
        section = page.locator("section[data-parcours=parcours-atsem]")
        reste = section.locator(".reperes-progression-reste")
        expect(reste).to_be_visible()
        socle = [m for m in modules if m.id in inst.un_parcours["parcours-atsem"].socle]
        attendus = [m.titre for m in socle if m.id != modules[0].id]
        assert reste.locator("ol > li > a").all_inner_texts() == attendus
        expect(reste.get_by_role("link", name=f"Continuer : {attendus[0]}")).to_be_visible()
        assert reste.bounding_box()["y"] < section.locator(".reperes-progression-liste").bounding_box()["y"]
        v.capture("chemin-progression-390")
        petites["progression"] = cibles_trop_petites(page)
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

        assert not any(petites.values()), petites
        assert v.externes == [] and v.erreurs == []


def test_sans_parcours_le_module_suivant_suit_le_catalogue(site, navigateur):
    """No parcours chosen: after the result, « Module suivant » is the catalogue's next module, and a
    module page's sidebar and « Suivant » follow the catalogue's order, not the file names."""
    from reperes.instantane import instantane
    from reperes.module import ordre_catalogue

    catalogue = ordre_catalogue(instantane(site.env))
    chemin = catalogue[2].docname + ".html"
    soupe = site.soupe(chemin)
    barre = [a.get_text(strip=True) for a in soupe.select(".bd-sidenav li.toctree-l2 > a")
             if not a["href"].startswith("../")]  # the modules, next to this one; not the parcours pages
    assert [t.replace("\u00a0", " ") for t in barre] == [m.titre.replace("\u00a0", " ") for m in catalogue]
    assert soupe.select_one(".prev-next-area a.right-next")["href"].endswith(catalogue[3].docname.split("/")[-1] + ".html")
    with Visite(navigateur, site.sortie, largeur=390, hauteur=844) as v:
        from navigation import valider_module

        page = v.ouvrir(chemin)
        valider_module(page, justes(site.sortie, chemin))
        page.locator(".reperes-validation-bilan").get_by_role("link", name=f"Module suivant : {catalogue[3].titre}").click()
        expect(page).to_have_url(site.sortie.resolve().as_uri() + "/" + catalogue[3].docname + ".html")
        # Once validated, the next step stays under the module's state, after a reload too.
        page = v.ouvrir(chemin)
        expect(page.locator(".reperes-validation .reperes-validation-suite").get_by_role(
            "link", name=f"Module suivant : {catalogue[3].titre}")).to_be_visible()
        assert v.externes == [] and v.erreurs == []


def test_apres_un_echec_la_suite_et_les_sections_nommees(site, navigateur):
    """A failed pass shows the next step too, and the sections to reread each by its own name: a
    quoted rule by its title in the guide, never « règle du guide » four times."""
    from navigation import cibles_trop_petites, commencer_validation, repondre, terminer_validation, tirees

    _, modules = _atsem(site)
    chemin = modules[1].docname + ".html"
    bons = justes(site.sortie, chemin)
    with Visite(navigateur, site.sortie, largeur=390, hauteur=844) as v:
        page = v.ouvrir(chemin + "#parcours=parcours-atsem")
        # Fail by missing every question (their feedback points to the guide).
        commencer_validation(page)
        for q in tirees(page):
            repondre(page, q, bons[q], juste=False)
        resultat = terminer_validation(page)
        assert "Module non validé" in resultat, resultat
        bilan = page.locator(".reperes-validation-bilan")
        expect(bilan).to_be_focused()
        suivant = bilan.get_by_role("link", name=f"Module suivant : {modules[2].titre}")
        expect(suivant).to_be_in_viewport()  # next to the score, not under the objectives to work on
        expect(bilan.get_by_role("link", name="Ma progression")).to_be_visible()
        noms = bilan.locator("a.reperes-relire").all_inner_texts()
        assert noms and len(set(noms)) == len(noms), noms
        assert not [n for n in noms if n.strip().lower() in ("règle du guide", "règle")], noms
        assert any(n.endswith("(règle du guide)") for n in noms), noms
        v.capture("chemin-echec-390")
        assert cibles_trop_petites(page) == []
        assert v.externes == [] and v.erreurs == []


def test_le_catalogue_tient_dans_un_telephone(site, navigateur):
    """No « Publics » column, no sideways scroll (not even inside the table's box) at 390 px; the
    durations are the modules' own, never written by hand."""
    from reperes.instantane import instantane

    inst = instantane(site.env)
    soupe = site.soupe("training/catalogue.html")
    assert [th.get_text(strip=True) for th in soupe.select("table.reperes-catalogue thead th")] == [
        "Module", "Durée", "Questions"]
    texte = soupe.select_one("article").get_text(" ").replace("\u00a0", " ")
    durees = sorted(m.duree for m in inst.modules)
    assert f"de {durees[0]} à {durees[-1]} min chacun" in texte
    assert "10 à 20 minutes" not in texte
    lignes = {tr.select_one("a").get_text().replace("\u00a0", " "): tr.select("td")[1].get_text().replace("\u00a0", " ")
              for tr in soupe.select("table.reperes-catalogue tbody tr")}
    assert lignes == {m.titre.replace("\u00a0", " "): f"{m.duree} min" for m in inst.modules}
    with Visite(navigateur, site.sortie, largeur=390, hauteur=844) as v:
        page = v.ouvrir("training/catalogue.html")
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        table = page.locator("table.reperes-catalogue")
        assert table.evaluate("t => t.parentElement.scrollWidth - t.parentElement.clientWidth") <= 0
        assert table.bounding_box()["x"] + table.bounding_box()["width"] <= 390
        from navigation import cibles_trop_petites

        assert cibles_trop_petites(page) == []
        v.capture("catalogue-telephone-390")


def test_aucun_texte_anglais_dans_l_interface(site, navigateur):
    """Every built page, and the pages as the browser shows them (search, a result opened from it,
    a module, « Ma progression »): no English word of Sphinx's or the theme's interface."""
    from bs4 import NavigableString

    from navigation import TEXTES_D_INTERFACE, anglais

    fautes = {}
    for page in site.pages():
        if "_static" in page.parts:
            continue
        soupe = site.soupe(str(page.relative_to(site.sortie)))  # shared: read, never modified
        lu = " ".join(t for t in soupe.find_all(string=True)
                      if type(t) is NavigableString and t.parent.name not in ("script", "style"))
        textes = [lu] + [valeur for el in soupe.find_all(True)
                                          for a in ("aria-label", "title", "placeholder", "alt")
                                          if (valeur := el.get(a))]
        if trouves := anglais(textes):
            fautes[str(page.relative_to(site.sortie))] = trouves[:3]
    assert not fautes, fautes
    with Visite(navigateur, site.sortie, largeur=390, hauteur=844) as v:
        for chemin in ("search.html?q=enfant", "guide/que-faire.html?highlight=enfant", "training/modules/circuit-alerte.html",
                       "training/ma-progression.html", "index.html"):
            page = v.ouvrir(chemin)
            if chemin.startswith("search"):
                page.wait_for_selector("#search-results p.search-summary:not(:empty)", timeout=15000)
            if "highlight" in chemin:
                expect(page.locator(".highlight-link a, a[href*='hideSearchWords']").first).to_be_visible()
            trouves = anglais(page.evaluate(TEXTES_D_INTERFACE))
            assert not trouves, (chemin, trouves)
        assert v.externes == []


@pytest.fixture(scope="module")
def racine_validation(racine_construite):
    """The small root with a validation bank; its practice feedback opens with its own verdict (« Non : »)."""
    sortie, avertissements = racine_construite("test-validation")
    assert avertissements == ""
    return sortie


def test_un_seul_verdict_par_retour(racine_validation, navigateur):
    """A feedback that says « Non : … » gets no « Non. » before it, in practice and in the key
    shown after a passed validation; the status line keeps its own sentence."""
    from navigation import valider_module

    page_ = "training/modules/huit.html"
    bons = justes(racine_validation, page_)
    with Visite(navigateur, racine_validation, largeur=390, hauteur=844) as v:
        page = v.ouvrir(page_)
        quiz = page.locator("#quiz-q-1")
        faux = next(i for i in quiz.locator("input").evaluate_all("l => l.map(e => e.value)") if i not in bons["q-1"])
        quiz.locator(f"label[for=quiz-q-1-{faux}]").click()
        quiz.get_by_role("button", name="Vérifier").click()
        retour = quiz.locator(f"#quiz-q-1-{faux}-retour").inner_text().replace("\u00a0", " ").strip()
        assert retour.startswith("Non : retour") and "Non." not in retour, retour
        expect(quiz.locator("[role=status]")).to_contain_text("Ce n’est pas la bonne réponse")
        valider_module(page, bons)
        cle = page.locator(".reperes-passe .reperes-corrige-affiche").first
        textes = cle.locator(".reperes-corrige-option").evaluate_all("l => l.map(li => li.textContent.trim())")
        assert textes and all(not t.startswith(("Juste.", "Faux.")) for t in textes), textes
        assert v.erreurs == []
