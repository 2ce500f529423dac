"""The site as agents live it: Debian's Chromium, driven by Playwright, on the built site
opened from disk (file://) with every request outside the build folder blocked.

Screenshots of each page type go to tests/artefacts/ (git-ignored, kept by CI as artefacts).
"""

from __future__ import annotations

import pytest

from playwright.sync_api import expect

from navigation import Visite, justes

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


@pytest.mark.parametrize("requete,attendue,rang_max", [
    ("119", "guide/le-119.html", 3), ("434-3", "guide/cadre-legal.html", 1), ("L226-2-1", "guide/cadre-legal.html", 5),
    ("17", "guide/que-faire.html", None), ("bleus", "training/modules/reperer-violences-physiques.html", None),
])
def test_recherche_chiffres_et_resumes_depuis_le_disque(site, navigateur, requete, attendue, rang_max):
    """Numbers and article references are found; every result shows its one-line summary."""
    with Visite(navigateur, site.sortie) as v:
        resultats = _chercher(v, requete)
        liens = [resultats.nth(i).locator("a").first.get_attribute("href") for i in range(resultats.count())]
        assert attendue in liens, (requete, liens[:10])
        if rang_max:
            assert liens.index(attendue) < rang_max, (requete, liens[:5])
        resumes = [resultats.nth(i).locator(".reperes-resume").inner_text() for i in range(resultats.count())]
        assert all(len(r) >= 25 for r in resumes), resumes
        assert v.externes == [] and v.erreurs == []


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
def test_le_premier_resultat_des_mots_des_agents(site, navigateur, requete, premier):
    """Each word's first result is the page that answers it; a glossary hit shows its own term's
    definition; trainers' pages are marked and come after every agents' page."""
    with Visite(navigateur, site.sortie) as v:
        resultats = _chercher(v, requete)
        liens = [resultats.nth(i).locator("a").first.get_attribute("href") for i in range(resultats.count())]
        assert liens and liens[0] == premier, (requete, liens[:5])
        resumes = [resultats.nth(i).locator(".reperes-resume").inner_text() for i in range(resultats.count())]
        if "#term-" in premier:  # the term's own definition, not the glossary's first entry
            from reperes.domaine import domaine

            page, ancre = premier.split(".html#")
            attendu = domaine(site.env).doc(page)["resumes_ancres"][ancre]
            assert resumes[0] == attendu, resumes[0]
        formateurs = [i for i, l in enumerate(liens) if l.startswith(("training/formateurs/", "training/livrets/"))]
        if formateurs:
            assert formateurs == list(range(len(liens) - len(formateurs), len(liens))), liens
            for i in formateurs:
                assert resultats.nth(i).locator(".reperes-pour-formateurs").inner_text() == "Pour les formateurs"
        assert v.externes == [] and v.erreurs == []


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
