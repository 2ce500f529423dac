"""French formats of the dashboard's figures: « 1 200 », « 42,8 % », « nov. 2026 »."""

from __future__ import annotations

from datetime import date

MOIS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
MOIS_LONGS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]
ESPACE_FINE = "\u202f"  # French thousands separator (narrow no-break space)


def nombre_fr(n: int) -> str:
    """1200 → « 1 200 » (narrow no-break space)."""
    return f"{n:,}".replace(",", ESPACE_FINE)


def pourcentage_fr(x: float) -> str:
    return f"{x:.1f}".replace(".", ",") + "\u00a0%"


def mois_fr(d: date) -> str:
    """« nov. 2026 »."""
    return f"{MOIS[d.month - 1]}\u00a0{d.year}"


def date_fr(d: date) -> str:
    return f"{d.day}\u00a0{MOIS_LONGS[d.month - 1]}\u00a0{d.year}"


def cellule(valeur: int | None, seuil: int) -> str:
    return f"<\u00a0{seuil}" if valeur is None else nombre_fr(valeur)


def derive(valeur, formatter) -> str:
    """Figures derived from a masked count are masked too (« — »)."""
    return "—" if valeur is None else formatter(valeur)
