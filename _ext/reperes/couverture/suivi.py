"""The training records: one row per agent and module completed, read and validated.

Pure functions, no Sphinx. Every problem is gathered, then all are raised at once
(:class:`DonneesInvalides`, each with file:line:column). Messages never quote an agent
identifier: they go to build logs, and a line number is enough to find the row.

The file is read once per build, in one pass; a records file of the City's size (hundreds
of thousands of rows) costs a linear scan, dates parsed once per distinct text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple
from datetime import date
from pathlib import Path

from ..donnees import DonneesInvalides, Probleme, Table, date_iso, lire_csv
from ..populations import Population

COLONNES = ["agent", "population", "module", "date", "mode", "version"]
# « en ligne »: a receipt code imported by `make attestations` (declarative); « lms »: a completion
# reported by the City's LMS (Moodle, SCORM); « présentiel »: an attendance sheet.
MODES = {"présentiel": "présentiel", "presentiel": "présentiel", "en ligne": "en ligne", "lms": "lms"}
# A pseudonym: letters, digits, « - _ . », no space (a first and last name has one).
AGENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


_CITATION = re.compile(r"« ([^»]*) »")


def caviarder(problemes: list[Probleme], agents: set[str], colonne_agent: int | None) -> list[Probleme]:
    """An error about another column never quotes an agent identifier (a misplaced separator
    shifts one into another column)."""
    def remplacer(m: re.Match) -> str:
        return "« (identifiant d'agent, non reproduit) »" if m.group(1).strip() in agents else m.group(0)

    return [p if colonne_agent is not None and p.colonne == colonne_agent
            else Probleme(p.chemin, p.ligne, p.colonne, _CITATION.sub(remplacer, p.message)) for p in problemes]


class Realisation(NamedTuple):
    """One module completed by one agent (one row of the records file). A named tuple: a records
    file of the City's size makes hundreds of thousands of them, and a tuple is built fastest."""

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


def _problemes_de_ligne(nom, numero, col, agent, pop, module, texte_date, quand, texte_mode, aujourd_hui,
                        liste_pops, liste_modules, populations, modules) -> list[Probleme]:
    """Every problem of one row, each at its column."""
    problemes = []

    def pb(colonne: str, message: str) -> None:
        problemes.append(Probleme(nom, numero, col[colonne], message))

    if not AGENT.match(agent):
        pb("agent", "identifiant d'agent invalide : un pseudonyme sans espace (ex. « EX-0001 »), jamais un nom.")
    if pop not in populations:
        pb("population", f"population « {pop} » inconnue ; populations déclarées : {liste_pops}.")
    if module not in modules:
        pb("module", f"module « {module} » inconnu ; modules du site : {liste_modules}.")
    if quand is None:
        pb("date", f"date « {texte_date} » invalide : attendu AAAA-MM-JJ ou JJ/MM/AAAA.")
    elif quand > aujourd_hui:
        pb("date", f"date « {texte_date} » dans le futur.")
    if MODES.get(texte_mode.lower()) is None:
        pb("mode", f"mode « {texte_mode} » invalide : « présentiel », « en ligne » ou « lms ».")
    return problemes


def charger_suivi(chemin: str | Path, nom: str, populations: dict[str, Population], modules: set[str],
                  aujourd_hui: date | None = None) -> Suivi:
    aujourd_hui = aujourd_hui or date.today()
    table = lire_csv(chemin, COLONNES, nom)
    problemes: list[Probleme] = []
    resultat: list[Realisation] = []
    vues: dict[tuple[str, str, date], int] = {}
    population_de: dict[str, tuple[str, int]] = {}
    agents_par_population: dict[str, list[tuple[int, int]]] = defaultdict(list)  # (line, column) of each agent
    dates: dict[str, date | None] = {}
    col = table.colonnes
    i_agent, i_pop, i_mod, i_date, i_mode, i_version = (col[c] - 1 for c in COLONNES)
    liste_pops = ", ".join(sorted(populations))
    liste_modules = ", ".join(sorted(modules))
    colonne_pop = col["population"]
    filtre_agent = AGENT.match
    ajouter = resultat.append
    for numero, v in table.lignes_brutes:
        agent, pop, module, texte_date = v[i_agent], v[i_pop], v[i_mod], v[i_date]
        quand = dates.get(texte_date, False)
        if quand is False:
            quand = dates[texte_date] = date_iso(texte_date)
        mode = MODES.get(v[i_mode]) or MODES.get(v[i_mode].lower())
        # The common row passes every check at once; a row that fails one is looked at in detail.
        if not (filtre_agent(agent) and pop in populations and module in modules and quand is not None
                and quand <= aujourd_hui and mode is not None):
            problemes += _problemes_de_ligne(nom, numero, col, agent, pop, module, texte_date, quand, v[i_mode],
                                             aujourd_hui, liste_pops, liste_modules, populations, modules)
            continue
        cle = (agent, module, quand)
        if cle in vues:
            problemes.append(Probleme(nom, numero, col["agent"], "ligne en double : même agent, même module, même date "
                                                                 f"que la ligne {vues[cle]}."))
            continue
        vues[cle] = numero
        deja = population_de.get(agent)
        if deja is None:
            population_de[agent] = (pop, numero)
            agents_par_population[pop].append((numero, colonne_pop))
        elif deja[0] != pop:
            problemes.append(Probleme(nom, numero, colonne_pop, f"cet agent est rattaché à la population « {deja[0]} » "
                                      f"ligne {deja[1]} : un agent appartient à une seule population."))
            continue
        ajouter(Realisation(agent, pop, module, quand, mode, v[i_version], numero))
    # More agents than the head count: the head count is out of date, or rows are misfiled.
    # Reported at the row of the first agent beyond the head count.
    for pid, agents in sorted(agents_par_population.items()):
        effectif = populations[pid].effectif
        if len(agents) > effectif:
            numero, colonne = agents[effectif]
            problemes.append(Probleme(
                nom, numero, colonne,
                f"population « {pid} » : {len(agents)} agents dans ce fichier pour un effectif de "
                f"{effectif} (fichier des populations, ligne {populations[pid].ligne}) : mettez l'effectif "
                "à jour ou corrigez la population des lignes en trop."))
    if problemes:
        agents = {v[i_agent] for _, v in table.lignes_brutes}
        raise DonneesInvalides(sorted(caviarder(problemes, agents, col["agent"]), key=lambda p: (p.ligne, p.colonne or 0)))
    return Suivi(resultat, table)
