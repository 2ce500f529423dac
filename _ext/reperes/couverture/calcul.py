"""Coverage of the training: load, validate, aggregate, mask, project.

Pure functions, no Sphinx: the directive (``directive.py``) and the terminal
command (``__main__.py``) both call :func:`calculer`, so the site and ``make
couverture`` show the same masked figures. Tested on their own in
``tests/test_couverture.py``.

Rules (the pilotage page explains them to its readers):

- an agent is *trained* when they completed every socle module of their
  population's parcours, each completion counting for ``validite_annees`` years: a
  completion on day D counts up to the day before its anniversary (D + 3 years − 1 day
  included), and no longer on the anniversary itself;
- recyclage (:func:`recyclage`): *à renouveler* — trained today, no longer in
  ``RENOUVELLEMENT_MOIS`` months without a new completion; *expiré* — completed every
  socle module, but one of them too long ago; *à actualiser* — the last still-valid
  completion of a module carries a version other than the module's current one (its
  questions changed since; an empty version, e.g. in person, is never stale);
- any figure counting fewer than ``seuil`` agents is masked (« < 5 »), zero included;
  what derives from it (percentage, gap, projected date) is masked too;
- secondary suppression, so that a masked cell cannot be recovered by subtracting
  the others from a total: in the population table (and in every month of the
  time series), when exactly one population is masked, the smallest other
  population is masked too and the city-wide total stays visible; if there is no
  other population to mask, the total is masked. In the module table (total =
  in person + online), when one of the two modes is masked the other is masked too.

Masked figures are ``None`` in the masked results: a masked value cannot leak to the
page, the CSV or a chart by mistake, because it is no longer there.
"""

from __future__ import annotations

import calendar
import csv
import io
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from ..donnees import DonneesInvalides, Probleme, Table, date_iso, lire_csv
from ..populations import Population

COLONNES = ["agent", "population", "module", "date", "mode", "version"]
MODES = {"présentiel": "présentiel", "presentiel": "présentiel", "en ligne": "en ligne"}
# A pseudonym: letters, digits, « - _ . », no space (a first and last name has one).
AGENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# « à renouveler dans les 6 mois »: a trained agent whose training stops counting within this many months.
RENOUVELLEMENT_MOIS = 6
MOIS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
ESPACE_FINE = "\u202f"  # French thousands separator (narrow no-break space)


# -- reading and validating the records -------------------------------------------------------
@dataclass(frozen=True)
class Realisation:
    """One module completed by one agent (one row of the records file)."""

    agent: str
    population: str
    module: str
    date: date
    mode: str
    version: str
    ligne: int


@dataclass(frozen=True)
class Suivi:
    realisations: list[Realisation]
    table: Table  # what was read: file, separator detected, BOM, number of rows

    @property
    def description(self) -> str:
        return self.table.description


def charger_suivi(chemin: str | Path, nom: str, populations: dict[str, Population], modules: set[str],
                  aujourd_hui: date | None = None) -> Suivi:
    """Read and validate the records; every problem is gathered, then all raised at once
    (:class:`DonneesInvalides`, each with file:line:column). Messages never quote an agent
    identifier: they go to build logs, and a line number is enough to find the row."""
    aujourd_hui = aujourd_hui or date.today()
    table = lire_csv(chemin, COLONNES, nom)
    problemes: list[Probleme] = []
    resultat: list[Realisation] = []
    vues: dict[tuple[str, str, date], int] = {}
    population_de: dict[str, tuple[str, int]] = {}
    agents_par_population: dict[str, list[tuple[str, int, int]]] = defaultdict(list)  # (agent, line, column)
    for ligne in table.lignes:
        v, col = ligne.valeurs, ligne.colonnes
        n = len(problemes)

        def pb(colonne: str, message: str) -> None:
            problemes.append(Probleme(nom, ligne.numero, col[colonne], message))

        agent = v["agent"]
        if not AGENT.match(agent):
            pb("agent", "identifiant d'agent invalide : un pseudonyme sans espace (ex. « EX-0001 »), "
                        "jamais un nom.")
        if v["population"] not in populations:
            pb("population", f"population « {v['population']} » inconnue ; populations déclarées : "
                             f"{', '.join(sorted(populations))}.")
        if v["module"] not in modules:
            pb("module", f"module « {v['module']} » inconnu ; modules du site : {', '.join(sorted(modules))}.")
        quand = date_iso(v["date"])
        if quand is None:
            pb("date", f"date « {v['date']} » invalide : attendu AAAA-MM-JJ ou JJ/MM/AAAA.")
        elif quand > aujourd_hui:
            pb("date", f"date « {v['date']} » dans le futur.")
        mode = MODES.get(v["mode"].lower())
        if mode is None:
            pb("mode", f"mode « {v['mode']} » invalide : « présentiel » ou « en ligne ».")
        if len(problemes) > n:
            continue
        cle = (agent, v["module"], quand)
        if cle in vues:
            pb("agent", f"ligne en double : même agent, même module, même date que la ligne {vues[cle]}.")
            continue
        vues[cle] = ligne.numero
        if agent in population_de and population_de[agent][0] != v["population"]:
            autre, ou = population_de[agent]
            pb("population", f"cet agent est rattaché à la population « {autre} » ligne {ou} : "
                             "un agent appartient à une seule population.")
            continue
        if agent not in population_de:
            population_de[agent] = (v["population"], ligne.numero)
            agents_par_population[v["population"]].append((agent, ligne.numero, col["population"]))
        resultat.append(Realisation(agent, v["population"], v["module"], quand, mode, v["version"], ligne.numero))
    # More agents than the head count: the head count is out of date, or rows are misfiled.
    # Reported at the row of the first agent beyond the head count.
    for pid, agents in sorted(agents_par_population.items()):
        effectif = populations[pid].effectif
        if len(agents) > effectif:
            _, numero, colonne = agents[effectif]
            problemes.append(Probleme(
                nom, numero, colonne,
                f"population « {pid} » : {len(agents)} agents dans ce fichier pour un effectif de "
                f"{effectif} (fichier des populations, ligne {populations[pid].ligne}) : mettez l'effectif "
                "à jour ou corrigez la population des lignes en trop."))
    if problemes:
        raise DonneesInvalides(sorted(problemes, key=lambda p: (p.ligne, p.colonne or 0)))
    return Suivi(resultat, table)


# -- who is trained, when ------------------------------------------------------------------
def _annees_avant(d: date, annees: int) -> date:
    try:
        return d.replace(year=d.year - annees)
    except ValueError:  # 29 February
        return d.replace(year=d.year - annees, day=28)


def ajouter_mois(d: date, mois: int) -> date:
    """First day of the month ``mois`` months after ``d``'s month."""
    total = d.year * 12 + d.month - 1 + mois
    return date(total // 12, total % 12 + 1, 1)


def mois_apres(d: date, mois: int) -> date:
    """The same day ``mois`` months later (the month's last day when it has no such day)."""
    annee, m = divmod(d.year * 12 + d.month - 1 + mois, 12)
    return date(annee, m + 1, min(d.day, calendar.monthrange(annee, m + 1)[1]))


def formes_a(realisations: list[Realisation], socle: dict[str, list[str]], quand: date,
             validite_annees: int | None) -> dict[str, set[str]]:
    """Agents trained on ``quand``, per population: every socle module of their population
    completed on or before ``quand`` and less than ``validite_annees`` years before it
    (``None``: however long ago). A population without socle (no parcours) has nobody trained."""
    limite = date.min if validite_annees is None else _annees_avant(quand, validite_annees)
    faits: dict[tuple[str, str], set[str]] = defaultdict(set)  # (population, agent) -> modules
    for r in realisations:
        if limite < r.date <= quand:
            faits[(r.population, r.agent)].add(r.module)
    resultat: dict[str, set[str]] = defaultdict(set)
    for (pid, agent), modules in faits.items():
        requis = socle.get(pid) or []
        if requis and set(requis) <= modules:
            resultat[pid].add(agent)
    return resultat


def recyclage(realisations: list[Realisation], socle: dict[str, list[str]], quand: date, validite_annees: int,
              versions: dict[str, str]) -> dict[str, dict[str, set[str]]]:
    """{"a_renouveler" | "expires" | "a_actualiser": {population: agents}} on ``quand``.
    ``versions``: the current version of each module (a module absent is never stale)."""
    passees = [r for r in realisations if r.date <= quand]
    formes = formes_a(passees, socle, quand, validite_annees)
    encore = formes_a(passees, socle, mois_apres(quand, RENOUVELLEMENT_MOIS), validite_annees)
    sans_limite = formes_a(passees, socle, quand, None)
    limite = _annees_avant(quand, validite_annees)
    derniere: dict[tuple[str, str], Realisation] = {}
    for r in sorted(passees, key=lambda r: (r.date, r.ligne)):
        if r.date > limite:
            derniere[(r.agent, r.module)] = r
    a_actualiser: dict[str, set[str]] = defaultdict(set)
    for (agent, module), r in derniere.items():
        if r.version and module in versions and r.version != versions[module]:
            a_actualiser[r.population].add(agent)
    return {"a_renouveler": {pid: agents - encore.get(pid, set()) for pid, agents in formes.items()},
            "expires": {pid: agents - formes.get(pid, set()) for pid, agents in sans_limite.items()},
            "a_actualiser": dict(a_actualiser)}


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
    """Date of 100 % if the last ``mois`` months' pace goes on (net pace: expired
    completions count against it)."""
    ecart = effectif - formes_maintenant
    if ecart <= 0:
        return Projection(True, None)
    rythme = (formes_maintenant - formes_avant) / mois
    if rythme <= 0:
        return Projection(False, None)
    return Projection(False, ajouter_mois(aujourd_hui, math.ceil(ecart / rythme)))


# -- aggregates -------------------------------------------------------------------------------
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
    """Per population (None: masked): trained, to renew within 6 months, expired, to update."""

    id: str
    libelle: str
    formes: int | None
    a_renouveler: int | None
    expires: int | None
    a_actualiser: int | None


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


def masquer_groupe(valeurs: dict[str, int], total: int, seuil: int) -> tuple[dict[str, int | None], int | None, set[str]]:
    """Primary and secondary suppression of cells that add up to ``total``.
    Returns (cells, total, ids masked by secondary suppression)."""
    masques = {k for k, v in valeurs.items() if v < seuil}
    secondaires: set[str] = set()
    total_masque = total < seuil
    if len(masques) == 1 and not total_masque:
        visibles = sorted((v, k) for k, v in valeurs.items() if k not in masques)
        if visibles:
            secondaires = {visibles[0][1]}
        else:
            total_masque = True
    masques |= secondaires
    return ({k: (None if k in masques else v) for k, v in valeurs.items()},
            None if total_masque else total, secondaires)


def masquer_paire(presentiel: int, en_ligne: int, seuil: int) -> tuple[int | None, int | None, int | None]:
    """A module's row: total = in person + online. One masked mode would be recovered by
    subtraction from the total, so both are masked then."""
    total = presentiel + en_ligne
    if total < seuil:
        return None, None, None
    if presentiel < seuil or en_ligne < seuil:
        return total, None, None
    return total, presentiel, en_ligne


def fins_de_mois(debut: date, fin: date) -> list[date]:
    """Last day of each month from ``debut``'s month to the month before ``fin``'s, then ``fin``."""
    points, mois = [], date(debut.year, debut.month, 1)
    while ajouter_mois(mois, 1) <= fin:
        suivant = ajouter_mois(mois, 1)
        points.append(suivant - timedelta(days=1))
        mois = suivant
    return points + [fin]


def calculer(suivi: Suivi | list[Realisation], populations: dict[str, Population], socle: dict[str, list[str]],
             aujourd_hui: date, seuil: int = 5, rythme_mois: int = 6, validite_annees: int = 3,
             versions: dict[str, str] | None = None) -> Couverture:
    realisations = suivi.realisations if isinstance(suivi, Suivi) else suivi
    maintenant = formes_a(realisations, socle, aujourd_hui, validite_annees)
    avant_jour = ajouter_mois(aujourd_hui, -rythme_mois).replace(day=min(aujourd_hui.day, 28))
    avant = formes_a(realisations, socle, avant_jour, validite_annees)
    bruts = {pid: len(maintenant.get(pid, ())) for pid in populations}
    total_brut = sum(bruts.values())
    cellules, total_formes, secondaires = masquer_groupe(bruts, total_brut, seuil)

    lignes = []
    for pid, p in populations.items():
        f = cellules[pid]
        lignes.append(LignePopulation(
            pid, p.libelle, p.effectif, f,
            None if f is None else _pourcentage(f, p.effectif),
            None if f is None else max(p.effectif - f, 0),
            None if f is None else projeter(f, len(avant.get(pid, ())), p.effectif, rythme_mois, aujourd_hui),
            masque_secondaire=pid in secondaires, sans_socle=not socle.get(pid)))
    effectif_total = sum(p.effectif for p in populations.values())
    total = LignePopulation(
        "total", "Ensemble des agents", effectif_total, total_formes,
        None if total_formes is None else _pourcentage(total_formes, effectif_total),
        None if total_formes is None else max(effectif_total - total_formes, 0),
        None if total_formes is None else projeter(total_formes, sum(len(a) for a in avant.values()),
                                                   effectif_total, rythme_mois, aujourd_hui))

    # Per module: distinct agents, each counted in the mode of their first completion,
    # so that in person + online = total.
    premiere: dict[tuple[str, str], Realisation] = {}
    for r in sorted(realisations, key=lambda r: (r.date, r.ligne)):
        premiere.setdefault((r.module, r.agent), r)
    par_mode: dict[str, dict[str, int]] = defaultdict(lambda: {"présentiel": 0, "en ligne": 0})
    for (mid, _), r in premiere.items():
        par_mode[mid][r.mode] += 1
    modules = [LigneModule(mid, *masquer_paire(c["présentiel"], c["en ligne"], seuil))
               for mid, c in sorted(par_mode.items())]

    serie = []
    if realisations:
        for quand in fins_de_mois(min(r.date for r in realisations), aujourd_hui):
            a = formes_a(realisations, socle, quand, validite_annees)
            valeurs = {pid: len(a.get(pid, ())) for pid in populations}
            cellules_mois, total_mois, _ = masquer_groupe(valeurs, sum(valeurs.values()), seuil)
            serie.append(Point(quand, cellules_mois, total_mois))

    # Recyclage: each column masked like the population table (primary, secondary, total).
    groupes = recyclage(realisations, socle, aujourd_hui, validite_annees, versions or {})
    colonnes = {}
    for nom, agents in groupes.items():
        valeurs = {pid: len(agents.get(pid, ())) for pid in populations}
        colonnes[nom] = masquer_groupe(valeurs, sum(valeurs.values()), seuil)[:2]
    lignes_recyclage = [LigneRecyclage(pid, p.libelle, cellules[pid],
                                       *[colonnes[nom][0][pid] for nom in ("a_renouveler", "expires", "a_actualiser")])
                        for pid, p in populations.items()]
    total_recyclage = LigneRecyclage("total", "Ensemble des agents", total_formes,
                                     *[colonnes[nom][1] for nom in ("a_renouveler", "expires", "a_actualiser")])

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


# -- French formats -----------------------------------------------------------------------
def nombre_fr(n: int) -> str:
    """1200 → « 1 200 » (narrow no-break space)."""
    return f"{n:,}".replace(",", ESPACE_FINE)


def pourcentage_fr(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + "\u00a0%"


def mois_fr(d: date) -> str:
    """« nov. 2026 »."""
    return f"{MOIS[d.month - 1]}\u00a0{d.year}"


def date_fr(d: date) -> str:
    return f"{d.day}\u00a0{['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'][d.month - 1]}\u00a0{d.year}"


def cellule(valeur: int | None, seuil: int) -> str:
    return f"<\u00a0{seuil}" if valeur is None else nombre_fr(valeur)


def derive(valeur, formatter) -> str:
    """Figures derived from a masked count are masked too (« — »)."""
    return "—" if valeur is None else formatter(valeur)


# -- outputs: rows for tables, CSV, terminal ---------------------------------------------------
ENTETES_POPULATIONS = ["Population", "Effectif", "Formés", "Part formée", "Écart à 100 %", "100 % prévu"]
ENTETES_MODULES = ["Module", "Agents l'ayant terminé", "dont en présentiel", "dont en ligne"]


def lignes_populations(c: Couverture) -> list[list[str]]:
    def ligne(p: LignePopulation) -> list[str]:
        return [p.libelle, nombre_fr(p.effectif), cellule(p.formes, c.seuil), derive(p.pourcentage, pourcentage_fr),
                derive(p.ecart, nombre_fr), derive(p.projection, lambda x: x.texte)]
    return [ligne(p) for p in c.populations] + [ligne(c.total)]


ENTETES_RECYCLAGE = ["Population", "Formés", f"À renouveler dans les {RENOUVELLEMENT_MOIS} mois", "Expirés",
                     "À actualiser"]


def lignes_recyclage(c: Couverture) -> list[list[str]]:
    return [[p.libelle, *[cellule(x, c.seuil) for x in (p.formes, p.a_renouveler, p.expires, p.a_actualiser)]]
            for p in [*c.recyclage, *([c.recyclage_total] if c.recyclage_total else [])]]


def lignes_modules(c: Couverture, titres: dict[str, str] | None = None) -> list[list[str]]:
    titres = titres or {}
    return [[titres.get(m.id, m.id), cellule(m.total, c.seuil), cellule(m.presentiel, c.seuil),
             cellule(m.en_ligne, c.seuil)] for m in c.modules]


def csv_populations(c: Couverture) -> str:
    """The population table as CSV for a spreadsheet (UTF-8 with BOM, « ; »): masked cells
    read « < 5 », every row says when the head counts are example data."""
    sortie = io.StringIO()
    ecrire = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrire.writerow(["population", "libelle", "effectif", "formes", "part_formee_pct", "ecart_100",
                     "date_100_prevue", "date_calcul", "donnees", f"a_renouveler_{RENOUVELLEMENT_MOIS}_mois",
                     "expires", "a_actualiser"])
    statut = "données d'exemple" if c.exemple else "données réelles"
    recyclage_de = {r.id: r for r in [*c.recyclage, *([c.recyclage_total] if c.recyclage_total else [])]}
    for p in [*c.populations, c.total]:
        r = recyclage_de.get(p.id)
        ecrire.writerow([p.id, p.libelle, p.effectif, _csv(p.formes, c.seuil),
                         "" if p.pourcentage is None else f"{p.pourcentage:.1f}".replace(".", ","),
                         "" if p.ecart is None else p.ecart,
                         "" if p.projection is None else (p.projection.date.isoformat()[:7] if p.projection.date
                                                          else p.projection.texte),
                         c.aujourd_hui.isoformat(), statut,
                         *([_csv(x, c.seuil) for x in (r.a_renouveler, r.expires, r.a_actualiser)] if r else
                           ["", "", ""])])
    return "\ufeff" + sortie.getvalue()


def csv_modules(c: Couverture) -> str:
    sortie = io.StringIO()
    ecrire = csv.writer(sortie, delimiter=";", lineterminator="\r\n")
    ecrire.writerow(["module", "agents", "presentiel", "en_ligne", "date_calcul", "donnees"])
    statut = "données d'exemple" if c.exemple else "données réelles"
    for m in c.modules:
        ecrire.writerow([m.id, _csv(m.total, c.seuil), _csv(m.presentiel, c.seuil), _csv(m.en_ligne, c.seuil),
                         c.aujourd_hui.isoformat(), statut])
    return "\ufeff" + sortie.getvalue()


def _csv(valeur: int | None, seuil: int) -> str:
    return f"< {seuil}" if valeur is None else str(valeur)


def texte_terminal(c: Couverture) -> str:
    """The tables for ``make couverture``, aligned in columns."""
    def aligner(entetes: list[str], lignes: list[list[str]]) -> list[str]:
        lignes = [[x.replace(ESPACE_FINE, " ").replace("\u00a0", " ") for x in ligne] for ligne in [entetes, *lignes]]
        largeurs = [max(len(l[i]) for l in lignes) for i in range(len(entetes))]
        rendu = [" | ".join(x.ljust(largeurs[i]) if i == 0 else x.rjust(largeurs[i]) for i, x in enumerate(l))
                 for l in lignes]
        rendu.insert(1, "-+-".join("-" * w for w in largeurs))
        return rendu

    tete = [f"Couverture de la formation au {date_fr(c.aujourd_hui)}".replace("\u00a0", " ")]
    if c.exemple:
        tete.append("DONNÉES D'EXEMPLE : effectifs et suivi fictifs.")
    if c.description:
        tete.append("Suivi lu : " + c.description)
    tete.append(f"Rythme : {c.rythme_mois} derniers mois. Chiffres sur moins de {c.seuil} agents masqués (< {c.seuil}).")
    secondaires = [p.libelle for p in c.populations if p.masque_secondaire]
    notes = ([f"Masqué aussi (sinon retrouvable par soustraction du total) : {', '.join(secondaires)}."]
             if secondaires else []) + c.notes
    return "\n".join([*tete, "", *aligner(ENTETES_POPULATIONS, lignes_populations(c)), *notes, "",
                      *aligner(ENTETES_RECYCLAGE, lignes_recyclage(c)), "",
                      *aligner(ENTETES_MODULES, lignes_modules(c)), ""])
