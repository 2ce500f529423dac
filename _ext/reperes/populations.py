"""The populations of agents (the ids used by modules' ``publics`` and parcours).

Declared once, in ``data/populations.csv``; the same file gives the head counts
used by the coverage dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .donnees import IDENTIFIANT, DonneesInvalides, Probleme, date_iso, entier_positif, lire_csv

COLONNES = ["id", "libelle", "effectif", "source", "date"]


@dataclass(frozen=True)
class Population:
    id: str
    libelle: str
    effectif: int
    source: str
    date: str  # ISO date of the head count
    ligne: int

    @property
    def exemple(self) -> bool:
        """Example data must say so on every figure (issue: pilotage)."""
        return "exemple" in self.source.lower()


def charger_populations(chemin: str | Path, nom: str, aujourd_hui: date | None = None) -> dict[str, Population]:
    aujourd_hui = aujourd_hui or date.today()
    table = lire_csv(chemin, COLONNES, nom)
    problemes: list[Probleme] = []
    resultat: dict[str, Population] = {}
    for ligne in table.lignes:
        v, col = ligne.valeurs, ligne.colonnes

        def pb(colonne: str, message: str) -> None:
            problemes.append(Probleme(nom, ligne.numero, col[colonne], message))

        if not IDENTIFIANT.match(v["id"]):
            pb("id", f"identifiant « {v['id']} » invalide : lettres minuscules, chiffres et tirets seulement.")
        elif v["id"] in resultat:
            pb("id", f"population « {v['id']} » déjà déclarée ligne {resultat[v['id']].ligne}.")
        if not v["libelle"]:
            pb("libelle", "libellé vide.")
        effectif = entier_positif(v["effectif"])
        if effectif is None:
            pb("effectif", f"effectif « {v['effectif']} » invalide : un nombre entier positif ou nul est attendu.")
        if not v["source"]:
            pb("source", "source de l'effectif vide : dites d'où vient le chiffre.")
        quand = date_iso(v["date"])
        if quand is None:
            pb("date", f"date « {v['date']} » invalide : attendu AAAA-MM-JJ ou JJ/MM/AAAA.")
        elif quand > aujourd_hui:
            pb("date", f"date « {v['date']} » dans le futur.")
        if effectif is not None and quand is not None and IDENTIFIANT.match(v["id"]) and v["id"] not in resultat:
            resultat[v["id"]] = Population(v["id"], v["libelle"], effectif, v["source"], quand.isoformat(), ligne.numero)
    if not table.lignes:
        problemes.append(Probleme(nom, 1, None, "aucune population déclarée."))
    if problemes:
        raise DonneesInvalides(problemes)
    return resultat


def populations(env) -> dict[str, Population]:
    """The populations loaded for this build (``env-before-read-docs``)."""
    return getattr(env, "reperes_populations", {})


def noter_populations(directive) -> None:
    """Pages that use population ids are re-read when the populations file changes."""
    directive.env.note_dependency(directive.env.config.reperes_populations_fichier)


def charger_dans_env(app, env, docnames) -> None:
    """Loaded at every build, before reading, into the environment (forked to parallel readers,
    kept for the write phase). A bad file stops the build with file:line:column."""
    from pathlib import Path

    chemin = Path(app.srcdir) / app.config.reperes_populations_fichier
    env.reperes_populations = charger_populations(chemin, app.config.reperes_populations_fichier)
