"""Content-Security-Policy and referrer policy on every page (issue 24, reperes/csp.py), the site
still whole from disk in Chromium and Firefox ESR under that policy; the doctrees outside the
published folder."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from conftest import RACINE, soupe_de
from navigation import Visite, justes, valider_module

MODULE = "training/modules/accueil.html"
# Every CSP violation of the page, kept where a test can read it.
ESPION = """window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber));"""


@pytest.fixture(scope="module")
def site_csp(racine_construite):
    sortie, avertissements = racine_construite("test-lms")
    assert avertissements == ""
    return sortie


def _refus(erreurs: list[str]) -> list[str]:
    """The errors the policy caused (the test root keeps the theme's layout, whose search code
    fails from disk for reasons of its own: only the policy's refusals count here)."""
    return [e for e in erreurs if re.search(r"Content.Security.Policy|EvalError|unsafe-eval|unsafe-inline|Refused", e, re.I)]


def _politique(soupe) -> str:
    meta = soupe.select_one('meta[http-equiv="Content-Security-Policy"]')
    return meta["content"] if meta else ""


def _verifier_les_pages(racine):
    pages = sorted(p for p in racine.rglob("*.html") if "_static" not in p.parts)
    for page in pages:
        soupe = soupe_de(page)
        politique = _politique(soupe)
        assert "script-src 'self' file:" in politique and "'unsafe-inline'" not in politique.split("script-src")[1].split(";")[0], page
        assert "object-src 'none'" in politique
        assert soupe.select_one('meta[name=referrer]')["content"] == "no-referrer", page
        # The policy comes before any script or style sheet of the head.
        tete = [t for t in soupe.head.find_all(True)]
        premier = next(i for i, t in enumerate(tete) if t.name in ("script", "link", "style"))
        assert tete.index(soupe.select_one('meta[http-equiv="Content-Security-Policy"]')) < premier, page
        # Each inline script is allowed by its hash; no inline event handler.
        for script in soupe.find_all("script"):
            if script.get("src") or not script.string:
                continue
            h = base64.b64encode(hashlib.sha256(script.string.encode()).digest()).decode()
            assert f"'sha256-{h}'" in politique, (page, script.string[:80])
        assert not [a for t in soupe.find_all(True) for a in t.attrs if a.startswith("on")], page
    return pages


def test_chaque_page_porte_la_politique(site_csp):
    assert len(_verifier_les_pages(site_csp)) >= 8


def test_le_vrai_site_sans_script_en_ligne(site):
    """The site's own layout: the theme's colour-mode script is a file, the search page has no
    inline script of the theme's either; the doctrees are not in the published folder."""
    assert len(_verifier_les_pages(site.sortie)) > 50
    for page in ("index.html", "search.html", "training/modules/circuit-alerte.html"):
        soupe = site.soupe(page)
        assert soupe.select_one("script[src$='reperes-mode.js'][data-mode]")
        assert "localStorage" not in str(soupe.head)
    assert not (site.sortie / ".doctrees").exists()


@pytest.mark.navigateur
def test_le_site_marche_sous_la_politique_dans_chromium(site_csp, navigateur):
    bons = justes(site_csp, MODULE)
    with Visite(navigateur, site_csp) as v:
        v.contexte.add_init_script(ESPION)
        page = v.ouvrir(MODULE)
        assert page.evaluate("document.documentElement.dataset.mode") == "auto"
        assert "Module validé" in valider_module(page, bons)
        assert page.evaluate("window.__violations") == []
        page = v.ouvrir("search.html?q=alerte")
        page.wait_for_selector("#search-results ul.search li", timeout=15000)
        assert page.evaluate("window.__violations") == []
        page = v.ouvrir("index.html")
        assert page.evaluate("window.__violations") == []
        assert _refus(v.erreurs) == [] and v.externes == [], v.erreurs


@pytest.mark.navigateur
def test_le_site_marche_sous_la_politique_dans_firefox(site_csp, firefox):
    from firefox import VisiteFirefox

    bons = justes(site_csp, MODULE)
    with VisiteFirefox(firefox, site_csp) as v:
        v.ouvrir(MODULE)
        assert v.js("return document.documentElement.dataset.mode") == "auto"
        v.bouton("Commencer la validation").click()
        for section in v.tous(".reperes-passe section.reperes-quiz"):
            for i in bons[section.get_attribute("data-quiz-id")]:
                v.cliquer(f"input[value='{i}']", section)
        v.bouton("Terminer la validation").click()
        assert "Module validé" in v.texte(".reperes-validation-bilan")
        v.ouvrir("search.html?q=alerte")
        v.attendre(lambda: v.tous("#search-results ul.search li"), delai=15)
        assert _refus(v.erreurs) == [] and v.externes == [], v.erreurs


def test_doctrees_hors_du_dossier_publie():
    makefile = (RACINE / "Makefile").read_text(encoding="utf-8")
    assert "DOCTREES := $(BUILD)/doctrees" in makefile
    for cible in ("html", "serve"):
        regle = re.search(rf"^{cible}:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
        assert "-d $(DOCTREES)" in regle, cible
