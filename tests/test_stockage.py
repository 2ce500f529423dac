"""The browser's faults (issue 24), on the test root's site opened from disk: storage refused,
throwing or full; an unreadable record; hostile shapes; a clock outside the receipt code's
range; two tabs; search without storage. Chromium (Playwright), and Firefox ESR for storage
refused (``dom.storage.enabled`` false) and throwing."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
from bs4 import BeautifulSoup

from navigation import (Visite, commencer_validation, justes, ouvrir_sections_a_relire, repondre, terminer_validation,
                        valider_module)

pytestmark = pytest.mark.navigateur
MODULE = "training/modules/accueil.html"
CLE = "reperes.progression.v2"
# localStorage that throws on every use, as with some privacy settings.
LANCE = """Object.defineProperty(window, "localStorage", {configurable: true,
  get() { throw new DOMException("Accès refusé", "SecurityError"); }});"""
# Storage full: reads work, every write throws.
PLEIN = """Storage.prototype.setItem = function () { throw new DOMException("Quota", "QuotaExceededError"); };"""


@pytest.fixture(scope="module")
def site_lms(racine_construite):
    sortie, avertissements = racine_construite("test-lms")
    assert avertissements == ""
    return sortie


def _version(site) -> str:
    soupe = BeautifulSoup((site / MODULE).read_text(encoding="utf-8"), "html.parser")
    return soupe.select_one(".reperes-validation")["data-version"]


# The test root keeps the theme's layout: its search code fails on every page from disk, and the
# theme's own scripts read localStorage unguarded (their errors, not ours).
AUTRES = re.compile(r"_ready is not defined|Got invalid theme mode|^Accès refusé$|^Quota$|Failed to fetch|CORS policy|"
                    r"net::ERR_FAILED")


def _nos_erreurs(v) -> list[str]:
    return [e for e in v.erreurs if not AUTRES.search(e)]


@pytest.mark.parametrize("script", [LANCE, PLEIN], ids=["refuse", "plein"])
def test_sans_stockage_la_validation_va_jusqu_au_score(site_lms, navigateur, script):
    bons = justes(site_lms, MODULE)
    with Visite(navigateur, site_lms) as v:
        v.contexte.add_init_script(script)
        page = v.ouvrir(MODULE)
        alerte = page.locator(".reperes-alerte-stockage")
        assert "ne garde pas votre progression" in alerte.inner_text()
        bilan = valider_module(page, bons, rater={"accueil-05"})
        assert "Score : 4 sur 5" in bilan and "Module validé" in bilan
        # Practice then another pass, all in this page's memory.
        assert "non validé" in valider_module(page, bons, rater={"accueil-01", "accueil-02"})
        assert v.externes == [] and _nos_erreurs(v) == [], v.erreurs


def test_enregistrement_illisible_mis_de_cote(site_lms, navigateur):
    bons = justes(site_lms, MODULE)
    abime = '{"quiz": abîmé'
    with Visite(navigateur, site_lms) as v:
        page = v.semer({CLE: abime}, MODULE)
        assert "n’a pas pu être lue" in page.locator(".reperes-alerte-stockage").inner_text()
        repondre(page, "accueil-01", bons["accueil-01"], juste=True, bouton="Vérifier")
        stock = page.evaluate(f"[localStorage.getItem('{CLE}'), localStorage.getItem('{CLE}.illisible')]")
        assert stock[1] == abime and "accueil-01" in json.loads(stock[0])["quiz"]
        # Read again (what this page left, set in the next one: Chromium from disk may show a page
        # reloaded at once the storage as it was before the last writes): the aside copy is not
        # overwritten, and no message any more.
        page = v.semer({CLE: stock[0], f"{CLE}.illisible": abime}, MODULE)
        assert page.locator(".reperes-alerte-stockage").count() == 0
        assert "déjà réussi" in page.locator("#quiz-accueil-01 [role=status]").inner_text()
        assert page.evaluate(f"localStorage.getItem('{CLE}.illisible')") == abime
        assert _nos_erreurs(v) == []


def test_formes_hostiles_ecartees(site_lms, navigateur):
    bons, version = justes(site_lms, MODULE), _version(site_lms)
    hostile = {"version": 2, "parcours": 'x"]', "quiz": {"accueil-01": "oui", "accueil-02": {"e": 3, "ok": 1}},
               "modules": {"accueil": "validé", "alerte": {"valide": {"v": "x", "d": "hier", "s": 9, "n": 2}}},
               "passes": {"accueil": {"v": version, "graine": 7, "d": "2026-03-02", "ids": sorted(bons) + ['x"]'],
                                      "reponses": {"accueil-01": ["99", "<img>"], "accueil-02": bons["accueil-02"],
                                                   "inconnue": ["1"]}}}}
    with Visite(navigateur, site_lms) as v:
        page = v.semer({CLE: json.dumps(hostile)}, MODULE)
        page.wait_for_selector(".reperes-validation-outils")
        # The pass goes on: the answer to a question it did not draw is dropped, a bad id too.
        assert "2 questions répondues sur 5" in page.locator(".reperes-validation-statut").inner_text()
        for q in ("accueil-01", "accueil-03", "accueil-04", "accueil-05"):
            repondre(page, q, bons[q], juste=True)
        assert "Score : 5 sur 5" in terminer_validation(page)
        stock = json.loads(page.evaluate(f"localStorage.getItem('{CLE}')"))
        assert "parcours" not in stock and "alerte" not in stock["modules"] and stock["quiz"] == {}
        assert _nos_erreurs(v) == [], v.erreurs


@pytest.mark.parametrize("annee", [1990, 2060])
def test_horloge_hors_de_portee_refusee(site_lms, navigateur, annee):
    bons = justes(site_lms, MODULE)
    with Visite(navigateur, site_lms) as v:
        v.contexte.clock.install(time=datetime(annee, 3, 1, 10, tzinfo=timezone.utc))
        page = v.ouvrir(MODULE)
        alerte = page.locator(".reperes-alerte-stockage").inner_text()
        assert "hors de la période" in alerte and str(annee) in alerte
        assert "Module validé" in valider_module(page, bons)  # the pass runs, in memory only
        assert page.evaluate(f"localStorage.getItem('{CLE}')") is None
        assert _nos_erreurs(v) == []


def test_deux_onglets_se_suivent(site_lms, navigateur):
    bons = justes(site_lms, MODULE)
    with Visite(navigateur, site_lms) as v:
        a = v.ouvrir(MODULE)
        a.on("dialog", lambda d: d.accept())
        commencer_validation(a)
        b = v.contexte.new_page()
        b.on("dialog", lambda d: d.accept())
        b.goto(a.url)
        b.wait_for_selector(".reperes-validation.reperes-en-validation")
        repondre(b, "accueil-01", bons["accueil-01"], juste=True)
        # Tab A shows the answer given in B.
        a.locator("#quiz-accueil-01 input:checked").first.wait_for()
        assert "1 question répondue sur 5" in a.locator(".reperes-validation-statut").inner_text()
        b.get_by_role("button", name="Abandonner la validation").click()
        a.locator(".reperes-validation:not(.reperes-en-validation)").wait_for()
        assert "abandonnée dans un autre onglet" in a.locator(".reperes-validation-statut").inner_text()
        # B starts a pass again and A answers in it: B shows A's answer.
        ouvrir_sections_a_relire(b)
        commencer_validation(b)
        a.locator(".reperes-validation.reperes-en-validation").wait_for()
        repondre(a, "accueil-02", bons["accueil-02"], juste=True)
        b.locator("#quiz-accueil-02 input:checked").first.wait_for()
        # A tab whose pass ended elsewhere says so instead of losing the answer silently.
        b.get_by_role("button", name="Abandonner la validation").click()
        a.locator(".reperes-validation:not(.reperes-en-validation)").wait_for()
        assert _nos_erreurs(v) == []


@pytest.mark.parametrize("script", ["", LANCE], ids=["stockage", "sans-stockage"])
def test_recherche_sans_stockage(site_lms, navigateur, script):
    with Visite(navigateur, site_lms) as v:
        if script:
            v.contexte.add_init_script(script)
        page = v.ouvrir("search.html?q=alerte")
        page.wait_for_selector("#search-results ul.search li", timeout=15000)
        assert page.locator("#search-results ul.search li").count() >= 1
        assert [e for e in v.erreurs if "reperes" in e] == []


# -- Firefox ESR -----------------------------------------------------------------------------------
def _passe_firefox(v, bons: dict[str, list[str]]) -> None:
    """A validation pass, every drawn question answered right, then « Terminer la validation »."""
    v.bouton("Commencer la validation").click()
    for section in v.tous(".reperes-passe section.reperes-quiz"):
        for i in bons[section.get_attribute("data-quiz-id")]:
            v.cliquer(f"input[value='{i}']", section)
    v.bouton("Terminer la validation").click()


def test_firefox_stockage_desactive(site_lms, firefox):
    from firefox import VisiteFirefox

    bons = justes(site_lms, MODULE)
    firefox.preference("dom.storage.enabled", False)
    try:
        with VisiteFirefox(firefox, site_lms) as v:
            v.ouvrir(MODULE)
            assert "ne garde pas votre progression" in v.texte(".reperes-alerte-stockage")
            _passe_firefox(v, bons)
            bilan = v.texte(".reperes-validation-bilan")
            assert "Score : 5 sur 5" in bilan and "Module validé" in bilan, bilan
            v.ouvrir("search.html?q=alerte")
            v.attendre(lambda: v.tous("#search-results ul.search li"), delai=15)
            assert [e for e in v.erreurs if "reperes" in e] == [], v.erreurs
    finally:
        firefox.preference("dom.storage.enabled", True)


def test_firefox_stockage_qui_lance(site_lms, firefox):
    """A page script makes localStorage throw (as a privacy add-on may): same outcome."""
    from firefox import VisiteFirefox

    bons = justes(site_lms, MODULE)
    with VisiteFirefox(firefox, site_lms) as v:
        v.ouvrir(MODULE)
        v.js("localStorage.setItem('reperes.progression.v2', '{abîmé')")
        v.recharger()
        assert "n’a pas pu être lue" in v.texte(".reperes-alerte-stockage")
        _passe_firefox(v, bons)
        assert "Score : 5 sur 5" in v.texte(".reperes-validation-bilan")
        assert v.js("return localStorage.getItem('reperes.progression.v2.illisible')") == "{abîmé"


def test_la_portee_de_l_horloge_est_celle_du_code():
    """reperes.js refuses a clock outside the receipt code's days: the same start and span."""
    import sys

    from conftest import RACINE

    sys.path.insert(0, str(RACINE / "_ext"))
    from reperes.attestation import BITS_JOURS, EPOQUE

    js = (RACINE / "_ext" / "reperes" / "static" / "reperes.js").read_text(encoding="utf-8")
    assert f'var DEBUT = "{EPOQUE.isoformat()}", JOURS = {2 ** BITS_JOURS};' in js
