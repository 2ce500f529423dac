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
  on screen and on paper, but the editor's habit is a cue the review should still see);
- *mots des mauvaises réponses*: words and short phrases (1 to 3 words, French stems) much
  more frequent in wrong options than in right ones (« parent(s) », « attend », « tant
  que »…): the same measure, reversed;
- *le solveur*: a mechanical cue solver that knows nothing of child protection (issue 21):
  on each single-answer question it scores every option +1 per authority or urgency term
  (:data:`HAUSSE`) and −1 per delay, family, investigating or absolute term (:data:`BAISSE`),
  counted on the lower-cased text, whole words, each occurrence; it picks the highest score,
  ties sharing the point. Its score beside chance, per module and for the site.

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


# The cue solver's terms (the same lists as the content writers' brief, README « Relecture »).
HAUSSE = ("responsable", "direction", "directeur", "directrice", "hiérarchie", "encadrant", "crip", "119", "17",
          "15", "112", "procureur", "parquet", "police", "gendarmerie", "secours", "samu", "médecin", "signalement",
          "information préoccupante", "tout de suite", "immédiatement", "sans délai", "sans attendre", "aussitôt",
          "le jour même", "urgence", "urgent")
BAISSE = ("attendre", "attend", "demain", "plus tard", "lundi", "semaine", "prochain", "prochaine", "après", "ensuite",
          "puisque", "tant que", "parent", "parents", "mère", "père", "maman", "papa", "famille", "frère", "sœur",
          "oncle", "tante", "demander", "interroger", "questionner", "vérifier", "examiner", "enquêter", "regarder",
          "chercher", "jamais", "toujours", "aucun", "aucune", "rien", "tous", "toutes", "seulement", "uniquement",
          "si", "accord")


def _motif(termes) -> re.Pattern:
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(termes, key=len, reverse=True))
    return re.compile(rf"(?<![\w])(?:{alternatives})(?![\w])")


MOTIF_HAUSSE, MOTIF_BAISSE = _motif(HAUSSE), _motif(BAISSE)


def score_indices(texte: str) -> int:
    """An option's score for the cue solver: + authority/urgency terms, − delay/family/
    investigating/absolute terms (each occurrence, whole words, lower-cased; « puisqu'il » is
    « puisque il »; the words of an authority or urgency term are not counted again, so « sans
    attendre » is +1, not +1 −1)."""
    t = texte.lower().replace("’", "'")
    t = re.sub(r"\b(puisqu|qu)'", lambda m: m.group(1) + "e ", t)
    hausse = len(MOTIF_HAUSSE.findall(t))
    # A term counts once: the « attendre » of « sans attendre » is not a delay.
    return hausse - len(MOTIF_BAISSE.findall(MOTIF_HAUSSE.sub(" ", t)))


def solveur(options) -> list[int]:
    """The options the cue solver picks (several when they tie)."""
    scores = [score_indices(o) for o in options]
    return [i for i, s in enumerate(scores) if s == max(scores)]


@dataclass
class StatModule:
    module: str
    titre: str
    questions: int = 0  # single-answer questions
    longue: float = 0.0  # points of « always pick the longest option »
    courte: float = 0.0  # points of « always pick the shortest option » (the same cue, reversed)
    hasard: float = 0.0  # expected points of a random pick
    solveur: float = 0.0  # points of the cue solver
    positions: Counter = field(default_factory=Counter)  # 1-based source position of the right option

    @property
    def score_longue(self) -> float:
        return 100 * self.longue / self.questions if self.questions else 0.0

    @property
    def score_courte(self) -> float:
        return 100 * self.courte / self.questions if self.questions else 0.0

    @property
    def score_solveur(self) -> float:
        return 100 * self.solveur / self.questions if self.questions else 0.0

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
    forme: str  # the most frequent surface form (of a word, or a phrase of 2 or 3 words)
    justes: int  # right options containing it
    fausses: int
    taux_justes: float  # percent
    taux_fausses: float
    rapport: float  # right rate / wrong rate (in `mots`); wrong rate / right rate (in `mots_faux`)


@dataclass
class Rapport:
    modules: list[StatModule]
    site: StatModule
    mots: list[Mot]  # words in at least mots_min right options, highest ratio first
    de_loin: list[tuple[str, str, int, float]]  # (quiz id, docname, line, ratio to the next longest)
    options_justes: int = 0
    options_fausses: int = 0
    mots_faux: list[Mot] = field(default_factory=list)  # the reverse: frequent in wrong options
    mots_faux_module: dict[str, list[Mot]] = field(default_factory=dict)  # the same, within each module

    @property
    def rapport_max(self) -> float:
        return max((m.rapport for m in self.mots), default=0.0)

    @property
    def rapport_faux_max(self) -> float:
        return max((m.rapport for m in self.mots_faux), default=0.0)

    @property
    def solveur_max(self) -> StatModule | None:
        """The module where the cue solver does best."""
        return max(self.modules, key=lambda m: m.score_solveur, default=None)

    @property
    def position_max(self) -> tuple[str, int, float]:
        """(module, position, share) of the module with the most repeated right position."""
        pire = max(self.modules, key=lambda m: m.position_max[1], default=None)
        return (pire.module, *pire.position_max) if pire else ("", 0, 0.0)


# Elided words (« l'enfant », « qu'il »): the part after the apostrophe is the word; other
# apostrophes belong to the word (« aujourd'hui »).
ELISION = re.compile(r"\b(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)'")
MOT = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]+(?:['-][a-zàâäçéèêëîïôöùûüÿœæ]+)*")


# Words that say nothing, except the solver's cues (« si », « tous », « sans »…): those are weighed.
VIDES = MOTS_VIDES - {t for t in HAUSSE + BAISSE if " " not in t} - {"sans"}


def _mots(texte: str, racine) -> dict[str, str]:
    """{stem: surface form} of the meaningful words of a text, and of its phrases of 2 and 3
    words (stems joined by a space) that hold at least one meaningful word and neither start
    nor end with an empty one, except « tant que » and the like, kept whole."""
    resultat = {}
    for morceau in PONCTUATION.split(ELISION.sub("", texte.lower().replace("’", "'"))):  # a phrase never spans one
        jetons = MOT.findall(morceau)
        tiges = [racine.stemWord(m) for m in jetons]
        vides = [m in VIDES or (len(m) < 3 and not m.isdigit() and m != "si") for m in jetons]
        for i, mot in enumerate(jetons):
            if not vides[i]:
                resultat.setdefault(tiges[i], mot)
            for n in (2, 3):
                if i + n > len(jetons):
                    break
                if vides[i] or all(vides[i:i + n]):
                    continue
                if vides[i + n - 1] and jetons[i + n - 1] not in ("que", "qu"):
                    continue
                resultat.setdefault(" ".join(tiges[i:i + n]), " ".join(jetons[i:i + n]))
    return resultat


PONCTUATION = re.compile(r"[.,;:!?()«»\[\]\"—–…/]+")


def _taux(justes_mot: Counter, fausses_mot: Counter, formes, n_justes: int, n_fausses: int, mots_min: int,
          inverse: bool = False) -> list[Mot]:
    """Words in at least mots_min options of one side, with their ratio to the other side (the
    other side counted as at least one option, so that a word never seen there gets a finite ratio)."""
    cote, autre = (fausses_mot, justes_mot) if inverse else (justes_mot, fausses_mot)
    n_cote, n_autre = (n_fausses, n_justes) if inverse else (n_justes, n_fausses)
    mots = []
    for tige, n in cote.items():
        if n < mots_min or not n_cote:
            continue
        f = autre.get(tige, 0)
        taux_c = 100 * n / n_cote
        taux_a = 100 * f / n_autre if n_autre else 0.0
        plancher = 100 / n_autre if n_autre else 1.0
        rapport = taux_c / max(taux_a, plancher)
        j, fa = (f, n) if inverse else (n, f)
        tj, tf = (taux_a, taux_c) if inverse else (taux_c, taux_a)
        mots.append(Mot(formes[tige].most_common(1)[0][0], j, fa, tj, tf, rapport))
    mots.sort(key=lambda m: (-m.rapport, -(m.fausses if inverse else m.justes), m.forme))
    return mots


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
    par_mod: dict[str, list] = defaultdict(lambda: [Counter(), Counter(), 0, 0])
    for q in inst.questions:
        local = par_mod[module_de.get(q.id, "")]
        for i, texte in enumerate(q.options):
            mots = _mots(texte, racine)
            juste = i in q.justes
            for tige, forme in mots.items():
                formes[tige][forme] += 1
                (justes_mot if juste else fausses_mot)[tige] += 1
                local[0 if juste else 1][tige] += 1
            if juste:
                n_justes += 1
                local[2] += 1
            else:
                n_fausses += 1
                local[3] += 1
        if q.multiple or len(q.options) < 2:
            continue
        longueurs = [len(" ".join(t.split())) for t in q.options]
        plus_longues = [i for i, l in enumerate(longueurs) if l == max(longueurs)]
        plus_courtes = [i for i, l in enumerate(longueurs) if l == min(longueurs)]
        juste = q.justes[0]
        points = (1 / len(plus_longues)) if juste in plus_longues else 0.0
        points_courte = (1 / len(plus_courtes)) if juste in plus_courtes else 0.0
        choix = solveur(q.options)
        points_solveur = (1 / len(choix)) if juste in choix else 0.0
        autres = max(l for i, l in enumerate(longueurs) if i != juste)
        if longueurs[juste] >= marge * autres:
            de_loin.append((q.id, q.docname, q.lineno, longueurs[juste] / autres))
        for stat in (par_module.get(module_de.get(q.id, "")), site):
            if stat is None:
                continue
            stat.questions += 1
            stat.longue += points
            stat.courte += points_courte
            stat.solveur += points_solveur
            stat.hasard += 1 / len(q.options)
            stat.positions[juste + 1] += 1
    mots = _taux(justes_mot, fausses_mot, formes, n_justes, n_fausses, mots_min)
    mots_faux = _taux(justes_mot, fausses_mot, formes, n_justes, n_fausses, mots_min, inverse=True)
    # Within a module, a word in 3 of its wrong options and none of its right ones is worth a look.
    mots_faux_module = {}
    for mid, (j, f, nj, nf) in par_mod.items():
        if mid:
            liste = [m for m in _taux(j, f, formes, nj, nf, 3, inverse=True) if m.justes == 0]
            if liste:
                mots_faux_module[mid] = liste
    return Rapport([s for s in par_module.values() if s.questions], site, mots, sorted(de_loin, key=lambda x: -x[3]),
                   n_justes, n_fausses, mots_faux, mots_faux_module)


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
    if r.rapport_faux_max > cfg.relecture_rapport_mots:
        pire = r.mots_faux[0]
        fautes.append(f"« {pire.forme} » dans les mauvaises réponses : rapport {pire.rapport:.1f} > "
                      f"reperes_relecture_rapport_mots = {cfg.relecture_rapport_mots:g} (présent dans {pire.fausses} "
                      f"mauvaises réponses, {pire.justes} bonnes)")
    if r.site.score_solveur > cfg.relecture_solveur:
        fautes.append(f"solveur d'indices : {r.site.score_solveur:.1f} % sur le site > reperes_relecture_solveur "
                      f"= {cfg.relecture_solveur:g} % (hasard : {r.site.score_hasard:.1f} %)")
    for m in r.modules:
        if m.score_solveur > cfg.relecture_solveur_module:
            fautes.append(f"solveur d'indices : {m.score_solveur:.0f} % dans « {m.module} » > "
                          f"reperes_relecture_solveur_module = {cfg.relecture_solveur_module:g} %")
    module, position, part = r.position_max
    if part > cfg.relecture_position:
        fautes.append(f"position de la bonne réponse : {part:.0f} % en position {position} dans « {module} » > "
                      f"reperes_relecture_position = {cfg.relecture_position:g} %")
    return fautes
