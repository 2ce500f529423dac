"""The core flows in Firefox ESR, the browser of most French administrations: Debian's
firefox-esr driven by marionette-driver (tests/firefox.py), one instance for the session, on
built sites opened from disk (file://), every outside request blocked and recorded.

Skipped on a developer's machine without firefox-esr, an error under CI=true (conftest.py)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from conftest import RACINE
from firefox import VisiteFirefox
from navigation import justes

pytestmark = pytest.mark.navigateur

MODULE = "training/modules/circuit-alerte.html"
CODE = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


def _propre(v: VisiteFirefox) -> None:
    assert v.externes == [], v.externes
    assert v.erreurs == [], v.erreurs


def _stock(v: VisiteFirefox) -> dict:
    return json.loads(v.js("return localStorage.getItem(window.wrappedJSObject.Reperes.cle)") or "{}")


def _verifier(v: VisiteFirefox, quiz_id: str, *indexes: str, bouton: str = "Vérifier") -> None:
    """Choose these options (by clicking their labels), then press the question's button."""
    quiz = v.trouver(f"#quiz-{quiz_id}")
    for i in indexes:
        v.cliquer(f"label[for=quiz-{quiz_id}-{i}]", quiz)
    v.bouton(bouton, quiz).click()


# -- 1. a quiz answered, with its feedback ------------------------------------------------------
def test_quiz_faux_puis_juste_avec_retour(site, firefox):
    bons = justes(site.sortie, MODULE)["circuit-01"]
    with VisiteFirefox(firefox, site.sortie) as v:
        v.ouvrir(MODULE)
        assert v.tous("#quiz-circuit-01 details.reperes-corrige") == []  # the key left the page
        valeurs = [i.get_attribute("value") for i in v.tous("#quiz-circuit-01 input")]
        faux = next(i for i in valeurs if i not in bons)
        _verifier(v, "circuit-01", faux)
        statut = v.texte("#quiz-circuit-01 [role=status]")
        assert "pas la bonne réponse" in statut, statut
        # The feedback sits under the chosen option, and only there.
        assert v.texte(f"#quiz-circuit-01-{faux}-retour").startswith("Non.")
        assert all(v.texte(f"#quiz-circuit-01-{i}-retour") == "" for i in valeurs if i != faux)
        _verifier(v, "circuit-01", bons[0])
        assert v.texte("#quiz-circuit-01 [role=status]") == "Bonne réponse."
        assert v.texte(f"#quiz-circuit-01-{bons[0]}-retour").startswith("Juste.")
        v.capture("firefox-quiz-repondu")
        _propre(v)


# -- 2. progress seen on another page and kept after a reload ---------------------------------
def test_progression_sur_une_autre_page_et_apres_rechargement(site, firefox):
    bons = justes(site.sortie, MODULE)
    etat = ".reperes-progression-parcours [data-module=circuit-alerte] .reperes-etat"
    with VisiteFirefox(firefox, site.sortie) as v:
        v.ouvrir(MODULE)
        total = len(v.tous("section.reperes-quiz"))
        for quiz_id in ("circuit-01", "circuit-02"):
            _verifier(v, quiz_id, *bons[quiz_id])
            assert v.texte(f"#quiz-{quiz_id} [role=status]") == "Bonne réponse."
        attendu = f"entraînement en cours (2/{total})"
        assert attendu in v.texte(".reperes-module-progression")

        v.ouvrir("training/ma-progression.html")  # another page of the same site, from disk
        assert attendu in v.texte(etat)
        v.recharger()
        assert attendu in v.texte(etat)
        assert set(_stock(v)["quiz"]) == {"circuit-01", "circuit-02"}

        v.ouvrir(MODULE)  # and back on the module: its state and the question already passed
        assert attendu in v.texte(".reperes-module-progression")
        assert "déjà réussi" in v.texte("#quiz-circuit-01 [role=status]")
        _propre(v)


# -- 3. a validation pass and the receipt code ---------------------------------------------------
@pytest.fixture(scope="module")
def validation(racine_construite):
    sortie, avertissements = racine_construite("test-validation")
    assert avertissements == ""
    return sortie


def test_validation_puis_code_d_attestation(validation, firefox):
    import sys

    sys.path.insert(0, str(RACINE / "_ext"))
    from reperes.attestation import code_parcours, condensat_versions, decoder, etiquette_agent

    page = "training/modules/huit.html"
    bons = justes(validation, page)
    with VisiteFirefox(firefox, validation) as v:
        v.ouvrir("training/ma-progression.html")
        assert not v.visible(".reperes-attestation-obtenir")  # nothing validated yet
        v.ouvrir(page)

        def passe(juste: bool) -> list[str]:
            """A pass drawn from the bank (issue 21): answered without any feedback, then finished."""
            v.bouton("Commencer la validation" if not _stock(v).get("modules") else "Recommencer la validation").click()
            tirees = [s.get_attribute("data-quiz-id") for s in v.tous(".reperes-passe section.reperes-quiz")]
            assert len(tirees) == 6 and all(q.startswith("b-") for q in tirees), tirees
            assert v.tous("details") == [] and v.tous("#quiz-q-1") == []  # no key; practice out of the page
            for quiz_id in tirees:
                quiz = v.trouver(f"#quiz-{quiz_id}")
                valeurs = [i.get_attribute("value") for i in v.tous("input", quiz)]
                choix = bons[quiz_id] if juste else [next(x for x in valeurs if x not in bons[quiz_id])]
                for i in choix:
                    v.cliquer(f"label[for=quiz-{quiz_id}-{i}]", quiz)
            texte = v.texte(".reperes-passe").replace("\u00a0", " ")
            assert ": retour" not in texte and "Juste." not in texte and "Bonne réponse" not in texte, texte
            v.bouton("Terminer la validation").click()
            return tirees

        premiere = passe(juste=False)
        bilan = v.texte(".reperes-validation-bilan").replace("\u00a0", " ")
        assert "Score : 0 sur 6 (0 %)" in bilan and "Sections du guide à relire" in bilan, bilan
        assert "1 tentative" in v.texte(".reperes-module-progression")
        assert not v.bouton("Recommencer la validation").is_enabled()  # locked until the sections are opened
        while v.tous(".reperes-validation-bilan li:not(.reperes-relu) a.reperes-relire"):
            v.trouver(".reperes-validation-bilan li:not(.reperes-relu) a.reperes-relire").click()
            v.attendre(lambda: "guide.html" in v.m.get_url())
            v.ouvrir(page)
        assert v.bouton("Recommencer la validation").is_enabled()
        seconde = passe(juste=True)
        assert len(set(premiere) & set(seconde)) <= 3
        bilan = v.texte(".reperes-validation-bilan").replace("\u00a0", " ")
        assert "Score : 6 sur 6 (100 %)" in bilan and "Module validé" in bilan, bilan
        assert "Oui : retour" in v.texte(".reperes-passe").replace("\u00a0", " ")  # feedback once passed
        assert _stock(v)["modules"]["huit"]["valide"]["s"] == 6 and _stock(v)["modules"]["huit"]["tentatives"] == 2

        v.ouvrir("training/ma-progression.html")
        parcours = v.trouver("section[data-parcours=parcours-animation]")
        assert "validé le" in v.texte("li[data-module=huit] .reperes-etat", parcours)
        v.bouton("Obtenir mon attestation", parcours).click()
        assert v.visible(".reperes-attestation")
        # The code is bound to the agent's identifier, typed (never stored) before it appears.
        assert "identifiant" in v.texte(".reperes-attestation-code")
        v.taper("#attestation-agent", "EX-0042")
        v.attendre(lambda: CODE.match(v.texte(".reperes-attestation-code")))
        code = v.texte(".reperes-attestation-code")
        modules = [li.text for li in v.tous(".reperes-attestation-modules li")]
        v.capture("firefox-attestation")
        _propre(v)

    assert CODE.match(code), code
    recu = decoder(code)
    assert recu.parcours == code_parcours("parcours-animation")
    assert recu.date == datetime.now(timezone.utc).date()  # the validation stores the UTC day
    versions = [("huit", re.search(r"version ([0-9a-f]{6})$", modules[0]).group(1))]
    assert recu.versions == condensat_versions(versions)
    assert recu.agent == etiquette_agent("EX-0042", recu.parcours, recu.date, recu.versions)


# -- 4. without JavaScript -------------------------------------------------------------------------
def test_sans_javascript_formulaires_et_corrige_a_deplier(site, firefox):
    with VisiteFirefox(firefox, site.sortie, javascript=False) as v:
        v.ouvrir(MODULE)
        assert v.js("return typeof window.wrappedJSObject.Reperes") == "undefined"  # JS really off
        assert v.visible(".reperes-validation-sansjs")  # the validation says it needs JS
        assert not v.visible(".reperes-validation-outils")
        quiz = v.trouver("#quiz-circuit-01")
        assert not v.visible(".reperes-quiz-actions", quiz)  # no dead button
        champ = v.trouver("input", quiz)
        v.cliquer(f"label[for={champ.get_attribute('id')}]", quiz)  # a real form control
        assert champ.is_selected()
        details = v.trouver("details.reperes-corrige", quiz)
        retour = v.trouver(".reperes-corrige .reperes-quiz-retour", quiz)
        assert details.get_property("open") is False and not retour.is_displayed()
        v.cliquer("summary", details)
        assert details.get_property("open") is True and retour.is_displayed()
        assert len(v.tous("details.reperes-corrige")) == len(v.tous("section.reperes-quiz"))
        v.capture("firefox-sans-js")
        assert v.externes == []
    # The next visit has JavaScript again.
    with VisiteFirefox(firefox, site.sortie) as v:
        v.ouvrir(MODULE)
        assert v.js("return typeof window.wrappedJSObject.Reperes") == "object"


# -- 5. the search, from disk -----------------------------------------------------------------------
def _resultats(v: VisiteFirefox, requete: str) -> list:
    v.ouvrir(f"search.html?q={requete}")
    # Sphinx writes its summary once the search has run, results or none.
    assert v.attendre(lambda: v.tous("#search-results p.search-summary")
                      and v.texte("#search-results p.search-summary").strip(), delai=15)
    return [(li.text, li.find_element("css selector", "a").get_attribute("href"))
            for li in v.tous("#search-results ul.search li")]


def test_recherche_francaise(site, firefox):
    """« signalements » finds the pages that say « signalement » (French stemmer, searchindex.js
    read as a script from disk)."""
    with VisiteFirefox(firefox, site.sortie) as v:
        resultats = _resultats(v, "signalements")
        assert any("signalement" in texte.lower() for texte, _ in resultats), resultats
        _propre(v)


def test_recherche_119(site, firefox):
    """The numbers are indexed (_ext/reperes/recherche.py): « 119 » finds the guide's 119 page first."""
    with VisiteFirefox(firefox, site.sortie) as v:
        resultats = _resultats(v, "119")
        _propre(v)
    assert resultats, "aucun résultat pour « 119 »"
    liens = [lien.split("#")[0] for _, lien in resultats]
    assert any(lien.endswith("guide/le-119.html") for lien in liens[:3]), liens[:5]


# -- 6. the agent's way through, at 1 280 px (issue 25) ------------------------------------------------
def test_le_chemin_de_l_agent(site, firefox):
    """home → « Je me forme » → ATSEM → « Commencer » (module 1) → a validation → « Module suivant »
    lands on module 2 of the ATSEM parcours. Each tap is a real click (Marionette refuses a click
    that another element would take: nothing floats over the options); tap targets of at least
    24 px; `tel:` links; no English interface text."""
    from navigation import CIBLES_TROP_PETITES, TEXTES_D_INTERFACE, anglais
    from reperes.instantane import instantane

    inst = instantane(site.env)
    modules = [inst.module[m] for m in inst.un_parcours["parcours-atsem"].modules]
    un, deux = modules[0].docname + ".html", modules[1].docname + ".html"
    bons = justes(site.sortie, un)

    def ici() -> str:
        return v.m.get_url().split("#")[0].removeprefix(site.sortie.resolve().as_uri() + "/")

    def controles() -> None:
        petites = v.js(f"return ({CIBLES_TROP_PETITES})()")
        assert petites == [], (ici(), petites)
        textes = anglais(v.js(f"return ({TEXTES_D_INTERFACE})()"))
        assert textes == [], (ici(), textes)

    with VisiteFirefox(firefox, site.sortie, largeur=1280, hauteur=900) as v:
        v.ouvrir("index.html")
        assert v.tous("a[href='tel:119']")
        controles()
        v.trouver(".sd-card a.sd-stretched-link[href='training/index.html']").click()
        v.suivre("training/index.html")
        controles()
        carte = next(li for li in v.tous("li.reperes-choix") if "ATSEM" in li.text)
        next(a for a in v.tous("a", carte) if a.text == "Commencer").click()
        v.suivre(un, lambda: v.tous(".reperes-parcours-nav.reperes-parcours-choisi"))
        assert f"module 1 sur {len(modules)}" in v.texte(".reperes-parcours-nav li:not([hidden])")
        assert v.tous("#pst-back-to-top, .back-to-top") == [] and v.tous(".reperes-seance-ouvrir") == []
        v.capture("firefox-chemin-module-1")
        controles()

        v.bouton("Commencer la validation").click()
        tirees = [s.get_attribute("data-quiz-id") for s in v.tous(".reperes-passe section.reperes-quiz")]
        assert tirees
        for quiz_id in tirees:
            quiz = v.trouver(f"#quiz-{quiz_id}")
            for i in bons[quiz_id]:
                v.cliquer(f"label[for=quiz-{quiz_id}-{i}]", quiz)  # a real click: refused if something covers it
        v.bouton("Terminer la validation").click()
        bilan = v.trouver(".reperes-validation-bilan")
        assert "Module validé" in bilan.text, bilan.text
        assert v.js("return document.activeElement.classList.contains('reperes-validation-bilan')")
        suivant = v.trouver("a.reperes-module-suivant", bilan)
        assert suivant.text == f"Module suivant : {modules[1].titre}"
        assert [a.text for a in v.tous(".reperes-validation-suite a", bilan)][1] == "Ma progression"
        dans_l_ecran = "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;"
        assert v.js(dans_l_ecran, suivant)  # next to the result, in the same screen
        v.capture("firefox-chemin-resultat")
        controles()
        suivant.click()
        v.suivre(deux, lambda: v.tous(".reperes-parcours-nav.reperes-parcours-choisi"))
        assert f"module 2 sur {len(modules)}" in v.texte(".reperes-parcours-nav li:not([hidden])")
        assert [a.get_property("textContent").strip() for a in v.tous(".bd-sidenav li.reperes-dans-le-parcours > a")] \
            == [m.titre for m in modules]
        v.capture("firefox-chemin-module-2")
        controles()

        v.ouvrir("training/ma-progression.html")
        choix = v.trouver("#reperes-choix-parcours")
        assert choix.get_property("value") == "parcours-atsem"
        assert choix.rect["height"] >= 44
        reste = v.trouver("section[data-parcours=parcours-atsem] .reperes-progression-reste")
        assert reste.is_displayed() and modules[0].titre not in reste.text
        v.capture("firefox-chemin-progression")
        controles()
        _propre(v)
