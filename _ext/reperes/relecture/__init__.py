"""« Relecture »: the cues a learner could use to pick the right option without knowing the
content, measured on the snapshot's questions (pure functions, no Sphinx).

- *la plus longue*: the score of « always pick the longest option » on single-answer
  questions (ties share the point), beside chance (the mean of 1 / options); and *la plus
  courte*, the same cue reversed, held to the same threshold;
- *mots indices*: words (French stems) much more frequent in right options than in wrong
  ones: the share of right options that contain the word, the share of wrong ones, and their
  ratio (the wrong share counted as at least one option, so a word never seen in a wrong
  option still gets a finite ratio); only words found in at least ``mots_min`` right options;
- *de loin la plus longue*: single-answer questions whose right option is at least
  ``marge`` times as long as every other one, with their file:line;
- *position*: where the right option sits in the source, per module (the engine shuffles
  on screen and on paper, but the editor's habit is a cue the review should still see).

``make relecture`` prints them per module and for the whole site; ``tests/test_relecture.py``
holds the site to the ``reperes_relecture_*`` thresholds of ``conf.py``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import snowballstemmer

# Frequent French words that say nothing about an option's content.
MOTS_VIDES = set("""
au aux avec ce ces cette dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi mon ne
nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l à
m n s t y été être avoir fait faire est sont ai as a avons avez ont était plus moins tout tous toute toutes
si sans sous entre chez vers comme dont où alors aussi bien très cela ça car donc ni soit
""".split())


@dataclass
class StatModule:
    module: str
    titre: str
    questions: int = 0  # single-answer questions
    longue: float = 0.0  # points of « always pick the longest option »
    courte: float = 0.0  # points of « always pick the shortest option » (the same cue, reversed)
    hasard: float = 0.0  # expected points of a random pick
    positions: Counter = field(default_factory=Counter)  # 1-based source position of the right option

    @property
    def score_longue(self) -> float:
        return 100 * self.longue / self.questions if self.questions else 0.0

    @property
    def score_courte(self) -> float:
        return 100 * self.courte / self.questions if self.questions else 0.0

    @property
    def score_hasard(self) -> float:
        return 100 * self.hasard / self.questions if self.questions else 0.0

    @property
    def position_max(self) -> tuple[int, float]:
        """(position, share in percent) of the most frequent position of the right option."""
        if not self.questions:
            return (0, 0.0)
        position, nombre = max(self.positions.items(), key=lambda kv: (kv[1], -kv[0]))
        return position, 100 * nombre / self.questions


@dataclass
class Mot:
    forme: str  # the most frequent surface form
    justes: int  # right options containing it
    fausses: int
    taux_justes: float  # percent
    taux_fausses: float
    rapport: float


@dataclass
class Rapport:
    modules: list[StatModule]
    site: StatModule
    mots: list[Mot]  # words in at least mots_min right options, highest ratio first
    de_loin: list[tuple[str, str, int, float]]  # (quiz id, docname, line, ratio to the next longest)
    options_justes: int = 0
    options_fausses: int = 0

    @property
    def rapport_max(self) -> float:
        return max((m.rapport for m in self.mots), default=0.0)

    @property
    def position_max(self) -> tuple[str, int, float]:
        """(module, position, share) of the module with the most repeated right position."""
        pire = max(self.modules, key=lambda m: m.position_max[1], default=None)
        return (pire.module, *pire.position_max) if pire else ("", 0, 0.0)


# Elided words (« l'enfant », « qu'il »): the part after the apostrophe is the word; other
# apostrophes belong to the word (« aujourd'hui »).
ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'")
MOT = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+(?:['-][a-zàâäçéèêëîïôöùûüÿœæ]+)*")


def _mots(texte: str, racine) -> dict[str, str]:
    """{stem: surface form} of the meaningful words of a text."""
    resultat = {}
    for mot in MOT.findall(ELISION.sub("", texte.lower().replace("’", "'"))):
        if len(mot) < 3 or mot in MOTS_VIDES:
            continue
        resultat.setdefault(racine.stemWord(mot), mot)
    return resultat


def analyser(inst, mots_min: int = 5, marge: float = 1.3) -> Rapport:
    racine = snowballstemmer.stemmer("french")
    par_module = {m.id: StatModule(m.id, m.titre) for m in inst.modules}
    module_de = {qid: m.id for m in inst.modules for qid in m.questions}
    site = StatModule("site", "Tout le site")
    justes_mot: Counter = Counter()
    fausses_mot: Counter = Counter()
    formes: dict[str, Counter] = defaultdict(Counter)
    de_loin = []
    n_justes = n_fausses = 0
    for q in inst.questions:
        for i, texte in enumerate(q.options):
            mots = _mots(texte, racine)
            for tige, forme in mots.items():
                formes[tige][forme] += 1
                (justes_mot if i in q.justes else fausses_mot)[tige] += 1
            if i in q.justes:
                n_justes += 1
            else:
                n_fausses += 1
        if q.multiple or len(q.options) < 2:
            continue
        longueurs = [len(" ".join(t.split())) for t in q.options]
        plus_longues = [i for i, l in enumerate(longueurs) if l == max(longueurs)]
        plus_courtes = [i for i, l in enumerate(longueurs) if l == min(longueurs)]
        juste = q.justes[0]
        points = (1 / len(plus_longues)) if juste in plus_longues else 0.0
        points_courte = (1 / len(plus_courtes)) if juste in plus_courtes else 0.0
        autres = max(l for i, l in enumerate(longueurs) if i != juste)
        if longueurs[juste] >= marge * autres:
            de_loin.append((q.id, q.docname, q.lineno, longueurs[juste] / autres))
        for stat in (par_module.get(module_de.get(q.id, "")), site):
            if stat is None:
                continue
            stat.questions += 1
            stat.longue += points
            stat.courte += points_courte
            stat.hasard += 1 / len(q.options)
            stat.positions[juste + 1] += 1
    mots = []
    for tige, n in justes_mot.items():
        if n < mots_min:
            continue
        f = fausses_mot.get(tige, 0)
        taux_j = 100 * n / n_justes
        taux_f = 100 * f / n_fausses if n_fausses else 0.0
        plancher = 100 / n_fausses if n_fausses else 1.0
        mots.append(Mot(formes[tige].most_common(1)[0][0], n, f, taux_j, taux_f, taux_j / max(taux_f, plancher)))
    mots.sort(key=lambda m: (-m.rapport, -m.justes, m.forme))
    return Rapport([s for s in par_module.values() if s.questions], site, mots, sorted(de_loin, key=lambda x: -x[3]),
                   n_justes, n_fausses)


def depassements(r: Rapport, cfg) -> list[str]:
    """The thresholds of conf.py that the site exceeds, in words (empty: all held)."""
    fautes = []
    if r.site.score_longue > cfg.relecture_plus_longue:
        fautes.append(f"« la plus longue » : {r.site.score_longue:.1f} % > reperes_relecture_plus_longue "
                      f"= {cfg.relecture_plus_longue:g} %")
    if r.site.score_courte > cfg.relecture_plus_longue:
        fautes.append(f"« la plus courte » : {r.site.score_courte:.1f} % > reperes_relecture_plus_longue "
                      f"= {cfg.relecture_plus_longue:g} % (le même indice, à l'envers)")
    if r.rapport_max > cfg.relecture_rapport_mots:
        pire = r.mots[0]
        fautes.append(f"mot indice « {pire.forme} » : rapport {pire.rapport:.1f} > reperes_relecture_rapport_mots "
                      f"= {cfg.relecture_rapport_mots:g}")
    module, position, part = r.position_max
    if part > cfg.relecture_position:
        fautes.append(f"position de la bonne réponse : {part:.0f} % en position {position} dans « {module} » > "
                      f"reperes_relecture_position = {cfg.relecture_position:g} %")
    return fautes
