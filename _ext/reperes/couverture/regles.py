"""Who is trained, when: the rules of the dashboard, computed in O(n log n) on the records.

- an agent is *trained* on day t when every socle module of their population's parcours
  was completed on or before t, each completion counting for ``validite_annees`` years: a
  completion on day D counts up to the day before its anniversary (D + N years − 1 day
  included) and no longer on the anniversary itself (29 February: up to 28 February);
- so each agent is trained over a union of periods: per socle module, the union of
  [D, end of D) over its completions; then the intersection across the socle modules
  (:func:`periodes_formees`, sorted merges). A count on any number of dates is then one
  sweep over the periods' starts and ends (:func:`comptes_aux_dates`): the cost grows with
  the rows, not with the length of the history;
- *à un module du socle* (:func:`a_un_module`): agents whose still-valid completions cover
  every socle module of their population but one — the ones to reach first, e.g. after the
  socle changed;
- recyclage (:func:`recyclage`): *à renouveler* — trained today, no longer in
  ``RENOUVELLEMENT_MOIS`` months without a new completion; *expiré* — completed every socle
  module, but one of them too long ago; *à actualiser* — the last still-valid completion of a
  module carries a version other than the module's current one (an empty version, e.g. in
  person, is never stale).
"""

from __future__ import annotations

import bisect
from functools import lru_cache
import calendar
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from .formats import mois_fr
from .suivi import Realisation

# « à renouveler dans les 6 mois »: a trained agent whose training stops counting within this many months.
RENOUVELLEMENT_MOIS = 6
JAMAIS = date.max


@lru_cache(maxsize=None)
def fin_validite(d: date, validite_annees: int | None) -> date:
    """The first day a completion of day ``d`` no longer counts (its anniversary; 1 March for
    a 29 February whose anniversary year has none). ``None``: it always counts."""
    if validite_annees is None:
        return JAMAIS
    try:
        return d.replace(year=d.year + validite_annees)
    except ValueError:  # 29 February
        return date(d.year + validite_annees, 3, 1)


def ajouter_mois(d: date, mois: int) -> date:
    """First day of the month ``mois`` months after ``d``'s month."""
    total = d.year * 12 + d.month - 1 + mois
    return date(total // 12, total % 12 + 1, 1)


def mois_apres(d: date, mois: int) -> date:
    """The same day ``mois`` months later (the month's last day when it has no such day)."""
    annee, m = divmod(d.year * 12 + d.month - 1 + mois, 12)
    return date(annee, m + 1, min(d.day, calendar.monthrange(annee, m + 1)[1]))


def fins_de_mois(debut: date, fin: date) -> list[date]:
    """Last day of each month from ``debut``'s month to the month before ``fin``'s, then ``fin``."""
    points, mois = [], date(debut.year, debut.month, 1)
    while ajouter_mois(mois, 1) <= fin:
        suivant = ajouter_mois(mois, 1)
        points.append(suivant - timedelta(days=1))
        mois = suivant
    return points + [fin]


Periodes = list[tuple[date, date]]  # sorted, disjoint [start, end) periods


def _union(periodes: Periodes) -> Periodes:
    resultat: Periodes = []
    for debut, fin in sorted(periodes):
        if resultat and debut <= resultat[-1][1]:
            if fin > resultat[-1][1]:
                resultat[-1] = (resultat[-1][0], fin)
        else:
            resultat.append((debut, fin))
    return resultat


def _intersection(a: Periodes, b: Periodes) -> Periodes:
    resultat, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        debut, fin = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if debut < fin:
            resultat.append((debut, fin))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return resultat


Dates = dict[tuple[str, str], dict[str, list[date]]]  # (population, agent) -> socle module -> days


def dates_du_socle(realisations: list[Realisation], socle: dict[str, list[str]]) -> Dates:
    """The days each agent completed each socle module of their population: one pass over the
    rows, shared by every computation that needs it."""
    requis_de = {pid: frozenset(m) for pid, m in socle.items() if m}
    groupes: Dates = {}
    for r in realisations:
        requis = requis_de.get(r.population)
        if requis is not None and r.module in requis:
            cle = (r.population, r.agent)
            modules = groupes.get(cle)
            if modules is None:
                modules = groupes[cle] = {}
            jours = modules.get(r.module)
            if jours is None:
                modules[r.module] = [r.date]
            else:
                jours.append(r.date)
    return groupes


def periodes_formees(realisations: list[Realisation], socle: dict[str, list[str]],
                     validite_annees: int | None, dates: Dates | None = None) -> dict[tuple[str, str], Periodes]:
    """{(population, agent): periods during which the agent is trained}. A population without
    socle (no parcours) has nobody trained. ``dates``: :func:`dates_du_socle` of these rows, when
    the caller has it already."""
    if dates is None:
        dates = dates_du_socle(realisations, socle)
    requis_de = {pid: len(set(m)) for pid, m in socle.items() if m}
    resultat: dict[tuple[str, str], Periodes] = {}
    for (pid, agent), modules in dates.items():
        if len(modules) < requis_de[pid]:
            continue
        if validite_annees is None:  # counted however long ago: from the last first completion on
            resultat[(pid, agent)] = [(max(min(j) for j in modules.values()), JAMAIS)]
            continue
        periodes: Periodes | None = None
        for jours in modules.values():
            u = _union([(d, fin_validite(d, validite_annees)) for d in jours])
            periodes = u if periodes is None else _intersection(periodes, u)
            if not periodes:
                break
        if periodes:
            resultat[(pid, agent)] = periodes
    return resultat


def formes_a(realisations: list[Realisation], socle: dict[str, list[str]], quand: date,
             validite_annees: int | None) -> dict[str, set[str]]:
    """Agents trained on ``quand``, per population."""
    resultat: dict[str, set[str]] = defaultdict(set)
    passees = [r for r in realisations if r.date <= quand]
    for (pid, agent), periodes in periodes_formees(passees, socle, validite_annees).items():
        i = bisect.bisect_right(periodes, (quand, JAMAIS)) - 1
        if i >= 0 and periodes[i][0] <= quand < periodes[i][1]:
            resultat[pid].add(agent)
    return resultat


def comptes_aux_dates(periodes: dict[tuple[str, str], Periodes], dates: list[date]) -> dict[date, dict[str, int]]:
    """{date: {population: agents trained that day}} for sorted ``dates``, in one sweep over the
    periods' starts (+1) and ends (−1)."""
    evenements: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for (pid, _), liste in periodes.items():
        for debut, fin in liste:
            evenements[pid].append((debut, 1))
            if fin != JAMAIS:
                evenements[pid].append((fin, -1))
    resultat: dict[date, dict[str, int]] = {d: {} for d in dates}
    for pid, evts in evenements.items():
        evts.sort()
        i, courant = 0, 0
        for d in dates:
            while i < len(evts) and evts[i][0] <= d:
                courant += evts[i][1]
                i += 1
            resultat[d][pid] = courant
    return resultat


def comptes_et_cles(periodes: dict[tuple[str, str], Periodes], dates: list[date],
                    cle_de: dict[str, int]) -> dict[date, dict[str, tuple[int, int]]]:
    """{date: {population: (agents trained that day, sum of their record keys)}} for sorted
    ``dates``, in one sweep as :func:`comptes_aux_dates` (the key sum is the masking's cell key)."""
    evenements: dict[str, list[tuple[date, int, int]]] = defaultdict(list)
    for (pid, agent), liste in periodes.items():
        cle = cle_de[agent]
        for debut, fin in liste:
            evenements[pid].append((debut, 1, cle))
            if fin != JAMAIS:
                evenements[pid].append((fin, -1, -cle))
    resultat: dict[date, dict[str, tuple[int, int]]] = {d: {} for d in dates}
    for pid, evts in evenements.items():
        evts.sort()
        i, courant, somme = 0, 0, 0
        for d in dates:
            while i < len(evts) and evts[i][0] <= d:
                courant += evts[i][1]
                somme += evts[i][2]
                i += 1
            resultat[d][pid] = (courant, somme)
    return resultat


def recyclage(realisations: list[Realisation], socle: dict[str, list[str]], quand: date, validite_annees: int,
              versions: dict[str, str], periodes: dict | None = None,
              dates: Dates | None = None) -> dict[str, dict[str, set[str]]]:
    """{"a_renouveler" | "expires" | "a_actualiser": {population: agents}} on ``quand``.
    ``versions``: the current version of each module (a module absent is never stale).
    ``periodes``: :func:`periodes_formees` of these completions (all on or before ``quand``),
    when the caller has them already."""
    passees = [r for r in realisations if r.date <= quand] if periodes is None else realisations
    if dates is None:
        dates = dates_du_socle(passees, socle)
    if periodes is None:
        periodes = periodes_formees(passees, socle, validite_annees, dates)
    plus_tard = mois_apres(quand, RENOUVELLEMENT_MOIS)
    formes: dict[str, set[str]] = defaultdict(set)
    a_renouveler: dict[str, set[str]] = defaultdict(set)
    for (pid, agent), liste in periodes.items():
        i = bisect.bisect_right(liste, (quand, JAMAIS)) - 1
        if i >= 0 and liste[i][0] <= quand < liste[i][1]:
            formes[pid].add(agent)
            if not liste[i][1] > plus_tard:
                a_renouveler[pid].add(agent)
    sans_limite = periodes_formees(passees, socle, None, dates)
    expires: dict[str, set[str]] = defaultdict(set)
    for (pid, agent) in sans_limite:
        # A population whose agents completed the socle is listed, even with none expired.
        deja = expires.setdefault(pid, set())
        if agent not in formes.get(pid, ()):
            deja.add(agent)
    derniere: dict[tuple[str, str], Realisation] = {}
    for r in passees:
        if fin_validite(r.date, validite_annees) > quand:
            avant = derniere.get((r.agent, r.module))
            if avant is None or (r.date, r.ligne) > (avant.date, avant.ligne):
                derniere[(r.agent, r.module)] = r
    a_actualiser: dict[str, set[str]] = defaultdict(set)
    for (agent, module), r in derniere.items():
        if r.version and module in versions and r.version != versions[module]:
            a_actualiser[r.population].add(agent)
    return {"a_renouveler": {pid: a_renouveler.get(pid, set()) for pid in formes},
            "expires": dict(expires), "a_actualiser": dict(a_actualiser)}


def a_un_module(realisations: list[Realisation], socle: dict[str, list[str]], quand: date,
                validite_annees: int) -> dict[str, set[str]]:
    """Agents with a still-valid completion of every socle module of their population but one."""
    requis_de = {pid: set(m) for pid, m in socle.items() if len(m) > 1}
    valides: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in realisations:
        requis = requis_de.get(r.population)
        if requis and r.module in requis and r.date <= quand < fin_validite(r.date, validite_annees):
            valides[(r.population, r.agent)].add(r.module)
    resultat: dict[str, set[str]] = {}
    for (pid, agent), modules in valides.items():
        if len(modules) == len(requis_de[pid]) - 1:
            resultat.setdefault(pid, set()).add(agent)
    return resultat


@dataclass(frozen=True)
class Projection:
    """« atteint », a month (date of the 1st), or « non atteint au rythme actuel »."""

    atteint: bool
    date: date | None

    @property
    def texte(self) -> str:
        if self.atteint:
            return "atteint"
        return mois_fr(self.date) if self.date else "non atteint au rythme actuel"


def projeter(formes_maintenant: int, formes_avant: int, effectif: int, mois: int, aujourd_hui: date) -> Projection:
    """Date of 100 % if the last ``mois`` months' pace goes on (net pace: expired completions
    count against it)."""
    ecart = effectif - formes_maintenant
    if ecart <= 0:
        return Projection(True, None)
    rythme = (formes_maintenant - formes_avant) / mois
    if rythme <= 0:
        return Projection(False, None)
    return Projection(False, ajouter_mois(aujourd_hui, math.ceil(ecart / rythme)))
