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
from navigation import Visite, valider_page_module

sys.path.insert(0, str(RACINE / "_ext"))
from reperes.attestation import (  # noqa: E402
    ALPHABET, EPOQUE, CodeInvalide, ParcoursConnu, code_parcours, decoder, condensat_versions, encoder,
    etiquette_agent, pour_agent,
)
from reperes.attestation.importer import importer  # noqa: E402
from reperes.couverture import calcul, regles, sorties  # noqa: E402
from reperes.couverture.suivi import Realisation, charger_suivi  # noqa: E402
from reperes.donnees import DonneesInvalides  # noqa: E402
from reperes.populations import Population  # noqa: E402

AUJOURDHUI = date(2026, 11, 24)
CODE = re.compile(r"^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")


# -- the code -------------------------------------------------------------------------------------
def test_alphabet_sans_caractere_ambigu():
    assert len(ALPHABET) == len(set(ALPHABET)) == 32 and not set("01IO") & set(ALPHABET)


@pytest.mark.parametrize("parcours,jours,versions,agent", [
    (0, 0, 0, 0), (4095, 8191, 2**30 - 1, 2**20 - 1), (code_parcours("parcours-atsem"), 700, 123456789, 5),
    *[(random.Random(n).randrange(4096), random.Random(n + 1).randrange(8192),
       random.Random(n + 2).randrange(2**30), random.Random(n + 3).randrange(2**20)) for n in range(20)],
])
def test_aller_retour(parcours, jours, versions, agent):
    code = encoder(parcours, EPOQUE + timedelta(days=jours), versions, agent)
    assert CODE.match(code), code
    recu = decoder(code)
    assert dataclasses.astuple(recu) == (parcours, EPOQUE + timedelta(days=jours), versions, agent)
    # What a person may type: lowercase, spaces, no hyphens.
    assert decoder(code.lower().replace("-", " ")) == recu


def test_code_lie_a_l_identifiant():
    """The 20-bit agent check: the code is worth nothing for another identifier; case and
    spaces around the identifier do not matter."""
    quand = date(2026, 12, 1)
    code = encoder(123, quand, 456789, "EX-0042")
    recu = decoder(code)
    assert recu.agent == etiquette_agent("EX-0042", 123, quand, 456789)
    assert pour_agent(recu, "EX-0042") and pour_agent(recu, " ex-0042 ")
    assert not any(pour_agent(recu, f"EX-{n:04d}") for n in range(10000) if n != 42)
    # Two agents on the same parcours the same day get different codes.
    assert code != encoder(123, quand, 456789, "EX-0043")


def test_hors_format_refuse():
    with pytest.raises(ValueError):
        encoder(0, EPOQUE - timedelta(days=1), 0, 0)
    with pytest.raises(ValueError):
        encoder(4096, EPOQUE, 0, 0)
    with pytest.raises(ValueError):
        encoder(0, EPOQUE, 0, 2**20)


def _codes_au_hasard(n=40):
    alea = random.Random(2026)
    return [encoder(alea.randrange(4096), EPOQUE + timedelta(days=alea.randrange(8192)), alea.randrange(2**30),
                    alea.randrange(2**20)) for _ in range(n)]


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
    for _ in range(15):
        poids.append(_fois_alpha(poids[-1]))
    assert all(poids) and len(set(poids)) == 16
    for k in range(15):
        for a in range(32):
            for b in range(32):
                if a != b:
                    assert fois(a, poids[k]) != fois(b, poids[k])  # substitution
                    assert fois(a, poids[k + 1]) ^ fois(b, poids[k]) != fois(b, poids[k + 1]) ^ fois(a, poids[k])


@pytest.mark.parametrize("code,message", [
    ("K7MQ-3XP9-R2TD-8FH", "16 caractères attendus"),
    ("K7MQ-3XP9-R2TD", "ancien code de 12 caractères"),
    ("K7MQ-3XP9-R2TD-8FH0", "« 0 »"),
    ("O7MQ-3XP9-R2TD-8FHA", "« O »"),
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


def code_de(p: ParcoursConnu, quand=date(2026, 10, 1), modules=None, agent="AG-1") -> str:
    return encoder(p.code, quand, condensat_versions(list(modules or p.modules)), agent)


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
    lignes = [f"{code_de(ANIM)};AG-1;animation", f"{code_de(ATSEM, date(2026, 9, 2), agent='AG-2')},AG-2,atsem".replace(",", ";")]
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
        f"{code_de(inconnu, agent='AG-2')};AG-2;animation",  # 3
        f"{code_de(ANIM, modules=[('circuit', 'aaa111'), ('physique', 'ancien')], agent='AG-3')};AG-3;animation",  # 4
        f"{code_de(ANIM, AUJOURDHUI + timedelta(days=1), agent='AG-4')};AG-4;animation",  # 5
        f"{code_de(ANIM, agent='AG-5')};AG-5;atsem",  # 6
        f"{faute};AG-6;animation",  # 7
        f"{code_de(ANIM)};Marie Dupont;animation",  # 8
        f"{code_de(ATSEM)};AG-1;atsem",  # 9: AG-1 is in animation (line 2)
        f"{code_de(ANIM)};AG-7;animation",  # 10: AG-1's code for AG-7
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
        ("codes.csv:10:1:", "ce code n'a pas été obtenu avec l'identifiant de la colonne « agent »"),
    ]
    assert len(textes) == len(attendus), textes
    for (lieu, raison), texte in zip(attendus, textes):
        assert texte.startswith(lieu) and raison in texte, texte
    assert "Marie Dupont" not in " ".join(textes)
    assert "AG-7" not in " ".join(textes) and "AG-1" not in " ".join(textes)
    assert (rapport.acceptes, rapport.ajoutees, rapport.lignes_rejetees) == (1, 2, 8)
    assert chemin.read_text(encoding="utf-8").count("\n") == 3


def test_import_refuse_de_rendre_le_suivi_invalide(tmp_path):
    """The records file is validated as the dashboard will: an import that would stop the
    build (here, more agents than the head count) writes nothing."""
    pops = {"animation": dataclasses.replace(POPS["animation"], effectif=1)}
    codes = tmp_path / "codes.csv"
    codes.write_text(f"code;agent;population\n{code_de(ANIM)};AG-1;animation\n{code_de(ANIM, agent='AG-2')};AG-2;"
                     "animation\n", encoding="utf-8")
    chemin = tmp_path / "suivi.csv"
    chemin.write_text(ENTETE_SUIVI, encoding="utf-8")
    with pytest.raises(DonneesInvalides, match="2 agents dans ce fichier pour un effectif de 1"):
        importer(codes, "codes.csv", CATALOGUE, pops, MODULES, chemin, "suivi.csv", AUJOURDHUI)
    assert chemin.read_text(encoding="utf-8") == ENTETE_SUIVI
    # No temporary file left, no code registered (only the empty lock file beside the records).
    assert sorted(p.name for p in tmp_path.iterdir()) == [".suivi.csv.verrou", "codes.csv", "suivi.csv"]


def test_meme_code_pour_un_second_agent_refuse(tmp_path):
    """A code serves one agent: for another identifier its agent check fails; and should two
    identifiers share the 20-bit check (found here by brute force), the register of imported
    codes beside the records still refuses the second — in the same file or a later import."""
    code = code_de(ANIM)
    rapport, chemin = importer_texte(tmp_path, [f"{code};AG-1;animation", f"{code};AG-2;animation"])
    assert [str(p).split(" :")[0] for p in rapport.rejets] == ["codes.csv:3:1: ce code n'a pas été obtenu avec "
                                                                "l'identifiant de la colonne « agent »"]
    recu = decoder(code)
    jumeau = next(f"AG-{n}" for n in range(2, 10**7) if pour_agent(recu, f"AG-{n}"))
    tmp_path = tmp_path / "b"
    tmp_path.mkdir()
    rapport, chemin = importer_texte(tmp_path, [f"{code};AG-1;animation", f"{code};{jumeau};animation"])
    assert [str(p) for p in rapport.rejets] == [
        "codes.csv:3:1: ce code a déjà été importé pour un autre agent (codes.csv, ligne 2) : un code ne vaut que "
        "pour un agent."]
    registre = (tmp_path / "suivi.csv.recus").read_text(encoding="utf-8")
    assert registre.startswith("empreinte;agent\n") and code not in registre and registre.count("\n") == 2
    # A later import, the records kept: refused, citing the register's line (never the other agent).
    codes = tmp_path / "codes2.csv"
    codes.write_text(f"code;agent;population\n{code};{jumeau};animation\n", encoding="utf-8")
    apres = importer(codes, "codes2.csv", CATALOGUE, POPS, MODULES, chemin, "suivi.csv", AUJOURDHUI)
    assert [str(p) for p in apres.rejets] == [
        "codes2.csv:2:1: ce code a déjà été importé pour un autre agent (suivi.csv.recus, ligne 2) : un code ne vaut "
        "que pour un agent."]
    assert "AG-1" not in apres.texte("suivi.csv")


def test_un_module_specifique_ne_compte_pas_dans_le_code(tmp_path):
    """The receipt covers the socle: the build hands the JS the socle modules' versions only."""
    from reperes.attestation import parcours_connu
    from reperes.instantane import Parcours

    class Module:
        def __init__(self, version):
            self.version = version

    class Inst:
        module = {"circuit": Module("aaa111"), "physique": Module("bbb222"), "option": Module("ccc333")}

    p = Parcours("parcours-animation", "x", "Parcours", "animation", ("circuit", "option", "physique"),
                 ("circuit", "physique"), 1)
    avant = parcours_connu(Inst, p)
    Inst.module["option"] = Module("ddd444")  # a specific module edited
    assert parcours_connu(Inst, p).versions == avant.versions == ANIM.versions
    Inst.module["physique"] = Module("eee555")  # a socle module edited: the code changes
    assert parcours_connu(Inst, p).versions != avant.versions


# -- the records file: locked, linked, read-only, crashed runs, hostile input ----------------------------
PILOTE = """
import sys, time
sys.path.insert(0, {ext!r}); sys.path.insert(0, {tests!r})
from datetime import date
import test_attestation as t
from reperes.attestation import importer as imp
lire = imp._suivi_existant
def lent(*a):  # read, then take time: without the lock the other import reads the same old file
    r = lire(*a); time.sleep(0.4); return r
imp._suivi_existant = lent
if {tuer!r}:
    import os
    os.replace = lambda *a: time.sleep(60)
r = imp.importer(sys.argv[1], "codes.csv", t.CATALOGUE, t.POPS, t.MODULES, sys.argv[2], "suivi.csv", t.AUJOURDHUI)
print(r.ajoutees)
"""


def _pilote(tmp_path, agent: str, suivi: Path, tuer=False) -> subprocess.Popen:
    codes = tmp_path / f"codes-{agent}.csv"
    codes.write_text(f"code;agent;population\n{code_de(ANIM, agent=agent)};{agent};animation\n", encoding="utf-8")
    script = tmp_path / "pilote.py"
    script.write_text(PILOTE.format(ext=str(RACINE / "_ext"), tests=str(RACINE / "tests"), tuer=tuer), encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script), str(codes), str(suivi)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_deux_importations_en_meme_temps_gardent_toutes_les_lignes(tmp_path):
    suivi = tmp_path / "suivi.csv"
    suivi.write_text(ENTETE_SUIVI, encoding="utf-8")
    agents = ["AG-1", "AG-2", "AG-3"]
    procs = [_pilote(tmp_path, a, suivi) for a in agents]
    for p in procs:
        sortie, erreur = p.communicate(timeout=120)
        assert p.returncode == 0 and sortie.strip() == "2", erreur
    texte = suivi.read_text(encoding="utf-8")
    assert all(texte.count(f"{a};animation;") == 2 for a in agents), texte
    assert (tmp_path / "suivi.csv.recus").read_text(encoding="utf-8").count("\n") == 4


def test_importation_tuee_ne_laisse_pas_de_copie(tmp_path):
    """kill -9 between writing the temporary copy and renaming it: the copy of the personal records
    stays; the next import (under the lock, so it is stale) removes it."""
    import signal
    import time

    suivi = tmp_path / "suivi.csv"
    suivi.write_text(ENTETE_SUIVI, encoding="utf-8")
    proc = _pilote(tmp_path, "AG-1", suivi, tuer=True)
    for _ in range(600):
        if list(tmp_path.glob(".suivi.csv.import-*")):
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(list(tmp_path.glob(".suivi.csv.import-*"))) == 1
    assert suivi.read_text(encoding="utf-8") == ENTETE_SUIVI
    (tmp_path / ".suivi.csv.recus.import-x1y2.csv").write_text("empreinte;agent\n", encoding="utf-8")  # the register's
    rapport, _ = importer_texte(tmp_path, [f"{code_de(ANIM, agent='AG-2')};AG-2;animation"], suivi=None)
    assert rapport.nettoyes == 2 and "importation interrompue" in rapport.texte("suivi.csv")
    assert not list(tmp_path.glob(".suivi.csv.recus.import-*"))
    assert not list(tmp_path.glob(".suivi.csv.import-*")) and suivi.read_text(encoding="utf-8").count("AG-2") == 2


def test_lien_symbolique_suivi(tmp_path):
    vrai = tmp_path / "partage" / "suivi-reel.csv"
    vrai.parent.mkdir()
    vrai.write_text(ENTETE_SUIVI, encoding="utf-8")
    vrai.chmod(0o640)
    lien = tmp_path / "suivi.csv"
    lien.symlink_to(vrai)
    rapport, _ = importer_texte(tmp_path, [f"{code_de(ANIM)};AG-1;animation"], suivi=None)
    assert rapport.ajoutees == 2
    assert lien.is_symlink() and os.readlink(lien) == str(vrai)
    assert vrai.read_text(encoding="utf-8").count("AG-1") == 2 and oct(vrai.stat().st_mode & 0o777) == "0o640"
    assert (vrai.parent / "suivi-reel.csv.recus").exists()  # the register lives beside the real file


def test_suivi_en_lecture_seule_refuse(tmp_path):
    chemin = tmp_path / "suivi.csv"
    chemin.write_text(ENTETE_SUIVI, encoding="utf-8")
    chemin.chmod(0o444)
    with pytest.raises(DonneesInvalides, match="fichier de suivi en lecture seule : rien n'a été écrit"):
        importer_texte(tmp_path, [f"{code_de(ANIM)};AG-1;animation"], suivi=None)
    assert chemin.read_text(encoding="utf-8") == ENTETE_SUIVI and oct(chemin.stat().st_mode & 0o777) == "0o444"


def test_suivi_absent_cree_avec_son_entete(tmp_path):
    rapport, chemin = importer_texte(tmp_path, [f"{code_de(ANIM)};AG-1;animation"], suivi=None)
    assert chemin.read_text(encoding="utf-8").startswith(ENTETE_SUIVI) and rapport.ajoutees == 2


@pytest.mark.parametrize("fichier,entete", [("codes", "code;agent;agent;population"),
                                            ("suivi", "agent;population;module;date;mode;mode;version")])
def test_en_tete_en_double_refuse(tmp_path, fichier, entete):
    ligne = f"{code_de(ANIM)};AG-1;animation"
    if fichier == "codes":
        (tmp_path / "codes.csv").write_text(entete + "\n" + ligne.replace(";AG-1;", ";AG-1;AG-1;") + "\n",
                                            encoding="utf-8")
        (tmp_path / "suivi.csv").write_text(ENTETE_SUIVI, encoding="utf-8")
        nom = "codes.csv"
    else:
        (tmp_path / "codes.csv").write_text("code;agent;population\n" + ligne + "\n", encoding="utf-8")
        (tmp_path / "suivi.csv").write_text(entete + "\n", encoding="utf-8")
        nom = "suivi.csv"
    with pytest.raises(DonneesInvalides) as exc:
        importer(tmp_path / "codes.csv", "codes.csv", CATALOGUE, POPS, MODULES, tmp_path / "suivi.csv", "suivi.csv",
                 AUJOURDHUI)
    assert str(exc.value.problemes[0]).startswith(f"{nom}:1:") and "en double dans l'en-tête" in str(exc.value)


def test_caracteres_de_controle_echappes_et_identifiant_jamais_cite(tmp_path):
    """A terminal escape in a cell is shown escaped; an agent id shifted into another column (a
    misplaced separator) is not quoted in the error about that column."""
    rapport, _ = importer_texte(tmp_path, [f"{code_de(ANIM)};AG-1;anim\x1b[31mation\u202e",
                                           "AG-SECRET-9;K7MQ;animation"])
    texte = rapport.texte("suivi.csv")
    assert "\x1b" not in texte and "\u202e" not in texte
    assert "AG-SECRET-9" not in texte and "AG-1" not in texte
    # The records file's own check (charger_suivi): a shifted agent id is not quoted under « date ».
    pops = POPS
    chemin = tmp_path / "suivi-decale.csv"
    chemin.write_text(ENTETE_SUIVI + "AG-1;animation;circuit;AG-1;en ligne;\n", encoding="utf-8")
    with pytest.raises(DonneesInvalides) as exc:
        charger_suivi(chemin, "suivi.csv", pops, MODULES, AUJOURDHUI)
    assert "suivi.csv:2:4:" in str(exc.value) and "AG-1" not in str(exc.value)


def test_make_attestations_ne_lance_rien_du_nom_de_fichier(tmp_path):
    """FILE reaches the command as text: backquotes, $(…) and quotes run nothing."""
    faux = tmp_path / "bin"
    faux.mkdir()
    (faux / "python").write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {tmp_path}/args\n", encoding="utf-8")
    (faux / "python").chmod(0o755)
    (faux / ".installed").touch()
    for nom in ["x`touch {t}/pris1`.csv", "a$(shell touch {t}/pris2)b.csv", "q'\"$(touch {t}/pris3).csv", "-h"]:
        nom = nom.format(t=tmp_path)
        resultat = subprocess.run(["make", "-s", "-C", str(RACINE), "attestations", f"FILE={nom}", f"BIN={faux}"],
                                  capture_output=True, text=True, timeout=60)
        assert resultat.returncode == 0, resultat.stderr
        assert (tmp_path / "args").read_text(encoding="utf-8").splitlines() == ["-m", "reperes.attestation", "--", nom]
    assert not list(tmp_path.glob("pris*"))


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
    """Each recyclage column rounded like the population table (multiples of 5 stay, 0 is
    « < 5 »), its total the sum of its published cells (« — » when all are masked)."""
    pops = {**POPS, "sport": Population("sport", "Sport", 30, "données d'exemple", "2026-01-01", 4)}
    socle = {**SOCLE, "sport": ["circuit", "physique"]}
    realisations = [x for i in range(10) for x in forme_le(f"A{i}", date(2023, 12, 1 + i), version="vieux0")]
    realisations += [x for i in range(5) for x in forme_le(f"T{i}", date(2026, 1, 1), "atsem", "vieux0")]
    realisations += [x for i in range(5) for x in forme_le(f"S{i}", date(2026, 1, 1), "sport", "neuf01")]
    c = calcul.calculer(realisations, pops, socle, AUJOURDHUI, seuil=5, versions={"circuit": "neuf01"})
    anim, atsem, sport = c.recyclage
    total = c.recyclage_total
    assert [anim.formes, atsem.formes, sport.formes, total.formes] == [10, 5, 5, 20]
    # À renouveler: 10, 0, 0 — zero masked, the total is the sum of the published cells.
    assert [anim.a_renouveler, atsem.a_renouveler, sport.a_renouveler, total.a_renouveler] == [10, None, None, 10]
    # Nobody expired: every cell masked (zero included), no total.
    assert [anim.expires, atsem.expires, sport.expires, total.expires] == [None] * 4
    assert [anim.a_actualiser, atsem.a_actualiser, sport.a_actualiser, total.a_actualiser] == [10, 5, None, 15]
    assert [anim.a_un_module, total.a_un_module] == [None, None]
    assert sorties.lignes_recyclage(c)[0] == ["Animation", "10", "10", "<\u00a05", "10", "<\u00a05"]
    assert sorties.lignes_recyclage(c)[3] == ["Ensemble des agents", "20", "10", "—", "15", "—"]
    entete, *lignes = sorties.csv_populations(c).lstrip("\ufeff").splitlines()
    assert entete.endswith(";a_renouveler_6_mois;expires;a_actualiser;a_un_module_du_socle")
    assert lignes[0].endswith(";10;< 5;10;< 5") and lignes[2].endswith(";< 5;< 5;< 5;< 5")
    assert lignes[3].endswith(";10;;15;")
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


def formes_du_suivi(src: Path, population: str = "animation") -> int:
    """Agents trained today per the records file (unrounded), as the dashboard computes them."""
    suivi = charger_suivi(src / "data" / "suivi.csv", "suivi.csv", POPS_RACINE, {"circuit", "physique", "option"},
                          date.today())
    return len(regles.formes_a(suivi.realisations, {population: ["circuit", "physique"]}, date.today(), 3)
               .get(population, ()))


POPS_RACINE = {p: Population(p, p, n, "données d'exemple", "2026-01-01", i + 2)
               for i, (p, n) in enumerate((("animation", 100), ("atsem", 50), ("sport", 30)))}


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
    lis = section.select("li.reperes-progression-module")
    assert [(li["data-module"], li.get("data-socle")) for li in lis] == [("circuit", "oui"), ("option", None),
                                                                        ("physique", "oui")]
    versions = [(li["data-module"], li["data-version"]) for li in lis if li.get("data-socle")]
    assert int(section["data-code-versions"]) == condensat_versions(versions)  # the socle's versions only
    assert section.select_one("button.reperes-attestation-obtenir").find_parent("p").has_attr("hidden")
    vue = soupe.select_one(".reperes-attestation")
    assert "reçu déclaratif, pas une preuve" in vue.get_text()
    champ = vue.select_one("input#attestation-agent")
    assert champ["autocomplete"] == "off" and champ["spellcheck"] == "false" and not vue.find_parent("form")
    assert all(ALPHABET not in s.get_text() for s in soupe.select("script"))  # no inline JS globals
    # Text builder: no receipt, no button (they need the browser).
    src = copier_racine(racine.parent, racine.name, tmp_path)
    construire(src, src / "_build", "text")
    texte = (src / "_build" / "text" / "training" / "ma-progression.txt").read_text(encoding="utf-8")
    assert "s’utilise sur le site" in texte and "attestation" not in texte.lower()


# -- in the browser ------------------------------------------------------------------------------------
def valider_le_socle(onglet: Visite) -> None:
    """Validate the socle modules of parcours-animation (circuit, physique), not its specific module."""
    for module in ("circuit", "physique"):
        bilan = valider_page_module(onglet, f"training/modules/{module}.html")
        assert "Module validé" in bilan, bilan


def ouvrir_attestation(page, parcours="parcours-animation", agent=None):
    page.locator(f"section[data-parcours={parcours}]").get_by_role("button", name="Obtenir mon attestation").click()
    vue = page.locator(".reperes-attestation")
    assert vue.is_visible()
    if agent is not None:
        vue.get_by_label(re.compile("Identifiant d.agent")).fill(agent)
    return vue


@pytest.mark.navigateur
def test_socle_seul_recu_decode_importe_et_compte(racine, navigateur, tmp_path):
    """Only the socle validated: « compté comme formé », a receipt whose code is bound to the typed
    identifier; Python decodes it, a specific module edited leaves it valid, the import counts the
    agent on the rebuilt dashboard, and the same code for another agent is refused."""
    with Visite(navigateur, racine / "_build" / "html") as onglet:
        page = onglet.ouvrir("training/ma-progression.html")
        assert not page.get_by_role("button", name="Obtenir mon attestation").first.is_visible()
        valider_le_socle(onglet)
        page = onglet.ouvrir("training/ma-progression.html")
        section = page.locator("section[data-parcours=parcours-animation]")
        bilan = section.locator(".reperes-progression-bilan").inner_text()
        assert "Socle validé : vous êtes compté comme formé." in bilan and "(socle : 2 sur 2)" in bilan, bilan
        assert "Parcours complet" not in bilan and "option" not in onglet.stockage()
        vue = ouvrir_attestation(page)
        assert "saisissez d’abord votre identifiant" in vue.locator(".reperes-attestation-code").inner_text()
        assert "Socle validé : vous êtes compté comme formé." in vue.inner_text().replace("\u00a0", " ").replace("\u202f", " ")
        vue.get_by_label(re.compile("Identifiant d.agent")).fill("Marie Dupont")
        assert "identifiant invalide" in vue.locator(".reperes-attestation-code").inner_text()
        vue.get_by_label(re.compile("Identifiant d.agent")).fill("ag-nouveau")
        code = vue.locator(".reperes-attestation-code").inner_text()
        assert CODE.match(code), code
        assert vue.locator(".reperes-attestation-parcours").inner_text() == "Parcours : Animateurs périscolaires"
        modules = vue.locator(".reperes-attestation-modules li").all_inner_texts()
        assert [re.sub(r"version [0-9a-f]{6}$", "version …", m) for m in modules] == [
            "Le circuit d’alerte — version …", "Repérer les violences physiques — version …"]
        assert "modules spécifiques du parcours restent à valider" in vue.inner_text()
        assert not page.locator(".reperes-progression-parcours").first.is_visible()  # the view replaces the lists
        assert "reçu déclaratif, pas une preuve" in vue.inner_text()
        assert "ag-nouveau" not in onglet.stockage().lower()
        # Printed alone: the rest of the page is invisible on paper.
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('.reperes-progression-note')).visibility") == "hidden"
        assert page.evaluate("getComputedStyle(document.querySelector('.reperes-attestation-code')).visibility") == "visible"
        page.emulate_media(media="screen")
        vue.get_by_role("button", name="Fermer").click()
        # The whole parcours: shown too, the receipt unchanged (same socle, same day).
        bilan = valider_page_module(onglet, "training/modules/option.html")
        assert "Module validé" in bilan
        page = onglet.ouvrir("training/ma-progression.html")
        assert "Parcours complet" in page.locator("section[data-parcours=parcours-animation] "
                                                  ".reperes-progression-bilan").inner_text()
        assert ouvrir_attestation(page, agent="AG-NOUVEAU").locator(".reperes-attestation-code").inner_text() == code
        assert onglet.externes == [] and onglet.erreurs == []

    # Python reads what the JS wrote.
    recu = decoder(code)
    assert recu.parcours == code_parcours("parcours-animation")
    assert recu.date == datetime.now(timezone.utc).date()  # the validation stores the UTC day
    versions = [(m, re.search(r"version ([0-9a-f]{6})$", t).group(1)) for m, t in zip(("circuit", "physique"), modules)]
    assert recu.versions == condensat_versions(versions)
    assert pour_agent(recu, "AG-NOUVEAU") and not pour_agent(recu, "AG-AUTRE")

    # The specific module edited (a question changed): its version changes, the receipt stays valid.
    option = racine / "training" / "modules" / "option.md"
    option.write_text(option.read_text(encoding="utf-8").replace("une vidéo violente", "une vidéo choquante"),
                      encoding="utf-8")
    _, avertissements = construire(racine, racine / "_build", freshenv=False)
    assert avertissements == ""
    soupe = BeautifulSoup((racine / "_build" / "html" / "training" / "ma-progression.html").read_text(encoding="utf-8"),
                          "html.parser")
    section = soupe.select_one("section[data-parcours=parcours-animation]")
    assert int(section["data-code-versions"]) == recu.versions
    # The manager imports it (as `make attestations FILE=…` does); the dashboard counts one more.
    assert formes_du_suivi(racine) == 6
    codes = racine / "codes.csv"
    codes.write_text(f"code;agent;population\n{code.lower()};AG-NOUVEAU;animation\n", encoding="utf-8")
    commande = [sys.executable, "-m", "reperes.attestation", str(codes), "--source", str(racine)]
    env = {"PYTHONPATH": str(RACINE / "_ext"), "PATH": os.environ.get("PATH", "")}
    resultat = subprocess.run(commande, capture_output=True, text=True, env=env, timeout=300)
    assert resultat.returncode == 0, resultat.stderr
    assert "1 code(s) accepté(s) : 2 ligne(s) ajoutée(s) à data/suivi.csv" in resultat.stdout
    suivi = (racine / "data" / "suivi.csv").read_text(encoding="utf-8")
    assert suivi.count("AG-NOUVEAU;animation;") == 2 and ";en ligne;" in suivi and ";option;" not in suivi
    # Twice: nothing added the second time.
    deuxieme = subprocess.run(commande, capture_output=True, text=True, env=env, timeout=300)
    assert deuxieme.returncode == 0 and "0 ligne(s) ajoutée(s)" in deuxieme.stdout
    assert (racine / "data" / "suivi.csv").read_text(encoding="utf-8") == suivi

    _, avertissements = construire(racine, racine / "_build", freshenv=False)
    assert avertissements == ""
    assert formes_du_suivi(racine) == 7
    # What the page shows is that count rounded at random to 5 or 10 (masking).
    assert formes_affiches(racine)["Animateurs périscolaires"] in ("5", "10")
    # The same code for another agent: refused, without naming either agent.
    codes.write_text(f"code;agent;population\n{code};AG-AUTRE;animation\n", encoding="utf-8")
    refus = subprocess.run(commande, capture_output=True, text=True, env=env, timeout=300)
    assert refus.returncode == 2 and "codes.csv:2:1: ce code n'a pas été obtenu avec l'identifiant" in refus.stdout
    assert "AG-AUTRE" not in refus.stdout and "AG-NOUVEAU" not in refus.stdout


@pytest.mark.navigateur
def test_le_nom_n_est_garde_nulle_part(racine, navigateur):
    nom = "Zoé Confidentielle-Témoin"
    with Visite(navigateur, racine / "_build" / "html") as onglet:
        valider_le_socle(onglet)
        page = onglet.ouvrir("training/ma-progression.html")
        vue = ouvrir_attestation(page)
        champ = vue.get_by_label("Nom (facultatif, pour l’impression)")
        ident = vue.get_by_label(re.compile("Identifiant d.agent"))
        champ.fill(nom)
        champ.press("Tab")
        ident.fill("IDENT-TEMOIN-77")
        ident.press("Tab")
        assert champ.input_value() == nom and CODE.match(vue.locator(".reperes-attestation-code").inner_text())
        assert "reperes.progression.v2" in onglet.stockage()  # the dump does see what is stored
        assert nom not in onglet.stockage() and "Confidentielle" not in onglet.stockage()
        assert "TEMOIN" not in onglet.stockage().upper()
        vue.get_by_role("button", name="Fermer").click()
        assert not vue.is_visible() and champ.input_value() == "" and ident.input_value() == ""
        assert page.locator(".reperes-progression-parcours").first.is_visible()
        # Typed again, then the page reloaded without closing the view.
        ouvrir_attestation(page)
        champ.fill(nom)
        ident.fill("IDENT-TEMOIN-77")
        page.reload()
        assert "Confidentielle" not in onglet.stockage() and "TEMOIN" not in onglet.stockage().upper()
        ouvrir_attestation(page)
        assert champ.input_value() == "" and ident.input_value() == ""
        assert onglet.externes == [] and onglet.erreurs == []
        # The open view passes axe-core (its own console noise comes after the check above).
        from axe_playwright_python.sync_playwright import Axe

        fautes = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert not fautes, fautes
