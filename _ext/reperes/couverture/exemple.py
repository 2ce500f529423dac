"""Generator of the SYNTHETIC training records ``data/exemple/suivi-formations.csv``.

    PYTHONPATH=_ext .venv/bin/python -m reperes.couverture.exemple [output.csv]

Fictitious agents (``EX-0001``…), fixed seed, dates up to the fixed day :data:`FIN` (never
after the build): the same file every time for the same site. The socle of each population
is read from the site's parcours (a quick Sphinx read, as ``make couverture``), and the
former socle from the pilotage page's ``:ancien-socle:``, so the example follows the site.

The story the dashboard then tells (each population its own scenario):

- from September 2025 agents complete the former socle (role, forms of danger, speaking,
  alert circuit, 119), in person, online or through the LMS; some also take « Repérer les
  signaux d'alerte » and their job module, then optional modules;
- on 1 December 2026 the socle changes: an agent counts again once the new modules are
  validated — the chart drops, the column « à un module du socle » fills up;
- in the days after, agents validate the new modules (the trend after the change), more in
  some populations than in others; the libraries stopped training a year ago (« non atteint
  au rythme actuel »).

Every population ends above the masking threshold.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path

GRAINE = 2026
DEBUT, CHANGEMENT, FIN = date(2025, 9, 1), date(2026, 12, 1), date(2026, 12, 4)
# population: (agents who start, first start, last start, share who stop before the end of the
# former socle, share who had already taken the new modules before the change, share who take
# them in the days after the change)
SCENARIOS = {
    "animation": (760, date(2025, 9, 1), date(2026, 11, 10), 0.12, 0.30, 0.10),
    "atsem": (500, date(2025, 9, 1), date(2026, 11, 10), 0.08, 0.35, 0.14),
    "bibliotheque": (190, date(2025, 9, 1), date(2025, 11, 30), 0.10, 0.25, 0.0),  # stopped
    "sport": (150, date(2025, 11, 1), date(2026, 11, 10), 0.15, 0.30, 0.12),
    "culture": (90, date(2026, 1, 1), date(2026, 11, 10), 0.15, 0.35, 0.10),
    "loisirs": (260, date(2026, 3, 1), date(2026, 11, 10), 0.12, 0.25, 0.10),
    "jeunesse": (45, date(2026, 2, 1), date(2026, 11, 10), 0.10, 0.35, 0.10),
    "encadrement": (100, date(2025, 9, 15), date(2026, 11, 10), 0.05, 0.45, 0.20),
}
MODES = (("présentiel", 0.5), ("en ligne", 0.3), ("lms", 0.2))


def socles_du_site(source: Path = Path(".")) -> tuple[dict[str, list[str]], list[str], list[str]]:
    """(socle per population, the other modules, the former socle) from the site's pages."""
    from ..lecture import lire_site

    inst = lire_site(source).instantane
    socle = inst.socle_par_population()
    autres = sorted(m.id for m in inst.modules if not any(m.id in s for s in socle.values()))
    page = (source / "training" / "pilotage" / "index.md").read_text(encoding="utf-8")
    ancien = re.search(r"^:ancien-socle:\s*(.+)$", page, re.M)
    return socle, autres, [m.strip() for m in ancien.group(1).split(",")] if ancien else []


def _mode(alea: random.Random) -> str:
    x = alea.random()
    for mode, part in MODES:
        if x < part:
            return mode
        x -= part
    return MODES[-1][0]


def generer(socle: dict[str, list[str]], autres: list[str], ancien: list[str]) -> list[list[str]]:
    alea = random.Random(GRAINE)
    lignes, numero = [], 0
    for population, (nombre, premier, dernier, abandon, avance, apres) in SCENARIOS.items():
        nouveaux = [m for m in socle[population] if m not in ancien]
        for _ in range(nombre):
            numero += 1
            agent = f"EX-{numero:04d}"
            jour = premier + timedelta(days=alea.randint(0, (dernier - premier).days))
            mode = _mode(alea)  # an agent mostly keeps one mode
            modules = alea.sample(ancien, len(ancien))
            if alea.random() < abandon:
                modules = modules[: alea.randint(1, len(ancien) - 1)]
            elif alea.random() < avance:  # the new modules, taken before they were in the socle
                modules += nouveaux
            modules += [m for m in autres if m not in modules and alea.random() < 0.08]
            fait = []
            for module in modules:
                if jour >= CHANGEMENT:
                    break
                fait.append(module)
                lignes.append([agent, population, module, jour, mode if alea.random() < 0.9 else _mode(alea)])
                jour += timedelta(days=alea.randint(1, 30))
            # After the change: agents who had the former socle validate the new modules.
            if set(ancien) <= set(fait) and not set(nouveaux) <= set(fait) and alea.random() < apres:
                jour = CHANGEMENT + timedelta(days=alea.randint(0, (FIN - CHANGEMENT).days))
                for module in nouveaux:
                    if module not in fait:
                        lignes.append([agent, population, module, jour, "en ligne"])
    resultat = []
    for agent, population, module, jour, mode in lignes:
        # A spreadsheet export writes dates either way; both are accepted.
        texte = jour.strftime("%d/%m/%Y") if alea.random() < 0.1 else jour.isoformat()
        # Version left empty: the example cannot know the modules' real versions, and a made-up one
        # would show nearly every example agent as « à actualiser ».
        resultat.append([agent, population, module, texte, mode, ""])
    return resultat


def ecrire(chemin: Path, source: Path = Path(".")) -> int:
    lignes = generer(*socles_du_site(source))
    chemin.parent.mkdir(parents=True, exist_ok=True)
    with chemin.open("w", encoding="utf-8", newline="") as f:
        sortie = csv.writer(f, delimiter=";", lineterminator="\n")
        sortie.writerow(["agent", "population", "module", "date", "mode", "version"])
        sortie.writerows(lignes)
    return len(lignes)


if __name__ == "__main__":
    cible = Path(sys.argv[1] if len(sys.argv) > 1 else "data/exemple/suivi-formations.csv")
    print(f"{cible} : {ecrire(cible)} lignes synthétiques (graine {GRAINE}, jusqu'au {FIN.isoformat()}).")


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
