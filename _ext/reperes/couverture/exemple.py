"""Generator of the SYNTHETIC training records ``data/exemple/suivi-formations.csv``.

    PYTHONPATH=_ext .venv/bin/python -m reperes.couverture.exemple [output.csv]

Fictitious agents (``EX-0001``…), fixed seed: the same file every time. Each population
follows a scenario chosen to show every case of the dashboard: a steady pace (projected
date), a pace that stopped (« non atteint au rythme actuel »), a population so small in
the records that it is masked (« < 5 ») and forces a secondary suppression.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

GRAINE = 2026
DEBUT, FIN = date(2025, 9, 1), date(2026, 11, 13)
SOCLE = ["role-de-chaque-agent", "formes-de-danger", "recueillir-la-parole", "circuit-alerte", "le-119-reflexe"]
AUTRES = ["reperer-violences-physiques", "negligences"]
# population: (agents who start, first start, last start, share who stop before the end of the socle)
SCENARIOS = {
    "animation": (700, date(2025, 9, 1), date(2026, 10, 15), 0.15),
    "atsem": (520, date(2025, 9, 1), date(2026, 9, 30), 0.08),
    "bibliotheque": (190, date(2025, 9, 1), date(2025, 10, 31), 0.10),  # nothing since: pace stopped
    "sport": (60, date(2025, 11, 1), date(2026, 10, 31), 0.25),
    "culture": (70, date(2026, 1, 1), date(2026, 10, 31), 0.20),
    "loisirs": (150, date(2026, 5, 1), date(2026, 10, 31), 0.15),
    "jeunesse": (4, date(2026, 3, 1), date(2026, 6, 30), 0.0),  # few trained: masked
    "encadrement": (60, date(2025, 9, 15), date(2026, 10, 31), 0.10),
}


def generer() -> list[list[str]]:
    alea = random.Random(GRAINE)
    lignes, numero = [], 0
    for population, (nombre, premier, dernier, abandon) in SCENARIOS.items():
        for _ in range(nombre):
            numero += 1
            agent = f"EX-{numero:04d}"
            jour = premier + timedelta(days=alea.randint(0, (dernier - premier).days))
            modules = alea.sample(SOCLE, len(SOCLE))
            if alea.random() < abandon:
                modules = modules[: alea.randint(1, len(SOCLE) - 1)]
            modules += [m for m in AUTRES if alea.random() < 0.3]
            presentiel = alea.random() < 0.6  # an agent mostly keeps one mode
            for module in modules:
                if jour > FIN:
                    break
                mode = "présentiel" if presentiel ^ (alea.random() < 0.1) else "en ligne"
                # A spreadsheet export writes dates either way; both are accepted.
                texte = jour.strftime("%d/%m/%Y") if alea.random() < 0.1 else jour.isoformat()
                # Version left empty: the example cannot know the modules' real versions, and a
                # made-up one would show nearly every example agent as « à actualiser ».
                alea.random()  # keep the random sequence (and so the example data) unchanged
                lignes.append([agent, population, module, texte, mode, ""])
                jour += timedelta(days=alea.randint(1, 45))
    return lignes


def ecrire(chemin: Path) -> int:
    lignes = generer()
    chemin.parent.mkdir(parents=True, exist_ok=True)
    with chemin.open("w", encoding="utf-8", newline="") as f:
        sortie = csv.writer(f, delimiter=";", lineterminator="\n")
        sortie.writerow(["agent", "population", "module", "date", "mode", "version"])
        sortie.writerows(lignes)
    return len(lignes)


if __name__ == "__main__":
    cible = Path(sys.argv[1] if len(sys.argv) > 1 else "data/exemple/suivi-formations.csv")
    print(f"{cible} : {ecrire(cible)} lignes synthétiques (graine {GRAINE}).")


def generer_volume(lignes: int, socle: list[str], autres: list[str], populations: list[str], graine: int = GRAINE,
                   fin: date = FIN) -> tuple[list[list[str]], dict[str, int]]:
    """Synthetic records at the City's scale, for ``make bench``: ``lignes`` rows, 10.75 rows per
    agent on average (18 600 agents for 200 000 rows) — most of the socle, some other modules,
    some completions renewed — spread over the three years up to ``fin``, every agent in one
    population. Returns (rows, agents per population)."""
    alea = random.Random(graine)
    debut = fin - timedelta(days=3 * 365)
    sortie: list[list[str]] = []
    par_population: dict[str, int] = {p: 0 for p in populations}
    numero = 0
    while len(sortie) < lignes:
        numero += 1
        population = populations[numero % len(populations)]
        par_population[population] += 1
        agent = f"BENCH-{numero:07d}"
        modules = [m for m in socle if alea.random() < 0.9] + alea.sample(autres, min(len(autres), alea.randint(2, 5)))
        jours = set()
        for _ in range(alea.randint(9, 12)):  # about 10.75 rows: each module once, some twice
            module = modules[alea.randrange(len(modules))] if len(jours) >= len(modules) else modules[len(jours)]
            jour = debut + timedelta(days=alea.randint(0, (fin - debut).days))
            if (module, jour) in jours:
                continue
            jours.add((module, jour))
            mode = "présentiel" if alea.random() < 0.5 else "en ligne"
            sortie.append([agent, population, module, jour.isoformat(), mode, ""])
            if len(sortie) >= lignes:
                break
    return sortie, par_population
