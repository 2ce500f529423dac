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
from datetime import date
from pathlib import Path

from ..donnees import DonneesInvalides, Probleme, Table, date_iso, lire_csv
from ..populations import Population

COLONNES = ["agent", "population", "module", "date", "mode", "version"]
MODES = {"présentiel": "présentiel", "presentiel": "présentiel", "en ligne": "en ligne"}
# A pseudonym: letters, digits, « - _ . », no space (a first and last name has one).
AGENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


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
    for numero, v in table.lignes_brutes:
        n = len(problemes)

        def pb(colonne: str, message: str) -> None:
            problemes.append(Probleme(nom, numero, col[colonne], message))

        agent, pop, module, texte_date = v[i_agent], v[i_pop], v[i_mod], v[i_date]
        if not AGENT.match(agent):
            pb("agent", "identifiant d'agent invalide : un pseudonyme sans espace (ex. « EX-0001 »), jamais un nom.")
        if pop not in populations:
            pb("population", f"population « {pop} » inconnue ; populations déclarées : {liste_pops}.")
        if module not in modules:
            pb("module", f"module « {module} » inconnu ; modules du site : {liste_modules}.")
        if texte_date in dates:
            quand = dates[texte_date]
        else:
            quand = dates[texte_date] = date_iso(texte_date)
        if quand is None:
            pb("date", f"date « {texte_date} » invalide : attendu AAAA-MM-JJ ou JJ/MM/AAAA.")
        elif quand > aujourd_hui:
            pb("date", f"date « {texte_date} » dans le futur.")
        mode = MODES.get(v[i_mode].lower())
        if mode is None:
            pb("mode", f"mode « {v[i_mode]} » invalide : « présentiel » ou « en ligne ».")
        if len(problemes) > n:
            continue
        cle = (agent, module, quand)
        if cle in vues:
            pb("agent", f"ligne en double : même agent, même module, même date que la ligne {vues[cle]}.")
            continue
        vues[cle] = numero
        deja = population_de.get(agent)
        if deja is None:
            population_de[agent] = (pop, numero)
            agents_par_population[pop].append((numero, col["population"]))
        elif deja[0] != pop:
            pb("population", f"cet agent est rattaché à la population « {deja[0]} » ligne {deja[1]} : "
                             "un agent appartient à une seule population.")
            continue
        resultat.append(Realisation(agent, pop, module, quand, mode, v[i_version], numero))
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
        raise DonneesInvalides(sorted(problemes, key=lambda p: (p.ligne, p.colonne or 0)))
    return Suivi(resultat, table)
