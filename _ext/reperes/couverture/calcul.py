"""Coverage of the training: the aggregates the dashboard shows, already masked.

:func:`calculer` assembles them from the records (``suivi``), the rules (``regles``) and the
masking (``masquage``); ``sorties`` turns them into rows, CSV and terminal text, and
``graphiques`` into charts. The site and ``make couverture`` call the same function on the
same snapshot, so they show the same masked figures. Pure functions, tested without Sphinx
in ``tests/test_couverture.py``.

Cost: the trained periods of every agent are computed once (O(n log n) in rows); today's
figures, the figures six months ago and every month of the series are then counts on those
periods, in one sweep.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..populations import Population
from .masquage import CLE_EXEMPLE, cle_agent, cle_cellule, publier, total_publie
from .regles import (Projection, a_un_module, ajouter_mois, comptes_et_cles, dates_du_socle, fins_de_mois,
                     periodes_formees, projeter, recyclage)
from .suivi import Realisation, Suivi


@dataclass(frozen=True)
class LignePopulation:
    id: str
    libelle: str
    effectif: int
    formes: int | None  # published (rounded to the base); None: masked (« < 5 ») or, for the total, « — »
    pourcentage: float | None
    ecart: int | None
    projection: Projection | None
    sans_socle: bool = False


@dataclass(frozen=True)
class LigneModule:
    """Agents who finished a module, each counted once, in the mode of their first completion:
    in person (attendance sheet), online (a receipt code, declarative), LMS (Moodle, SCORM).
    ``total``: the sum of the three published figures."""

    id: str
    total: int | None
    presentiel: int | None
    en_ligne: int | None
    lms: int | None = None


@dataclass(frozen=True)
class LigneRecyclage:
    """Per population (None: masked): trained, to renew within 6 months, expired, to update, one
    socle module short."""

    id: str
    libelle: str
    formes: int | None
    a_renouveler: int | None
    expires: int | None
    a_actualiser: int | None
    a_un_module: int | None = None


@dataclass(frozen=True)
class Point:
    """One month of the time series: trained agents per population (None: masked)."""

    date: date
    formes: dict[str, int | None]
    total: int | None


@dataclass
class Couverture:
    """Everything the dashboard shows, already masked: safe to publish."""

    aujourd_hui: date
    seuil: int
    rythme_mois: int
    populations: list[LignePopulation]
    total: LignePopulation
    modules: list[LigneModule]
    serie: list[Point]
    exemple: bool
    description: str = ""
    notes: list[str] = field(default_factory=list)
    recyclage: list[LigneRecyclage] = field(default_factory=list)
    recyclage_total: LigneRecyclage | None = None
    validite_annees: int = 3
    changement: date | None = None  # last day of the former socle, when the chart shows it


COLONNES_RECYCLAGE = ("a_renouveler", "expires", "a_actualiser", "a_un_module")
MODES = ("présentiel", "en ligne", "lms")


def calculer(suivi: Suivi | list[Realisation], populations: dict[str, Population], socle: dict[str, list[str]],
             aujourd_hui: date, seuil: int = 5, rythme_mois: int = 6, validite_annees: int = 3,
             versions: dict[str, str] | None = None, secret: bytes = CLE_EXEMPLE,
             ancien: tuple[date, list[str]] | None = None) -> Couverture:
    """The published figures. Every count is rounded at random to a multiple of ``seuil`` by
    its cell key (``masquage``: ``secret`` keys the agents), a count rounded to 0 is masked,
    every total is the sum of the published cells, and every derived figure (share, gap,
    projection, chart) is computed from published figures only. ``ancien``: (last day, modules) of
    the socle in force before a change: the chart's points up to that day count that socle."""
    realisations = [r for r in (suivi.realisations if isinstance(suivi, Suivi) else suivi) if r.date <= aujourd_hui]
    cle_de = {agent: cle_agent(agent, secret) for agent in {r.agent for r in realisations}}

    def cellule(agents) -> int | None:
        agents = set(agents)
        return publier(len(agents), cle_cellule(cle_de[a] for a in agents), seuil)

    dates = dates_du_socle(realisations, socle)
    periodes = periodes_formees(realisations, socle, validite_annees, dates)
    avant_jour = ajouter_mois(aujourd_hui, -rythme_mois).replace(day=min(aujourd_hui.day, 28))
    series = fins_de_mois(min(r.date for r in realisations), aujourd_hui) if realisations else []
    if ancien is not None and series and series[0] <= ancien[0] and ancien[0] + timedelta(days=1) < aujourd_hui:
        # The first day of the new socle is a point of its own: the drop, then the trend after it.
        series = sorted({*series, ancien[0] + timedelta(days=1)})
    comptes = comptes_et_cles(periodes, sorted({*series, avant_jour, aujourd_hui}), cle_de)
    if ancien is not None and ancien[1]:
        jusqu_au, modules = ancien
        socle_ancien = {pid: list(modules) for pid in socle if socle.get(pid)}
        avant_changement = [d for d in series if d <= jusqu_au and d not in (avant_jour, aujourd_hui)]
        if avant_changement:
            anciennes = periodes_formees(realisations, socle_ancien, validite_annees)
            comptes.update(comptes_et_cles(anciennes, avant_changement, cle_de))

    def publies(quand: date) -> dict[str, int | None]:
        return {pid: publier(*comptes[quand].get(pid, (0, 0)), seuil) for pid in populations}

    cellules, avant = publies(aujourd_hui), publies(avant_jour)
    total_formes = total_publie(cellules.values())

    lignes = []
    for pid, p in populations.items():
        f = cellules[pid]
        lignes.append(LignePopulation(
            pid, p.libelle, p.effectif, f,
            None if f is None else _pourcentage(f, p.effectif),
            None if f is None else max(p.effectif - f, 0),
            # From published figures only (six months ago: its own rounded count, 0 when masked).
            None if f is None else projeter(f, avant[pid] or 0, p.effectif, rythme_mois, aujourd_hui),
            sans_socle=not socle.get(pid)))
    effectif_total = sum(p.effectif for p in populations.values())
    total = LignePopulation(
        "total", "Ensemble des agents", effectif_total, total_formes,
        None if total_formes is None else _pourcentage(total_formes, effectif_total),
        None if total_formes is None else max(effectif_total - total_formes, 0),
        None if total_formes is None else projeter(total_formes, total_publie(avant.values()) or 0, effectif_total,
                                                   rythme_mois, aujourd_hui))

    # Per module: distinct agents, each counted in the mode of their first completion.
    premiere: dict[tuple[str, str], Realisation] = {}
    for r in realisations:
        deja = premiere.get((r.module, r.agent))
        if deja is None or (r.date, r.ligne) < (deja.date, deja.ligne):
            premiere[(r.module, r.agent)] = r
    par_mode: dict[str, dict[str, list[str]]] = defaultdict(lambda: {m: [] for m in MODES})
    for (mid, agent), r in premiere.items():
        par_mode[mid][r.mode].append(agent)
    modules = []
    for mid, c in sorted(par_mode.items()):
        modes = [cellule(c[m]) for m in MODES]
        modules.append(LigneModule(mid, total_publie(modes), *modes))

    serie = []
    for quand in series:
        cellules_mois = publies(quand)
        serie.append(Point(quand, cellules_mois, total_publie(cellules_mois.values())))

    # Recyclage: each column rounded like the population table, its total the sum of its cells.
    groupes = recyclage(realisations, socle, aujourd_hui, validite_annees, versions or {}, periodes, dates)
    groupes["a_un_module"] = a_un_module(realisations, socle, aujourd_hui, validite_annees)
    colonnes = {nom: {pid: cellule(agents.get(pid, ())) for pid in populations} for nom, agents in groupes.items()}
    lignes_recyclage = [LigneRecyclage(pid, p.libelle, cellules[pid],
                                       *[colonnes[nom][pid] for nom in COLONNES_RECYCLAGE])
                        for pid, p in populations.items()]
    total_recyclage = LigneRecyclage("total", "Ensemble des agents", total_formes,
                                     *[total_publie(colonnes[nom].values()) for nom in COLONNES_RECYCLAGE])

    notes = []
    sans = [p.libelle for p in lignes if p.sans_socle]
    if sans:
        notes.append("Sans parcours ni module socle, personne ne peut être compté formé : " + ", ".join(sans) + ".")
    return Couverture(aujourd_hui, seuil, rythme_mois, lignes, total, modules, serie,
                      exemple=any(p.exemple for p in populations.values()),
                      description=suivi.description if isinstance(suivi, Suivi) else "", notes=notes,
                      recyclage=lignes_recyclage, recyclage_total=total_recyclage, validite_annees=validite_annees,
                      changement=ancien[0] if ancien and ancien[1] and series and series[0] <= ancien[0] else None)


def _pourcentage(formes: int, effectif: int) -> float:
    return 100.0 if effectif == 0 else min(100.0, 100.0 * formes / effectif)
