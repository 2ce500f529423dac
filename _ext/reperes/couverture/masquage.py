"""Masking: no figure on fewer than ``seuil`` agents is published, and none can be recovered
by subtraction.

- any count below ``seuil`` (zero included) is masked, and what derives from it;
- secondary suppression in a group of cells that add up to a published total (the population
  table, each month of the series, each recyclage column): when exactly one cell is masked,
  the smallest other one is masked too and the total stays visible; if there is none, the
  total is masked;
- in the module table (total = in person + online), one masked mode masks the other.

Masked figures are ``None``: a masked value cannot leak to the page, the CSV or a chart by
mistake, because it is no longer there.
"""

from __future__ import annotations


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
