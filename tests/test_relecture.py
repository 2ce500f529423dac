"""`make relecture`: the cues a learner could use without knowing the content, measured on the
snapshot's questions, and the real site held to the thresholds of conf.py."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

from conftest import RACINE, copier_racine
from reperes.config import get_config
from reperes.instantane import Instantane, Module, Question
from reperes.relecture import BAISSE, HAUSSE, analyser, depassements, score_indices, solveur


def _site(*questions: Question, modules: int = 1) -> Instantane:
    parts = [questions[i::modules] for i in range(modules)]
    mods = tuple(Module(f"m{i}", f"m{i}", f"Module {i}", 10, ("animation",), False, tuple(q.id for q in part), "v",
                        None, ()) for i, part in enumerate(parts))
    return Instantane(modules=mods, questions=questions)


def q(ident, options, juste, multiple=False):
    return Question(ident, "m", 1, multiple, "e", tuple(options), (juste,) if not multiple else tuple(juste), 3)


def test_les_indices_mesures():
    questions = (
        q("a", ["Je préviens ma responsable tout de suite et je note.", "Je rentre.", "J'attends."], 0),
        q("b", ["Je préviens ma responsable et je note les mots exacts.", "Je pars.", "Je ris."], 0),
        q("c", ["Je note.", "Je préviens la famille et j'attends son avis demain.", "Rien."], 0),
        q("d", ["Un.", "Deux.", "Trois."], 1),
    )
    r = analyser(_site(*questions), mots_min=2, marge=1.3)
    assert r.site.questions == 4
    # Longest right in a and b (1 each), not in c nor d (ties in d: « Trois. » is longest alone).
    assert round(r.site.score_longue) == 50
    assert round(r.site.score_hasard) == round(100 / 3)
    assert r.site.positions[1] == 3 and r.position_max == ("m0", 1, 75.0)
    # « note » is in 3 of 4 right options and 0 of 8 wrong ones.
    note = next(m for m in r.mots if m.forme == "note")
    assert (note.justes, note.fausses) == (3, 0) and note.rapport > 2
    assert sorted(x[0] for x in r.de_loin) == ["a", "b"]  # listed widest margin first
    cfg = SimpleNamespace(relecture_plus_longue=35, relecture_rapport_mots=2, relecture_position=50,
                          relecture_solveur=100, relecture_solveur_module=100)
    assert len(depassements(r, cfg)) == 3


def test_le_solveur_d_indices():
    """The solver of the content writers' brief, term by term: authority and urgency up; delay,
    family, investigating and absolute words down; whole words, each occurrence."""
    assert score_indices("Je préviens ma responsable tout de suite.") == 2
    assert score_indices("J'appelle le 119 sans attendre.") == 2  # 119, sans attendre (its « attendre » once)
    assert score_indices("Si sa mère est d'accord, j'attends demain puisqu'il le dit.") == -5  # si, mère, accord, demain, puisque
    assert score_indices("Le jour même, j'écris à la CRIP une information préoccupante.") == 3
    # « interroge » is not « interroger »: the terms are words, not stems.
    assert score_indices("J'interroge ses parents, toujours, tant qu'il n'a rien dit.") == -4
    assert score_indices("Une responsabilité, un sifflet, un parentage, 1170.") == 0  # whole words only
    for terme in HAUSSE:
        assert score_indices(f"x {terme} x") >= 1, terme
    for terme in BAISSE:
        assert score_indices(f"x {terme} x") <= -1, terme
    assert solveur(["J'attends.", "Je préviens la CRIP.", "Je note."]) == [1]
    assert solveur(["Je note.", "Je rassure.", "J'écoute."]) == [0, 1, 2]  # ties: the point is shared
    questions = (
        q("a", ["Je préviens ma responsable tout de suite.", "J'attends demain.", "Je rentre."], 0),  # solver right
        q("b", ["Je note.", "J'appelle la police immédiatement.", "Je préviens sa mère."], 0),  # solver wrong
        q("c", ["Je note.", "Je rassure.", "J'écoute."], 2),  # tie of 3: 1/3
        q("d", ["Je signale au procureur.", "Je préviens son père."], 0),  # solver right
    )
    r = analyser(_site(*questions, modules=2), mots_min=2)
    assert round(r.site.score_solveur, 1) == round(100 * (1 + 0 + 1 / 3 + 1) / 4, 1)
    assert {m.module: round(m.score_solveur) for m in r.modules} == {"m0": round(100 * (4 / 3) / 2), "m1": 50}
    cfg = SimpleNamespace(relecture_plus_longue=100, relecture_rapport_mots=100, relecture_position=100,
                          relecture_solveur=35, relecture_solveur_module=45)
    fautes = depassements(r, cfg)
    assert any("solveur d'indices : 58.3 % sur le site" in f for f in fautes), fautes
    assert any("« m0 »" in f for f in fautes) and any("« m1 »" in f for f in fautes), fautes


def test_mots_et_expressions_des_mauvaises_reponses():
    """« parents » in 4 wrong options and no right one: flagged, as a word and in its phrase."""
    questions = tuple(
        q(f"p{n}", [f"Je note ce qu'il dit, situation {n}.", f"J'appelle ses parents, situation {n}.", "Je pars."], 0)
        for n in range(4)) + (q("x", ["Je note.", "Je rentre.", "Je reste."], 0),)
    r = analyser(_site(*questions), mots_min=2)
    parents = next(m for m in r.mots_faux if m.forme == "parents")
    assert (parents.fausses, parents.justes) == (4, 0)
    # 4 of 10 wrong options (40 %) against at least 1 of 5 right ones (20 %): ratio 2.
    assert round(parents.rapport, 1) == 2.0
    assert any(m.forme == "appelle ses parents" for m in r.mots_faux)  # a phrase: 3 words
    assert r.mots_faux_module["m0"][0].fausses >= 3
    cfg = SimpleNamespace(relecture_plus_longue=100, relecture_rapport_mots=1.5, relecture_position=100,
                          relecture_solveur=100, relecture_solveur_module=100)
    assert any("dans les mauvaises réponses" in f for f in depassements(r, cfg))


def test_la_commande_voit_les_indices_d_une_petite_racine(rootdir, tmp_path):
    """A root whose wording gives the answer away: `make relecture` prints the solver's 75 %
    (3 of 4) beside chance, and fails on the thresholds of conf.py."""
    src = copier_racine(rootdir, "test-relecture", tmp_path)
    resultat = subprocess.run([sys.executable, "-m", "reperes.relecture", "--source", str(src)], capture_output=True,
                              text=True, env={"PYTHONPATH": str(RACINE / "_ext"), "PATH": "/usr/bin:/bin",
                                              "REPERES_CACHE": str(tmp_path / "cache")}, timeout=300)
    assert resultat.returncode == 1, resultat.stderr[-2000:]
    assert "Solveur d'indices" in resultat.stdout
    ligne = next(l for l in resultat.stdout.splitlines() if l.startswith("Tout le site"))
    assert "75.0 %" in ligne and "25.0 %" in ligne, ligne
    assert "solveur d'indices : 75.0 % sur le site > reperes_relecture_solveur = 35 %" in resultat.stderr
    assert "« attends »" not in resultat.stderr  # 2 of 12 wrong options is under the ratio: not flagged


def test_seuils_de_conf(site):
    """The thresholds of issue 21, in conf.py."""
    cfg = get_config(site.app)
    assert (cfg.relecture_solveur, cfg.relecture_solveur_module, cfg.relecture_rapport_mots) == (35, 45, 3)
    assert cfg.validation_banques and (cfg.validation_tirage_min, cfg.validation_tirage_max) == (6, 10)
    assert cfg.socle_reperage_part == 0.5


def test_le_site_tient_les_seuils(site):
    cfg = get_config(site.app)
    r = analyser(site.env.reperes_instantane, cfg.relecture_mots_min, cfg.relecture_marge)
    assert r.site.questions >= 100
    assert depassements(r, cfg) == [], depassements(r, cfg)
    assert r.site.score_longue <= 35 and r.site.score_courte <= 35
    assert r.rapport_max <= cfg.relecture_rapport_mots and r.rapport_faux_max <= cfg.relecture_rapport_mots
    # The cue solver (issue 21): 48.8 % when it was written; targets 35 % (site) and 45 % (module).
    assert r.site.score_solveur <= cfg.relecture_solveur
    assert all(m.score_solveur <= cfg.relecture_solveur_module for m in r.modules)
    assert r.de_loin == []


def test_commande_make_relecture(tmp_path):
    resultat = subprocess.run([sys.executable, "-m", "reperes.relecture", "--source", str(RACINE)], capture_output=True,
                              text=True, env={"PYTHONPATH": str(RACINE / "_ext"), "PATH": "/usr/bin:/bin",
                                              "REPERES_CACHE": str(tmp_path / "cache")}, timeout=600)
    assert resultat.returncode == 0, resultat.stderr[-2000:]
    assert "La plus longue" in resultat.stdout and "Tout le site" in resultat.stdout
    assert "Mots plus fréquents dans les bonnes réponses" in resultat.stdout
    assert "plus fréquents dans les mauvaises réponses" in resultat.stdout and "Solveur d'indices" in resultat.stdout
