"""The pilotage dashboard: records validated with file:line:column, the trained-agent rule,
the projection, masking (secondary suppression included), the built pages (HTML, LaTeX),
and no agent identifier anywhere in the output."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import RACINE, construire, copier_racine

sys.path.insert(0, str(RACINE / "_ext"))
from reperes.couverture import calcul, formats, masquage, regles, sorties  # noqa: E402
from reperes.couverture.suivi import Realisation, charger_suivi  # noqa: E402
from reperes.donnees import DonneesInvalides  # noqa: E402
from reperes.populations import Population, charger_populations  # noqa: E402

AUJOURDHUI = date(2026, 11, 24)
POPS = {
    "animation": Population("animation", "Animation", 100, "données d'exemple", "2026-01-01", 2),
    "atsem": Population("atsem", "ATSEM", 3, "données d'exemple", "2026-01-01", 3),
}
MODULES = {"circuit", "physique", "option"}
SOCLE = {"animation": ["circuit", "physique"], "atsem": ["circuit", "physique"]}
ENTETE = "agent;population;module;date;mode;version\n"


def ecrire(tmp_path: Path, texte: str | bytes, nom: str = "suivi.csv") -> Path:
    chemin = tmp_path / nom
    if isinstance(texte, bytes):
        chemin.write_bytes(texte)
    else:
        chemin.write_text(texte, encoding="utf-8")
    return chemin


def problemes(tmp_path, texte, **kwargs) -> list[str]:
    chemin = ecrire(tmp_path, texte)
    with pytest.raises(DonneesInvalides) as exc:
        charger_suivi(chemin, "suivi.csv", kwargs.get("pops", POPS), MODULES, AUJOURDHUI)
    return [str(p) for p in exc.value.problemes]


# -- reading ------------------------------------------------------------------------------------
@pytest.mark.parametrize("sep,bom", [(";", False), (",", True)])
def test_suivi_valide_separateur_rapporte(tmp_path, sep, bom):
    texte = (ENTETE + "A-1;animation;circuit;2026-03-01;présentiel;abc123\n"
             "A-1;animation;physique;02/03/2026;en ligne;\n").replace(";", sep)
    chemin = ecrire(tmp_path, ("\ufeff" if bom else "") + texte)
    suivi = charger_suivi(chemin, "suivi.csv", POPS, MODULES, AUJOURDHUI)
    assert [r.date for r in suivi.realisations] == [date(2026, 3, 1), date(2026, 3, 2)]
    assert ("point-virgule (;)" if sep == ";" else "virgule (,)") in suivi.description
    assert ("avec BOM" in suivi.description) == bom


@pytest.mark.parametrize("ligne,attendu", [
    ("A-1;inconnue;circuit;2026-03-01;présentiel;", "suivi.csv:2:2: population « inconnue » inconnue"),
    ("A-1;animation;inconnu;2026-03-01;présentiel;", "suivi.csv:2:3: module « inconnu » inconnu"),
    ("A-1;animation;circuit;2026-13-01;présentiel;", "suivi.csv:2:4: date « 2026-13-01 » invalide"),
    ("A-1;animation;circuit;31/02/2026;présentiel;", "suivi.csv:2:4: date « 31/02/2026 » invalide"),
    ("A-1;animation;circuit;2027-01-01;présentiel;", "suivi.csv:2:4: date « 2027-01-01 » dans le futur"),
    ("A-1;animation;circuit;2026-03-01;visio;", "suivi.csv:2:5: mode « visio » invalide"),
    ("Marie Dupont;animation;circuit;2026-03-01;présentiel;", "suivi.csv:2:1: identifiant d'agent invalide"),
    ("A-1;animation;circuit;2026-03-01;présentiel", "suivi.csv:2:6: 5 colonnes au lieu de 6"),
])
def test_ligne_invalide_situee(tmp_path, ligne, attendu):
    trouves = problemes(tmp_path, ENTETE + ligne + "\n")
    assert len(trouves) == 1 and trouves[0].startswith(attendu), trouves


def test_message_ne_cite_jamais_l_agent(tmp_path):
    trouves = problemes(tmp_path, ENTETE + "AGENT-SECRET-4242;inconnue;circuit;2026-03-01;présentiel;\n")
    assert "AGENT-SECRET-4242" not in " ".join(trouves)


def test_doublon_et_agent_dans_deux_populations(tmp_path):
    trouves = problemes(tmp_path, ENTETE + "A-1;animation;circuit;2026-03-01;présentiel;\n"
                                            "A-1;animation;circuit;01/03/2026;en ligne;\n"
                                            "A-1;atsem;physique;2026-03-02;présentiel;\n")
    assert trouves[0].startswith("suivi.csv:3:1: ligne en double") and "ligne 2" in trouves[0]
    assert trouves[1].startswith("suivi.csv:4:2: cet agent est rattaché à la population « animation » ligne 2")


def test_plus_d_agents_que_l_effectif(tmp_path):
    lignes = "".join(f"A-{i};atsem;circuit;2026-03-01;présentiel;\n" for i in range(5))
    trouves = problemes(tmp_path, ENTETE + lignes)
    # The 4th agent of a population of 3 is where the file goes wrong.
    assert trouves == ["suivi.csv:5:2: population « atsem » : 5 agents dans ce fichier pour un effectif de 3 "
                       "(fichier des populations, ligne 3) : mettez l'effectif à jour ou corrigez la population "
                       "des lignes en trop."]


def test_tous_les_problemes_listes(tmp_path):
    trouves = problemes(tmp_path, ENTETE + "A-1;inconnue;circuit;2026-03-01;présentiel;\n"
                                            "A-2;animation;circuit;hier;présentiel;\n"
                                            "A-3;animation;circuit;2026-03-01;fax;\n")
    assert [t.split(": ")[0] for t in trouves] == ["suivi.csv:2:2", "suivi.csv:3:4", "suivi.csv:4:5"]


def test_mauvais_encodage(tmp_path):
    trouves = problemes(tmp_path, (ENTETE + "A-1;animation;circuit;2026-03-01;présentiel;\n").encode("latin-1"))
    assert trouves[0].startswith("suivi.csv:2:") and "encodage" in trouves[0]


def test_mauvais_separateur(tmp_path):
    trouves = problemes(tmp_path, ENTETE.replace(";", "\t") + "A-1\tanimation\tcircuit\t2026-03-01\tprésentiel\t\n")
    assert trouves[0].startswith("suivi.csv:1: en-tête non reconnu")


@pytest.mark.parametrize("effectif,message", [("-3", "effectif « -3 » invalide"), ("12,5", "effectif « 12,5 » invalide")])
def test_effectif_invalide(tmp_path, effectif, message):
    chemin = ecrire(tmp_path, f"id;libelle;effectif;source;date\natsem;ATSEM;{effectif};DRH;2026-01-01\n", "pop.csv")
    with pytest.raises(DonneesInvalides) as exc:
        charger_populations(chemin, "pop.csv", AUJOURDHUI)
    assert str(exc.value.problemes[0]).startswith(f"pop.csv:2:3: {message}")


# -- who is trained -------------------------------------------------------------------------------
def r(agent, module, quand, population="animation", mode="présentiel", ligne=2):
    return Realisation(agent, population, module, quand, mode, "", ligne)


def test_forme_quand_tout_le_socle_est_termine():
    realisations = [
        r("A", "circuit", date(2026, 1, 1)), r("A", "physique", date(2026, 2, 1)),  # trained on 1 Feb
        r("B", "circuit", date(2026, 1, 1)), r("B", "option", date(2026, 1, 2)),  # socle incomplete
        r("C", "circuit", date(2022, 1, 1)), r("C", "physique", date(2026, 1, 1)),  # expired after 3 years
    ]
    assert regles.formes_a(realisations, SOCLE, AUJOURDHUI, 3)["animation"] == {"A"}
    assert regles.formes_a(realisations, SOCLE, date(2026, 1, 31), 3)["animation"] == set()
    # A population without socle (no parcours) has nobody trained.
    assert regles.formes_a(realisations, {}, AUJOURDHUI, 3) == {}


def test_projection():
    # 60 trained, 30 six months ago: 5 a month, 40 to go → 8 months.
    assert regles.projeter(60, 30, 100, 6, AUJOURDHUI).date == date(2027, 7, 1)
    assert regles.projeter(60, 30, 100, 6, AUJOURDHUI).texte == "juil.\u00a02027"
    assert regles.projeter(60, 60, 100, 6, AUJOURDHUI).texte == "non atteint au rythme actuel"
    assert regles.projeter(100, 90, 100, 6, AUJOURDHUI).texte == "atteint"


def test_formats_francais():
    assert formats.nombre_fr(1200) == "1\u202f200"
    assert formats.mois_fr(date(2026, 11, 1)) == "nov.\u00a02026"
    assert formats.pourcentage_fr(42.75) == "42,8\u00a0%"


# -- masking: random rounding by cell key, and an adversary ------------------------------------------
SECRET = b"cle de test"


def test_arrondi_aleatoire_sans_biais_et_stable():
    """A multiple of 5 stays; n = 5q + r becomes 5q or 5q + 5, up with probability r/5 (so the
    mean is n); the same cell key gives the same figure."""
    import random

    alea = random.Random(7)
    for n in range(0, 23):
        tirages = [masquage.arrondir(n, alea.getrandbits(32)) for _ in range(4000)]
        assert set(tirages) <= {n - n % 5, n - n % 5 + 5} and all(t % 5 == 0 for t in tirages)
        assert abs(sum(tirages) / len(tirages) - n) < 0.25
    assert masquage.arrondir(3, 12345) == masquage.arrondir(3, 12345)
    assert masquage.publier(0, 0) is None and masquage.publier(5, 0) == 5
    assert masquage.total_publie([None, 10, 5]) == 15 and masquage.total_publie([None, None]) is None


def valeurs_possibles(cellules: list[tuple[int, int]], total: tuple[int, int] | None = None) -> list[set[int]]:
    """The adversary: every integer solution of « Σ cells = total » with each cell within its
    bounds (masked cells enumerated one by one, the others as an interval sum), and for each cell
    the set of values it takes in some solution. ``total``: bounds of the true total when it is
    published (None: no equation)."""
    possibles = []
    for i, (lo, hi) in enumerate(cellules):
        autres_lo = sum(c[0] for j, c in enumerate(cellules) if j != i)
        autres_hi = sum(c[1] for j, c in enumerate(cellules) if j != i)
        if total is None:
            possibles.append(set(range(lo, hi + 1)))
        else:
            possibles.append({v for v in range(lo, hi + 1) if autres_lo + v <= total[1] and autres_hi + v >= total[0]})
    return possibles


def apres_un_agent(avant: list[tuple[int, int]], apres: list[tuple[int, int]]) -> list[set[int]]:
    """The adversary with two releases one agent apart: the agent went to some cell j (unknown), so
    cell k's value n satisfies n ∈ avant_k and n + [k = j] ∈ apres_k for every k."""
    possibles = [set() for _ in avant]
    for j in [*range(len(avant)), None]:  # None: the agent is in none of these cells
        fenetres = [set(range(a[0], a[1] + 1)) & {v - (k == j) for v in range(b[0], b[1] + 1)}
                    for k, (a, b) in enumerate(zip(avant, apres))]
        if all(fenetres):
            for k, f in enumerate(fenetres):
                possibles[k] |= f
    return possibles


def test_l_adversaire_retrouve_ce_que_l_ancien_masquage_laissait_voir():
    """The adversary is not blind: on the former method (exact figures, « < 5 » for 0–4, exact
    total) it recovers the cases of issue #23."""
    # « Ensemble » = 6, ATSEM = 6, seven populations « < 5 »: all seven are 0.
    assert valeurs_possibles([(6, 6)] + [(0, 4)] * 7, (6, 6))[1:] == [{0}] * 7
    # « < 5 » then 5 after one agent more: it was 4.
    assert apres_un_agent([(0, 4)], [(5, 5)]) == [{4}]


def scenario(alea, populations: dict[str, Population], jour: date) -> list[Realisation]:
    """Random records: per population, a few trained agents (zero included), some one module
    short, some trained long ago (expired), in person, online or through the LMS."""
    lignes = []
    for pid in populations:
        for i in range(alea.choice([0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 23])):
            quand = jour - timedelta(days=alea.randint(0, 900))
            mode = alea.choice(["présentiel", "en ligne", "lms"])
            modules = ["circuit", "physique"] if alea.random() < 0.8 else ["circuit"]
            lignes += [r(f"{pid}-{i}", m, quand, pid, mode) for m in modules]
    return lignes


POPS8 = {f"p{i}": Population(f"p{i}", f"Population {i}", 40, "données d'exemple", "2026-01-01", i + 2)
         for i in range(8)}
SOCLE8 = {pid: ["circuit", "physique"] for pid in POPS8}


def groupes_publies(c) -> dict[str, tuple[list[int | None], int | None]]:
    """Every published group of cells with its published total: the population table, each month of
    the chart, the module table, each recyclage column."""
    groupes = {"populations": ([p.formes for p in c.populations], c.total.formes)}
    for pt in c.serie:
        groupes[f"mois {pt.date}"] = (list(pt.formes.values()), pt.total)
    for m in c.modules:
        groupes[f"module {m.id}"] = ([m.presentiel, m.en_ligne, m.lms], m.total)
    for nom in calcul.COLONNES_RECYCLAGE:
        groupes[nom] = ([getattr(l, nom) for l in c.recyclage], getattr(c.recyclage_total, nom))
    return groupes


def test_adversaire_ne_retrouve_aucune_cellule_masquee():
    """300 random dashboards: every published count is a multiple of 5, every total the sum of its
    published cells (so it adds no equation), every derived figure a function of published ones;
    the adversary solving each group's sums leaves each masked cell (zero included) ≥ 2 values."""
    import random

    alea = random.Random(2026)
    masquees = 0
    for essai in range(300):
        c = calcul.calculer(scenario(alea, POPS8, AUJOURDHUI), POPS8, SOCLE8, AUJOURDHUI, seuil=5,
                            secret=b"%d" % essai)
        for nom, (cellules, total) in groupes_publies(c).items():
            assert all(v is None or (v > 0 and v % 5 == 0) for v in cellules), (nom, cellules)
            assert total == masquage.total_publie(cellules), nom
            # The published total is the sum of the published cells: no equation on the true counts.
            bornes = [masquage.intervalle(v) for v in cellules]
            for v, possibles in zip(cellules, valeurs_possibles(bornes)):
                if v is None:
                    masquees += 1
                    assert len(possibles) >= 2 and 0 in possibles and 4 in possibles
        for p in c.populations:  # gaps, shares, projections: from published figures only
            assert (p.ecart, p.pourcentage) == ((None, None) if p.formes is None else
                                                (max(p.effectif - p.formes, 0), 100 * p.formes / p.effectif))
            assert (p.projection is None) == (p.formes is None)
    assert masquees > 1000  # the test saw masked cells


def test_deux_publications_a_un_agent_d_ecart():
    """One more trained agent between two releases: the cell that changed is drawn afresh (its key
    changed), the others are published the same; the adversary comparing both releases still finds
    ≥ 2 values for every cell masked in the first."""
    import random

    alea = random.Random(23)
    vus = 0
    for essai in range(300):
        realisations = scenario(alea, POPS8, AUJOURDHUI)
        avant = calcul.calculer(realisations, POPS8, SOCLE8, AUJOURDHUI, secret=SECRET)
        pid = alea.choice(list(POPS8))
        nouvel = [r(f"nouvel-{essai}", m, AUJOURDHUI, pid, "en ligne") for m in ("circuit", "physique")]
        apres = calcul.calculer(realisations + nouvel, POPS8, SOCLE8, AUJOURDHUI, secret=SECRET)
        bornes_avant = [masquage.intervalle(p.formes) for p in avant.populations]
        bornes_apres = [masquage.intervalle(p.formes) for p in apres.populations]
        for p, q in zip(avant.populations, apres.populations):
            if p.id != pid:
                assert p.formes == q.formes  # unchanged cells: the same figure in both releases
        for p, possibles in zip(avant.populations, apres_un_agent(bornes_avant, bornes_apres)):
            if p.formes is None:
                vus += p.id == pid and (apres.populations[list(POPS8).index(pid)].formes or 0) > 0
                assert len(possibles) >= 2, (p.id, possibles)
        # Every other published group too (months, modules by mode, recyclage columns).
        groupes_apres = groupes_publies(apres)
        for nom, (cellules, _) in groupes_publies(avant).items():
            if nom in groupes_apres and len(groupes_apres[nom][0]) == len(cellules):
                bornes = apres_un_agent([masquage.intervalle(v) for v in cellules],
                                        [masquage.intervalle(v) for v in groupes_apres[nom][0]])
                assert all(len(b) >= 2 for v, b in zip(cellules, bornes) if v is None), (nom, cellules)
    assert vus > 5  # « < 5 » turning into a figure happened, and told nothing exact


def test_calcul_masque_et_csv():
    realisations = [r(f"A{i}", m, date(2026, 3, 1)) for i in range(20) for m in ("circuit", "physique")]
    realisations += [r(f"T{i}", m, date(2026, 3, 1), "atsem") for i in range(2) for m in ("circuit", "physique")]
    c = calcul.calculer(realisations, POPS, SOCLE, AUJOURDHUI, seuil=5, secret=SECRET)
    anim, atsem = c.populations
    assert anim.formes == 20  # a multiple of 5 stays
    # atsem: 2 trained → published 0 or 5 (here 0: masked), with what derives from it.
    assert atsem.formes in (None, 5)
    if atsem.formes is None:
        assert atsem.pourcentage is atsem.ecart is atsem.projection is None
    assert c.total.formes == 20 + (atsem.formes or 0) and c.total.effectif == 103
    texte = sorties.csv_populations(c)
    assert "données d'exemple" in texte
    assert all(ligne.split(";")[3] not in ("1", "2", "3", "4") for ligne in texte.splitlines())


# -- the built site ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def construit(tmp_path_factory, rootdir):
    src = copier_racine(rootdir, "test-couverture", tmp_path_factory.mktemp("couverture"))
    app, avertissements = construire(src, src / "_build")
    return src, app, avertissements


def test_construction_sans_avertissement(construit):
    assert construit[2] == ""


def test_page_tableaux_graphiques_et_csv(construit):
    src, _, _ = construit
    html = src / "_build" / "html"
    soupe = BeautifulSoup((html / "pilotage.html").read_text(encoding="utf-8"), "html.parser")
    bloc = soupe.select_one(".reperes-couverture")
    assert "Données d’exemple" in bloc.get_text()
    tables = bloc.select("table")
    # Each table's title is a paragraph before it (a caption would scroll away with a wide table).
    titres = bloc.select("p.reperes-couverture-titre-tableau")
    assert len(titres) == len(tables) == 4 and all("données d’exemple" in t.get_text() for t in titres)
    assert all(t.find_next_sibling() is not None and t.find_next_sibling().name in ("table", "div") for t in titres)
    populations = bloc.select_one("table#couverture-populations")
    lignes = [[c.get_text(strip=True) for c in tr.select("td")] for tr in populations.select("tbody tr")]
    # The figures of calcul with the root's masking key: 1 101, 3 and 12 trained, each rounded at
    # random to a multiple of 5 (1 100 or 1 105; « < 5 » or 5; 10 or 15), the total their sum.
    suivi = charger_suivi(src / "data" / "suivi.csv", "suivi.csv", charger_populations(
        src / "data" / "populations.csv", "p"), MODULES, date.today())
    assert len(regles.formes_a(suivi.realisations, {p: ["circuit", "physique"] for p in ("animation", "atsem", "sport")},
                               date.today(), 3)["animation"]) == 1101
    attendu = calcul.calculer(suivi, charger_populations(src / "data" / "populations.csv", "p"),
                              {p: ["circuit", "physique"] for p in ("animation", "atsem", "sport")}, date.today(),
                              secret=(src / "data" / "suivi.csv.cle").read_bytes().strip())
    assert [l[2] for l in lignes] == [x[2] for x in sorties.lignes_populations(attendu)]
    assert lignes[0][:2] == ["Animateurs périscolaires", "1\u202f200"] and lignes[0][2] in ("1\u202f100", "1\u202f105")
    assert lignes[1][2] in ("<\u00a05", "5") and lignes[2][2] in ("10", "15")
    assert lignes[1][3] == "—" if lignes[1][2] == "<\u00a05" else lignes[1][3].endswith("%")
    formes = [attendu.populations[i].formes or 0 for i in range(3)]
    assert lignes[3][2] == formats.nombre_fr(sum(formes))
    for img in bloc.select("figure img"):
        assert img["src"].endswith(".svg") and img["alt"]
        assert "données d’exemple" in img["alt"]
        assert (html / img["src"]).is_file()
        svg = (html / img["src"]).read_text(encoding="utf-8")
        assert "données d’exemple" in svg and "<svg" in svg
    liens = [a["href"] for a in bloc.select("a[href$='.csv']")]
    assert len(liens) == 2 and all((html / h).is_file() for h in liens)
    assert f";{sum(formes)};" in (html / liens[0]).read_text(encoding="utf-8-sig")  # raw numbers in the CSV
    assert "Agents formés par population" in bloc.get_text() and "déclaratif" in bloc.get_text()


def test_aucun_identifiant_d_agent_dans_la_sortie(construit):
    src, _, _ = construit
    assert "AGENT-SECRET-4242" in (src / "data" / "suivi.csv").read_text(encoding="utf-8")
    sortie = src / "_build" / "html"
    fichiers = [f for f in sortie.rglob("*") if f.is_file()]
    assert (sortie / "searchindex.js") in fichiers
    assert any(f.suffix == ".csv" for f in fichiers)
    fuites = [str(f) for f in fichiers if b"AGENT-SECRET" in f.read_bytes()]
    assert not fuites


def test_latex_dessine_les_graphiques_en_tikz(tmp_path, rootdir):
    """The charts are TikZ pictures in the booklet (no image file, no plotting library), each in
    a figure with its caption; the downloads are one line saying they are on the site."""
    src = copier_racine(rootdir, "test-couverture", tmp_path)
    _, avertissements = construire(src, src / "_build", "latex")
    assert avertissements == ""
    sortie = src / "_build" / "latex"
    tex = (sortie / "couverture.tex").read_text(encoding="utf-8")
    assert "\\usepackage{tikz}" in tex
    assert tex.count("\\begin{tikzpicture}") == 2 and tex.count("\\begin{figure}") == 2
    assert "Progression vers 100" in tex and "Écart à 100" in tex
    assert "se téléchargent en CSV sur le site" in tex and ".csv}" not in tex
    assert "AGENT-SECRET" not in tex and not list(sortie.rglob("*.svg")) and not list(sortie.rglob("couverture-*.pdf"))


def test_csv_invalide_avertit_sans_trace(tmp_path, rootdir, monkeypatch):
    """A bad file, pointed at by REPERES_SUIVI outside the site: warnings at file:line, a
    visible warning in the page, no traceback, no table."""
    src = copier_racine(rootdir, "test-couverture", tmp_path)
    mauvais = ecrire(tmp_path, ENTETE + "AGENT-SECRET-4242;inconnue;circuit;2026-03-01;présentiel;\n"
                                        "AGENT-SECRET-4243;animation;circuit;2099-01-01;présentiel;\n",
                     "prive.csv")
    monkeypatch.setenv("REPERES_SUIVI", str(mauvais))
    _, avertissements = construire(src, src / "_build")
    assert f"{mauvais}:2: WARNING: colonne 2 : population « inconnue » inconnue" in avertissements
    assert f"{mauvais}:3: WARNING: colonne 4 : date « 2099-01-01 » dans le futur" in avertissements
    assert "Traceback" not in avertissements
    page = (src / "_build" / "html" / "pilotage.html").read_text(encoding="utf-8")
    soupe = BeautifulSoup(page, "html.parser")
    assert "2 erreur(s)" in soupe.select_one("div.warning").get_text()
    assert not soupe.select("table") and "AGENT-SECRET" not in page


def test_modifier_le_suivi_reconstruit_le_tableau(tmp_path, rootdir):
    src = copier_racine(rootdir, "test-couverture", tmp_path)
    construire(src, src / "_build")
    suivi = src / "data" / "suivi.csv"
    suivi.write_text(suivi.read_text(encoding="utf-8").replace(";atsem;", ";animation;"), encoding="utf-8")
    _, avertissements = construire(src, src / "_build", freshenv=False)
    assert avertissements == ""
    soupe = BeautifulSoup((src / "_build" / "html" / "pilotage.html").read_text(encoding="utf-8"), "html.parser")
    cellules = [td.get_text(strip=True) for td in soupe.select("table#couverture-populations tbody tr")[0].select("td")]
    assert cellules[2] in ("1\u202f100", "1\u202f105")  # 1 101 + the 3 trained atsem agents, rounded


def test_commande_make_couverture(tmp_path, rootdir):
    src = copier_racine(rootdir, "test-couverture", tmp_path)
    resultat = subprocess.run([sys.executable, "-m", "reperes.couverture", "--source", str(src)],
                              capture_output=True, text=True, env={"PYTHONPATH": str(RACINE / "_ext"), "PATH": ""},
                              timeout=300)
    assert resultat.returncode == 0, resultat.stderr
    assert "séparateur point-virgule (;)" in resultat.stdout
    import re

    assert re.search(r"Animateurs périscolaires \|    1 200 \|  1 10[05] \|", resultat.stdout), resultat.stdout
    assert "DONNÉES D'EXEMPLE" in resultat.stdout and "AGENT-SECRET" not in resultat.stdout


def test_ancien_socle_compte_avant_le_changement():
    """Points up to the change count the former socle, the ones after (and today) the current one:
    the drop shows when it happened; the change's first day is a point of its own."""
    realisations = [r(f"A{i}", m, date(2026, 3, 1)) for i in range(10) for m in ("circuit", "option")]
    realisations += [r(f"A{i}", "physique", date(2026, 11, 22)) for i in range(5)]
    c = calcul.calculer(realisations, POPS, SOCLE, AUJOURDHUI, secret=SECRET,
                        ancien=(date(2026, 11, 20), ["circuit", "option"]))
    points = {pt.date: pt.formes["animation"] for pt in c.serie}
    assert points[date(2026, 10, 31)] == 10 and points[date(2026, 11, 21)] is None and points[AUJOURDHUI] == 5
    assert c.changement == date(2026, 11, 20) and c.populations[0].formes == 5


# -- the charts, read in Chromium at a phone's and a desktop's width ------------------------------------
@pytest.mark.navigateur
@pytest.mark.parametrize("largeur", [390, 1280])
def test_graphiques_lisibles_sur_telephone_et_ecran(construit, navigateur, largeur):
    """Nothing cut off, no two texts overlapping, month ticks distinct, text ≥ 12 px as displayed,
    table titles within the screen; a screenshot of each figure in tests/artefacts/."""
    from navigation import ARTEFACTS, Visite

    src, _, _ = construit
    sortie = src / "_build" / "html"
    with Visite(navigateur, sortie, largeur=largeur, hauteur=900) as v:
        page = v.ouvrir("pilotage.html")
        images = page.locator("img.reperes-graphique")
        assert images.count() == 2
        for i in range(2):
            image = images.nth(i)
            image.scroll_into_view_if_needed()
            boite = image.bounding_box()
            assert boite["x"] >= 0 and boite["x"] + boite["width"] <= largeur, boite
            svg = (sortie / image.get_attribute("src")).read_text(encoding="utf-8")
            largeur_svg = float(svg.split('viewBox="0 0 ')[1].split()[0])
            tailles = [float(t.split('"')[0]) for t in svg.split('font-size="')[1:]]
            assert min(tailles) * boite["width"] / largeur_svg >= 12, (min(tailles), boite["width"])
            ARTEFACTS.mkdir(exist_ok=True)
            image.locator("xpath=..").screenshot(path=str(ARTEFACTS / f"couverture-{i}-{largeur}.png"))
        for titre in page.locator("p.reperes-couverture-titre-tableau").all():
            b = titre.bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= largeur and titre.evaluate("e => e.scrollWidth <= e.clientWidth")
        # (the theme's own scripts, without the real site's configuration, complain in this small root)
        assert not [e for e in v.erreurs if "reperes" in e] and v.externes == []
        # Inside each chart (inline, to measure): every text within the drawing, none over another.
        for nom in ("couverture-progression", "couverture-ecart"):
            page.set_content((sortie / "_images" / f"{nom}.svg").read_text(encoding="utf-8"))
            textes = page.evaluate("""() => { const s = document.querySelector('svg'), v = s.viewBox.baseVal;
                return [...s.querySelectorAll('text')].map(t => { const b = t.getBBox();
                    return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height, v.width, v.height]; }); }""")
            for texte, x0, y0, x1, y1, w, h in textes:
                assert x0 >= 0 and y0 >= 0 and x1 <= w and y1 <= h, (nom, texte, x0, x1, w)
            for a in range(len(textes)):
                for b in range(a + 1, len(textes)):
                    ta, tb = textes[a], textes[b]
                    chevauche = ta[1] < tb[3] - 1 and tb[1] < ta[3] - 1 and ta[2] < tb[4] - 1 and tb[2] < ta[4] - 1
                    assert not chevauche, (nom, ta[0], tb[0])
            if nom == "couverture-progression":
                bas = max(t[2] for t in textes if t[0].endswith("%"))  # below the plot: the x axis
                axe = [t for t in textes if t[2] > bas and t[2] < bas + 60 and t[0] not in ("Ensemble des agents",)]
                mois = [t[0] for t in sorted(axe, key=lambda t: (t[1], t[2])) if not t[0].isdigit()]
                annees = [t[0] for t in axe if t[0].isdigit()]
                assert len(mois) >= 3 and all(m in formats.MOIS for m in mois), mois
                assert all(a != b for a, b in zip(mois, mois[1:])) and annees, (mois, annees)
