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
from datetime import date

from ..populations import Population
from .masquage import masquer_groupe, masquer_paire
from .regles import (Projection, a_un_module, ajouter_mois, comptes_aux_dates, dates_du_socle, fins_de_mois,
                     periodes_formees, projeter, recyclage)
from .suivi import Realisation, Suivi


@dataclass(frozen=True)
class LignePopulation:
    id: str
    libelle: str
    effectif: int
    formes: int | None  # None: masked
    pourcentage: float | None
    ecart: int | None
    projection: Projection | None
    masque_secondaire: bool = False
    sans_socle: bool = False


@dataclass(frozen=True)
class LigneModule:
    id: str
    total: int | None
    presentiel: int | None
    en_ligne: int | None


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


COLONNES_RECYCLAGE = ("a_renouveler", "expires", "a_actualiser", "a_un_module")


def calculer(suivi: Suivi | list[Realisation], populations: dict[str, Population], socle: dict[str, list[str]],
             aujourd_hui: date, seuil: int = 5, rythme_mois: int = 6, validite_annees: int = 3,
             versions: dict[str, str] | None = None) -> Couverture:
    realisations = [r for r in (suivi.realisations if isinstance(suivi, Suivi) else suivi) if r.date <= aujourd_hui]
    dates = dates_du_socle(realisations, socle)
    periodes = periodes_formees(realisations, socle, validite_annees, dates)
    avant_jour = ajouter_mois(aujourd_hui, -rythme_mois).replace(day=min(aujourd_hui.day, 28))
    series = fins_de_mois(min(r.date for r in realisations), aujourd_hui) if realisations else []
    comptes = comptes_aux_dates(periodes, sorted({*series, avant_jour, aujourd_hui}))
    bruts = {pid: comptes[aujourd_hui].get(pid, 0) for pid in populations}
    avant = comptes[avant_jour]
    cellules, total_formes, secondaires = masquer_groupe(bruts, sum(bruts.values()), seuil)

    lignes = []
    for pid, p in populations.items():
        f = cellules[pid]
        lignes.append(LignePopulation(
            pid, p.libelle, p.effectif, f,
            None if f is None else _pourcentage(f, p.effectif),
            None if f is None else max(p.effectif - f, 0),
            None if f is None else projeter(f, avant.get(pid, 0), p.effectif, rythme_mois, aujourd_hui),
            masque_secondaire=pid in secondaires, sans_socle=not socle.get(pid)))
    effectif_total = sum(p.effectif for p in populations.values())
    total = LignePopulation(
        "total", "Ensemble des agents", effectif_total, total_formes,
        None if total_formes is None else _pourcentage(total_formes, effectif_total),
        None if total_formes is None else max(effectif_total - total_formes, 0),
        None if total_formes is None else projeter(total_formes, sum(avant.values()), effectif_total, rythme_mois,
                                                   aujourd_hui))

    # Per module: distinct agents, each counted in the mode of their first completion,
    # so that in person + online = total.
    premiere: dict[tuple[str, str], Realisation] = {}
    for r in realisations:
        deja = premiere.get((r.module, r.agent))
        if deja is None or (r.date, r.ligne) < (deja.date, deja.ligne):
            premiere[(r.module, r.agent)] = r
    par_mode: dict[str, dict[str, int]] = defaultdict(lambda: {"présentiel": 0, "en ligne": 0})
    for (mid, _), r in premiere.items():
        par_mode[mid][r.mode] += 1
    modules = [LigneModule(mid, *masquer_paire(c["présentiel"], c["en ligne"], seuil))
               for mid, c in sorted(par_mode.items())]

    serie = []
    for quand in series:
        valeurs = {pid: comptes[quand].get(pid, 0) for pid in populations}
        cellules_mois, total_mois, _ = masquer_groupe(valeurs, sum(valeurs.values()), seuil)
        serie.append(Point(quand, cellules_mois, total_mois))

    # Recyclage: each column masked like the population table (primary, secondary, total).
    groupes = recyclage(realisations, socle, aujourd_hui, validite_annees, versions or {}, periodes, dates)
    groupes["a_un_module"] = a_un_module(realisations, socle, aujourd_hui, validite_annees)
    colonnes = {}
    for nom, agents in groupes.items():
        valeurs = {pid: len(agents.get(pid, ())) for pid in populations}
        colonnes[nom] = masquer_groupe(valeurs, sum(valeurs.values()), seuil)[:2]
    lignes_recyclage = [LigneRecyclage(pid, p.libelle, cellules[pid],
                                       *[colonnes[nom][0][pid] for nom in COLONNES_RECYCLAGE])
                        for pid, p in populations.items()]
    total_recyclage = LigneRecyclage("total", "Ensemble des agents", total_formes,
                                     *[colonnes[nom][1] for nom in COLONNES_RECYCLAGE])

    notes = []
    sans = [p.libelle for p in lignes if p.sans_socle]
    if sans:
        notes.append("Sans parcours ni module socle, personne ne peut être compté formé : " + ", ".join(sans) + ".")
    return Couverture(aujourd_hui, seuil, rythme_mois, lignes, total, modules, serie,
                      exemple=any(p.exemple for p in populations.values()),
                      description=suivi.description if isinstance(suivi, Suivi) else "", notes=notes,
                      recyclage=lignes_recyclage, recyclage_total=total_recyclage, validite_annees=validite_annees)


def _pourcentage(formes: int, effectif: int) -> float:
    return 100.0 if effectif == 0 else min(100.0, 100.0 * formes / effectif)
