"""`make relecture`: the cues a learner could use without knowing the content, measured on the
snapshot's questions, and the real site held to the thresholds of conf.py."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

from conftest import RACINE
from reperes.config import get_config
from reperes.instantane import Instantane, Module, Question
from reperes.relecture import analyser, depassements


def _site(*questions: Question) -> Instantane:
    module = Module("m", "m", "Module", 10, ("animation",), False, tuple(q.id for q in questions), "v", None, ())
    return Instantane(modules=(module,), questions=questions)


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
    assert r.site.positions[1] == 3 and r.position_max == ("m", 1, 75.0)
    # « note » is in 3 of 4 right options and 0 of 8 wrong ones.
    note = next(m for m in r.mots if m.forme == "note")
    assert (note.justes, note.fausses) == (3, 0) and note.rapport > 2
    assert sorted(x[0] for x in r.de_loin) == ["a", "b"]  # listed widest margin first
    cfg = SimpleNamespace(relecture_plus_longue=35, relecture_rapport_mots=2, relecture_position=50)
    assert len(depassements(r, cfg)) == 3


def test_le_site_tient_les_seuils(site):
    cfg = get_config(site.app)
    r = analyser(site.env.reperes_instantane, cfg.relecture_mots_min, cfg.relecture_marge)
    assert r.site.questions >= 100
    assert depassements(r, cfg) == [], depassements(r, cfg)
    assert r.site.score_longue <= 35 and r.site.score_courte <= 35 and r.rapport_max <= 2
    assert r.de_loin == []


def test_commande_make_relecture(tmp_path):
    resultat = subprocess.run([sys.executable, "-m", "reperes.relecture", "--source", str(RACINE)], capture_output=True,
                              text=True, env={"PYTHONPATH": str(RACINE / "_ext"), "PATH": "/usr/bin:/bin",
                                              "REPERES_CACHE": str(tmp_path / "cache")}, timeout=600)
    assert resultat.returncode == 0, resultat.stderr[-2000:]
    assert "La plus longue" in resultat.stdout and "Tout le site" in resultat.stdout
    assert "Mots plus fréquents dans les bonnes réponses" in resultat.stdout
