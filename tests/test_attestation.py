"""Completion receipts: the code (round trip, typos caught), the import into the records
(refused lines with their reason, idempotence), the recyclage arithmetic at its boundaries,
and, in Debian's Chromium, a parcours finished in the browser whose code Python decodes and
imports so that the rebuilt dashboard counts one more trained agent — with the agent's name
typed on the receipt found in no storage."""

from __future__ import annotations

import dataclasses
import os
import random
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import RACINE, construire, copier_racine
from navigation import Visite, justes, valider_module

sys.path.insert(0, str(RACINE / "_ext"))
from reperes.attestation import (  # noqa: E402
    ALPHABET, EPOQUE, CodeInvalide, ParcoursConnu, code_parcours, decoder, condensat_versions, encoder,
)
from reperes.attestation.importer import importer  # noqa: E402
from reperes.couverture import calcul, regles, sorties  # noqa: E402
from reperes.couverture.suivi import Realisation, charger_suivi  # noqa: E402
from reperes.donnees import DonneesInvalides  # noqa: E402
from reperes.populations import Population  # noqa: E402

AUJOURDHUI = date(2026, 11, 24)
CODE = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


# -- the code -------------------------------------------------------------------------------------
def test_alphabet_sans_caractere_ambigu():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32 and not set("01IO") & set(ALPHABET)


@pytest.mark.parametrize("parcours,jours,versions", [
    (0, 0, 0), (4095, 8191, 2**30 - 1), (code_parcours("parcours-atsem"), 700, 123456789),
    *[(random.Random(n).randrange(4096), random.Random(n + 1).randrange(8192),
       random.Random(n + 2).randrange(2**30)) for n in range(20)],
])
def test_aller_retour(parcours, jours, versions):
    code = encoder(parcours, EPOQUE + timedelta(days=jours), versions)
    assert CODE.match(code), code
    recu = decoder(code)
    assert (recu.parcours, recu.date, recu.versions) == (parcours, EPOQUE + timedelta(days=jours), versions)
    # What a person may type: lowercase, spaces, no hyphens.
    assert decoder(code.lower().replace("-", " ")) == recu


def test_hors_format_refuse():
    with pytest.raises(ValueError):
        encoder(0, EPOQUE - timedelta(days=1), 0)
    with pytest.raises(ValueError):
        encoder(4096, EPOQUE, 0)


def _codes_au_hasard(n=40):
    alea = random.Random(2026)
    return [encoder(alea.randrange(4096), EPOQUE + timedelta(days=alea.randrange(8192)), alea.randrange(2**30))
            for _ in range(n)]


def test_toute_faute_de_frappe_d_un_caractere_est_detectee():
    """Every position, every other symbol of the alphabet: refused by the check symbol."""
    for code in _codes_au_hasard():
        texte = code.replace("-", "")
        for i in range(len(texte)):
            for c in ALPHABET:
                if c != texte[i]:
                    with pytest.raises(CodeInvalide, match="caractère de contrôle faux"):
                        decoder(texte[:i] + c + texte[i + 1:])


def test_toute_inversion_de_deux_caracteres_voisins_est_detectee():
    for code in _codes_au_hasard():
        texte = code.replace("-", "")
        for i in range(len(texte) - 1):
            if texte[i] != texte[i + 1]:
                with pytest.raises(CodeInvalide, match="caractère de contrôle faux"):
                    decoder(texte[:i] + texte[i + 1] + texte[i] + texte[i + 2:])


def test_propriete_exhaustive_du_controle():
    """The proof in the module's docstring, checked on every case: in GF(32) the weights αᵏ
    (k = 0…11) are non-zero and αᵏ⁺¹ ≠ αᵏ, and a·w = b·w only when a = b."""
    from reperes.attestation import _fois_alpha

    def fois(a, b):  # product in GF(32)
        r = 0
        for i in range(5):
            if b >> i & 1:
                x = a
                for _ in range(i):
                    x = _fois_alpha(x)
                r ^= x
        return r

    poids = [1]
    for _ in range(11):
        poids.append(_fois_alpha(poids[-1]))
    assert all(poids) and len(set(poids)) == 12
    for k in range(11):
        for a in range(32):
            for b in range(32):
                if a != b:
                    assert fois(a, poids[k]) != fois(b, poids[k])  # substitution
                    assert fois(a, poids[k + 1]) ^ fois(b, poids[k]) != fois(b, poids[k + 1]) ^ fois(a, poids[k])


@pytest.mark.parametrize("code,message", [
    ("K7MQ-3XP9-R2T", "12 caractères attendus"),
    ("K7MQ-3XP9-R2T0", "« 0 »"),
    ("O7MQ-3XP9-R2TD", "« O »"),
])
def test_code_mal_forme(code, message):
    with pytest.raises(CodeInvalide, match=message):
        decoder(code)


# -- import ------------------------------------------------------------------------------------------
POPS = {
    "animation": Population("animation", "Animation", 100, "données d'exemple", "2026-01-01", 2),
    "atsem": Population("atsem", "ATSEM", 50, "données d'exemple", "2026-01-01", 3),
}
MODULES = {"circuit", "physique", "option"}
ANIM = ParcoursConnu("parcours-animation", "Parcours animation", "animation", (("circuit", "aaa111"), ("physique", "bbb222")))
ATSEM = ParcoursConnu("parcours-atsem", "Parcours ATSEM", "atsem", (("circuit", "aaa111"), ("physique", "bbb222")))
CATALOGUE = {p.code: p for p in (ANIM, ATSEM)}
ENTETE_SUIVI = "agent;population;module;date;mode;version\n"


def code_de(p: ParcoursConnu, quand=date(2026, 10, 1), modules=None) -> str:
    return encoder(p.code, quand, condensat_versions(list(modules or p.modules)))


def importer_texte(tmp_path, lignes: list[str], suivi: str | None = ENTETE_SUIVI, sep=";"):
    codes = tmp_path / "codes.csv"
    codes.write_text("code;agent;population\n".replace(";", sep) + "".join(l + "\n" for l in lignes), encoding="utf-8")
    chemin = tmp_path / "suivi.csv"
    if suivi is not None:
        chemin.write_text(suivi, encoding="utf-8")
    rapport = importer(codes, "codes.csv", CATALOGUE, POPS, MODULES, chemin, "suivi.csv", AUJOURDHUI)
    return rapport, chemin


def test_import_ajoute_une_ligne_par_module(tmp_path):
    rapport, chemin = importer_texte(tmp_path, [f"{code_de(ANIM)};AG-1;animation"])
    assert rapport.rejets == [] and (rapport.acceptes, rapport.ajoutees) == (1, 2)
    assert chemin.read_text(encoding="utf-8") == ENTETE_SUIVI + (
        "AG-1;animation;circuit;2026-10-01;en ligne;aaa111\n"
        "AG-1;animation;physique;2026-10-01;en ligne;bbb222\n")
    # The result is what the dashboard reads: the agent is trained.
    suivi = charger_suivi(chemin, "suivi.csv", POPS, MODULES, AUJOURDHUI)
    assert regles.formes_a(suivi.realisations, {"animation": ["circuit", "physique"]}, AUJOURDHUI, 3) == {
        "animation": {"AG-1"}}


def test_import_deux_fois_n_ajoute_rien(tmp_path):
    lignes = [f"{code_de(ANIM)};AG-1;animation", f"{code_de(ATSEM, date(2026, 9, 2))},AG-2,atsem".replace(",", ";")]
    premier, chemin = importer_texte(tmp_path, lignes)
    apres_un = chemin.read_bytes()
    second = importer(tmp_path / "codes.csv", "codes.csv", CATALOGUE, POPS, MODULES, chemin, "suivi.csv", AUJOURDHUI)
    assert chemin.read_bytes() == apres_un
    assert (premier.ajoutees, second.ajoutees, second.acceptes, second.deja) == (4, 0, 2, 2)
    assert "2 code(s) déjà importé(s) avant" in second.texte("suivi.csv")


def test_import_garde_le_format_du_suivi(tmp_path):
    """A spreadsheet's file: BOM, « , », CRLF, columns in another order — all kept."""
    existant = "\ufeffversion,mode,date,module,population,agent\r\n,présentiel,2026-03-01,option,animation,AG-0\r\n"
    rapport, chemin = importer_texte(tmp_path, [f"{code_de(ANIM)};AG-1;animation"], existant)
    brut = chemin.read_bytes()
    assert brut.startswith(b"\xef\xbb\xbfversion,mode") and brut.count(b"\r\n") == 4
    assert brut.decode("utf-8-sig").endswith("aaa111,en ligne,2026-10-01,circuit,animation,AG-1\r\n"
                                             "bbb222,en ligne,2026-10-01,physique,animation,AG-1\r\n")


def test_import_cree_le_suivi_absent(tmp_path):
    codes = tmp_path / "codes.csv"
    codes.write_text("\ufeffcode,agent,population\n" + f"{code_de(ANIM)},AG-1,animation\n", encoding="utf-8")
    chemin = tmp_path / "prive" / "suivi.csv"
    importer(codes, "codes.csv", CATALOGUE, POPS, MODULES, chemin, "suivi.csv", AUJOURDHUI)
    assert chemin.read_text(encoding="utf-8").startswith(ENTETE_SUIVI + "AG-1;animation;circuit;2026-10-01;")


def test_chaque_ligne_refusee_avec_sa_raison(tmp_path):
    inconnu = ParcoursConnu("parcours-inconnu", "?", "animation", ANIM.modules)
    bon = code_de(ANIM)
    faute = bon[:-1] + ("2" if bon[-1] != "2" else "3")
    lignes = [
        f"{bon};AG-1;animation",  # 2: accepted
        f"{code_de(inconnu)};AG-2;animation",  # 3
        f"{code_de(ANIM, modules=[('circuit', 'aaa111'), ('physique', 'ancien')])};AG-3;animation",  # 4
        f"{code_de(ANIM, AUJOURDHUI + timedelta(days=1))};AG-4;animation",  # 5
        f"{code_de(ANIM)};AG-5;atsem",  # 6
        f"{faute};AG-6;animation",  # 7
        f"{code_de(ANIM)};Marie Dupont;animation",  # 8
        f"{code_de(ATSEM)};AG-1;atsem",  # 9: AG-1 is in animation (line 2)
    ]
    rapport, chemin = importer_texte(tmp_path, lignes)
    textes = [str(p) for p in rapport.rejets]
    attendus = [
        ("codes.csv:3:1:", "parcours inconnu"),
        ("codes.csv:4:1:", "versions de modules périmées"),
        ("codes.csv:5:1:", "dans le futur"),
        ("codes.csv:6:3:", "ce code est celui du parcours « Parcours animation »"),
        ("codes.csv:7:1:", "caractère de contrôle faux"),
        ("codes.csv:8:2:", "identifiant d'agent invalide"),
        ("codes.csv:9:3:", "déjà rattaché à la population « animation » (codes.csv, ligne 2)"),
    ]
    assert len(textes) == len(attendus), textes
    for (lieu, raison), texte in zip(attendus, textes):
        assert texte.startswith(lieu) and raison in texte, texte
    assert "Marie Dupont" not in " ".join(textes)
    assert (rapport.acceptes, rapport.ajoutees, rapport.lignes_rejetees) == (1, 2, 7)
    assert chemin.read_text(encoding="utf-8").count("\n") == 3


def test_import_refuse_de_rendre_le_suivi_invalide(tmp_path):
    """The records file is validated as the dashboard will: an import that would stop the
    build (here, more agents than the head count) writes nothing."""
    pops = {"animation": dataclasses.replace(POPS["animation"], effectif=1)}
    codes = tmp_path / "codes.csv"
    codes.write_text(f"code;agent;population\n{code_de(ANIM)};AG-1;animation\n{code_de(ANIM)};AG-2;animation\n",
                     encoding="utf-8")
    chemin = tmp_path / "suivi.csv"
    chemin.write_text(ENTETE_SUIVI, encoding="utf-8")
    with pytest.raises(DonneesInvalides, match="2 agents dans ce fichier pour un effectif de 1"):
        importer(codes, "codes.csv", CATALOGUE, pops, MODULES, chemin, "suivi.csv", AUJOURDHUI)
    assert chemin.read_text(encoding="utf-8") == ENTETE_SUIVI
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codes.csv", "suivi.csv"]  # no temporary file left


# -- recyclage ------------------------------------------------------------------------------------------
SOCLE = {"animation": ["circuit", "physique"], "atsem": ["circuit", "physique"]}


def r(agent, module, quand, population="animation", version="", ligne=2):
    return Realisation(agent, population, module, quand, "en ligne", version, ligne)


def forme_le(agent, quand, population="animation", version=""):
    return [r(agent, m, quand, population, version) for m in ("circuit", "physique")]


def test_trois_ans_exactement_le_jour_anniversaire_ne_compte_plus():
    """A completion on D counts up to D + 3 years − 1 day; on the anniversary it has expired."""
    realisations = forme_le("A", date(2023, 11, 24))
    assert regles.formes_a(realisations, SOCLE, date(2026, 11, 23), 3) == {"animation": {"A"}}
    assert regles.formes_a(realisations, SOCLE, date(2026, 11, 24), 3) == {}
    veille = regles.recyclage(realisations, SOCLE, date(2026, 11, 23), 3, {})
    jour = regles.recyclage(realisations, SOCLE, date(2026, 11, 24), 3, {})
    assert veille["a_renouveler"] == {"animation": {"A"}} and veille["expires"] == {"animation": set()}
    assert jour["expires"] == {"animation": {"A"}} and jour["a_renouveler"] == {}


def test_29_fevrier():
    realisations = forme_le("A", date(2024, 2, 29))
    assert regles.formes_a(realisations, SOCLE, date(2027, 2, 28), 3) == {"animation": {"A"}}
    assert regles.formes_a(realisations, SOCLE, date(2027, 3, 1), 3) == {}


def test_a_renouveler_dans_les_six_mois_bornes():
    """Expiry on 2026-11-24 (completed 2023-11-24): « à renouveler » from 2026-05-24 (six
    months before, included), not on 2026-05-23."""
    realisations = forme_le("A", date(2023, 11, 24))
    assert regles.recyclage(realisations, SOCLE, date(2026, 5, 23), 3, {})["a_renouveler"] == {"animation": set()}
    assert regles.recyclage(realisations, SOCLE, date(2026, 5, 24), 3, {})["a_renouveler"] == {"animation": {"A"}}
    assert regles.mois_apres(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_expire_seulement_si_tout_le_socle_a_ete_termine():
    realisations = forme_le("A", date(2020, 1, 1)) + [r("B", "circuit", date(2020, 1, 1))]
    assert regles.recyclage(realisations, SOCLE, AUJOURDHUI, 3, {})["expires"] == {"animation": {"A"}}
    # A new completion of the expired module: trained again, no longer expired.
    realisations += [r("A", "circuit", date(2026, 1, 1)), r("A", "physique", date(2026, 1, 1))]
    groupes = regles.recyclage(realisations, SOCLE, AUJOURDHUI, 3, {})
    assert groupes["expires"] == {"animation": set()}


def test_a_actualiser_selon_la_derniere_realisation_valable():
    versions = {"circuit": "neuf01", "physique": "neuf02"}
    realisations = [
        *forme_le("A", date(2026, 1, 1), version="vieux0"),  # stale
        r("B", "circuit", date(2026, 1, 1), version="vieux0"), r("B", "circuit", date(2026, 6, 1), version="neuf01"),
        r("C", "circuit", date(2026, 1, 1), version="vieux0"), r("C", "circuit", date(2026, 6, 1)),  # in person
        r("D", "circuit", date(2020, 1, 1), version="vieux0"),  # expired: not counted as stale
        r("E", "option", date(2026, 1, 1), version="vieux0"),  # module without known version
    ]
    assert regles.recyclage(realisations, SOCLE, AUJOURDHUI, 3, versions)["a_actualiser"] == {"animation": {"A"}}


def test_recyclage_masque_comme_le_reste():
    pops = {**POPS, "sport": Population("sport", "Sport", 30, "données d'exemple", "2026-01-01", 4)}
    socle = {**SOCLE, "sport": ["circuit", "physique"]}
    realisations = [x for i in range(8) for x in forme_le(f"A{i}", date(2023, 12, 1 + i), version="vieux0")]
    realisations += [x for i in range(6) for x in forme_le(f"T{i}", date(2026, 1, 1), "atsem", "vieux0")]
    realisations += [x for i in range(7) for x in forme_le(f"S{i}", date(2026, 1, 1), "sport",
                                                             "vieux0" if i < 2 else "neuf01")]
    c = calcul.calculer(realisations, pops, socle, AUJOURDHUI, seuil=5, versions={"circuit": "neuf01"})
    anim, atsem, sport = c.recyclage
    total = c.recyclage_total
    assert [anim.formes, atsem.formes, sport.formes, total.formes] == [8, 6, 7, 21]
    # À renouveler: 8, 0, 0 — two masked cells, the total stays.
    assert [anim.a_renouveler, atsem.a_renouveler, sport.a_renouveler, total.a_renouveler] == [8, None, None, 8]
    # Nobody expired: every cell and the total masked (zero included).
    assert [anim.expires, atsem.expires, sport.expires, total.expires] == [None] * 4
    # À actualiser: 8, 6, 2 — sport masked, and atsem with it (else total − 8 − 6 = sport).
    assert [anim.a_actualiser, atsem.a_actualiser, sport.a_actualiser, total.a_actualiser] == [8, None, None, 16]
    # Nobody is one module short (everyone has both or neither): masked, zero included.
    assert [anim.a_un_module, total.a_un_module] == [None, None]
    assert sorties.lignes_recyclage(c)[0] == ["Animation", "8", "8", "<\u00a05", "8", "<\u00a05"]
    entete, *lignes = sorties.csv_populations(c).lstrip("\ufeff").splitlines()
    assert entete.endswith(";a_renouveler_6_mois;expires;a_actualiser;a_un_module_du_socle")
    assert lignes[0].endswith(";8;< 5;8;< 5") and lignes[2].endswith(";< 5;< 5;< 5;< 5")
    assert lignes[3].endswith(";8;< 5;16;< 5")
    assert "À renouveler dans les 6 mois" in sorties.texte_terminal(c)


def test_a_un_module_du_socle():
    """Agents who validly completed every socle module but one: the ones to reach first."""
    socle = {"animation": ["circuit", "physique", "option"]}
    realisations = [r("A", "circuit", date(2026, 1, 1)), r("A", "physique", date(2026, 1, 2)),  # one short
                    r("B", "circuit", date(2026, 1, 1)),  # two short
                    r("C", "circuit", date(2022, 1, 1)), r("C", "physique", date(2026, 1, 1)),  # circuit expired
                    *[r("D", m, date(2026, 1, 1)) for m in ("circuit", "physique", "option")]]  # trained
    assert regles.a_un_module(realisations, socle, AUJOURDHUI, 3) == {"animation": {"A"}}


# -- build time ------------------------------------------------------------------------------------------
def _deux_ids_en_collision() -> tuple[str, str]:
    vus = {}
    for n in range(100000):
        pid = f"parcours-{n}"
        if code_parcours(pid) in vus:
            return vus[code_parcours(pid)], pid
        vus[code_parcours(pid)] = pid
    raise AssertionError


def test_deux_parcours_au_meme_code_refuses(tmp_path, rootdir):
    src = copier_racine(rootdir, "test-attestation", tmp_path)
    a, b = _deux_ids_en_collision()
    for fichier, pid in (("animation.md", a), ("atsem.md", b)):
        page = src / "training" / "parcours" / fichier
        page.write_text(re.sub(r":id: \S+", f":id: {pid}", page.read_text(encoding="utf-8")), encoding="utf-8")
    _, avertissements = construire(src, src / "_build")
    assert "atsem.md:3: WARNING: parcours « %s » : son code d'attestation" % b in avertissements
    assert "[reperes.attestation]" in avertissements


@pytest.fixture(scope="module")
def racine(tmp_path_factory, rootdir):
    """The test root, records written relative to today: 6 trained agents in animation,
    5 in atsem and in sport (all visible, ≥ 5), then built in HTML."""
    src = copier_racine(rootdir, "test-attestation", tmp_path_factory.mktemp("attestation"))
    quand = (date.today() - timedelta(days=30)).isoformat()
    lignes = [f"AG-{pop}-{i};{pop};{m};{quand};présentiel;" for pop, n in (("animation", 6), ("atsem", 5), ("sport", 5))
              for i in range(n) for m in ("circuit", "physique")]
    (src / "data" / "suivi.csv").write_text(ENTETE_SUIVI + "\n".join(lignes) + "\n", encoding="utf-8")
    _, avertissements = construire(src, src / "_build")
    assert avertissements == ""
    return src


def formes_affiches(src: Path) -> dict[str, str]:
    soupe = BeautifulSoup((src / "_build" / "html" / "pilotage.html").read_text(encoding="utf-8"), "html.parser")
    return {tr.select("td")[0].get_text(strip=True): tr.select("td")[2].get_text(strip=True)
            for tr in soupe.select("table#couverture-populations tbody tr")}


def test_donnees_pour_le_js_et_rien_hors_html(racine, tmp_path):
    soupe = BeautifulSoup((racine / "_build" / "html" / "training" / "ma-progression.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert soupe.select_one(".reperes-progression")["data-alphabet"] == ALPHABET
    section = soupe.select_one("section[data-parcours=parcours-animation]")
    assert int(section["data-code-parcours"]) == code_parcours("parcours-animation")
    versions = [(li["data-module"], li["data-version"]) for li in section.select("li.reperes-progression-module")]
    assert int(section["data-code-versions"]) == condensat_versions(versions)
    assert section.select_one("button.reperes-attestation-obtenir").find_parent("p").has_attr("hidden")
    assert "un reçu, pas une preuve" in soupe.select_one(".reperes-attestation").get_text()
    assert all(ALPHABET not in s.get_text() for s in soupe.select("script"))  # no inline JS globals
    # Text builder: no receipt, no button (they need the browser).
    src = copier_racine(racine.parent, racine.name, tmp_path)
    construire(src, src / "_build", "text")
    texte = (src / "_build" / "text" / "training" / "ma-progression.txt").read_text(encoding="utf-8")
    assert "s’utilise sur le site" in texte and "attestation" not in texte.lower()


# -- in the browser ------------------------------------------------------------------------------------
def terminer_parcours(onglet: Visite) -> None:
    """Validate every module of the parcours: one pass, every question right."""
    for module in ("circuit", "physique"):
        page = onglet.ouvrir(f"training/modules/{module}.html")
        bilan = valider_module(page, justes(onglet.racine, f"training/modules/{module}.html"))
        assert "Module validé" in bilan, bilan


def ouvrir_attestation(page, parcours="parcours-animation"):
    page.locator(f"section[data-parcours={parcours}]").get_by_role("button", name="Obtenir mon attestation").click()
    vue = page.locator(".reperes-attestation")
    assert vue.is_visible()
    return vue


@pytest.mark.navigateur
def test_code_du_navigateur_decode_importe_et_compte(racine, navigateur):
    with Visite(navigateur, racine / "_build" / "html") as onglet:
        page = onglet.ouvrir("training/ma-progression.html")
        assert not page.get_by_role("button", name="Obtenir mon attestation").first.is_visible()
        terminer_parcours(onglet)
        page = onglet.ouvrir("training/ma-progression.html")
        vue = ouvrir_attestation(page)
        code = vue.locator(".reperes-attestation-code").inner_text()
        assert CODE.match(code), code
        assert vue.locator(".reperes-attestation-parcours").inner_text() == "Parcours : Animateurs périscolaires"
        modules = vue.locator(".reperes-attestation-modules li").all_inner_texts()
        assert [re.sub(r"version [0-9a-f]{6}$", "version …", m) for m in modules] == [
            "Le circuit d’alerte — version …", "Repérer les violences physiques — version …"]
        assert not page.locator(".reperes-progression-parcours").first.is_visible()  # the view replaces the lists
        assert "un reçu, pas une preuve" in vue.inner_text()
        # Printed alone: the rest of the page is invisible on paper.
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.reperes-progression-note')).visibility") == "hidden"
        assert page.evaluate("getComputedStyle(document.querySelector('.reperes-attestation-code')).visibility") == "visible"
        assert onglet.externes == [] and onglet.erreurs == []

    # Python reads what the JS wrote.
    recu = decoder(code)
    assert recu.parcours == code_parcours("parcours-animation")
    assert recu.date == datetime.now(timezone.utc).date()  # the validation stores the UTC day
    versions = [(m, re.search(r"version ([0-9a-f]{6})$", t).group(1)) for m, t in zip(("circuit", "physique"), modules)]
    assert recu.versions == condensat_versions(versions)

    # The manager imports it (as `make attestations FILE=…` does); the dashboard counts one more.
    assert formes_affiches(racine)["Animateurs périscolaires"] == "6"
    codes = racine / "codes.csv"
    codes.write_text(f"code;agent;population\n{code.lower()};AG-NOUVEAU;animation\n", encoding="utf-8")
    commande = [sys.executable, "-m", "reperes.attestation", str(codes), "--source", str(racine)]
    env = {"PYTHONPATH": str(RACINE / "_ext"), "PATH": os.environ.get("PATH", "")}
    resultat = subprocess.run(commande, capture_output=True, text=True, env=env, timeout=300)
    assert resultat.returncode == 0, resultat.stderr
    assert "1 code(s) accepté(s) : 2 ligne(s) ajoutée(s) à data/suivi.csv" in resultat.stdout
    suivi = (racine / "data" / "suivi.csv").read_text(encoding="utf-8")
    assert suivi.count("AG-NOUVEAU;animation;") == 2 and ";en ligne;" in suivi
    # Twice: nothing added the second time.
    deuxieme = subprocess.run(commande, capture_output=True, text=True, env=env, timeout=300)
    assert deuxieme.returncode == 0 and "0 ligne(s) ajoutée(s)" in deuxieme.stdout
    assert (racine / "data" / "suivi.csv").read_text(encoding="utf-8") == suivi

    _, avertissements = construire(racine, racine / "_build", freshenv=False)
    assert avertissements == ""
    assert formes_affiches(racine)["Animateurs périscolaires"] == "7"
    # The ATSEM code of the same person is refused: wrong population for that parcours.
    codes.write_text(f"code;agent;population\n{code};AG-AUTRE;atsem\n", encoding="utf-8")
    refus = subprocess.run(commande, capture_output=True, text=True, env=env, timeout=300)
    assert refus.returncode == 2 and "codes.csv:2:3: population « atsem »" in refus.stdout


@pytest.mark.navigateur
def test_le_nom_n_est_garde_nulle_part(racine, navigateur):
    nom = "Zoé Confidentielle-Témoin"
    with Visite(navigateur, racine / "_build" / "html") as onglet:
        terminer_parcours(onglet)
        page = onglet.ouvrir("training/ma-progression.html")
        vue = ouvrir_attestation(page)
        champ = vue.get_by_label("Nom (facultatif, pour l’impression)")
        champ.fill(nom)
        champ.press("Tab")
        assert champ.input_value() == nom
        assert "reperes.progression.v2" in onglet.stockage()  # the dump does see what is stored
        assert nom not in onglet.stockage() and "Confidentielle" not in onglet.stockage()
        vue.get_by_role("button", name="Fermer").click()
        assert not vue.is_visible() and champ.input_value() == ""
        assert page.locator(".reperes-progression-parcours").first.is_visible()
        # Typed again, then the page reloaded without closing the view.
        ouvrir_attestation(page)
        champ.fill(nom)
        page.reload()
        assert "Confidentielle" not in onglet.stockage()
        ouvrir_attestation(page)
        assert champ.input_value() == ""
        assert onglet.externes == [] and onglet.erreurs == []
        # The open view passes axe-core (its own console noise comes after the check above).
        from axe_playwright_python.sync_playwright import Axe

        fautes = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert not fautes, fautes
