"""Masking: no published figure reveals a count of fewer than ``seuil`` agents, not even by
subtraction, nor by comparing two releases.

Method (README, « Masquage »): **unbiased random rounding to base** ``seuil`` **with cell
keys** — the *cell key method* of the Australian Bureau of Statistics (TableBuilder), also
used by the ONS for the 2021 census tables:

- every agent gets a *record key*, 32 bits of HMAC-SHA-256(secret, pseudonym): stable from
  one build to the next, unknown without the secret (:func:`cle_agent`);
- a *cell* is a set of agents (the trained ATSEM today, the agents who finished a module in
  person…); its *cell key* is the sum of its agents' record keys, modulo 2³²
  (:func:`cle_cellule`), read as u in [0, 1);
- a count n = 5q + r is published as 5q when u ≥ r/5 and 5q + 5 otherwise
  (:func:`arrondir`): rounded up with probability r/5, so unbiased; a multiple of 5 is
  published as it is;
- a published 0 is shown « < 5 »: the count is between 0 and 4, zero included (0 is never told
  apart from 1–4); whatever derives from it (share, gap, projected date, chart point) is « — »;
- a published 5 means 1 to 9 agents, 10 means 6 to 14, and so on: every published figure is
  compatible with at least five true counts;
- totals (« Ensemble », a module's total, each month's total) are the **sum of the published
  cells**, never the rounded true total: a total adds no equation, so nothing masked is
  recovered by subtraction;
- the same agents give the same cell key: an unchanged cell is published the same in every
  release (no averaging over releases); one agent more changes the key entirely, so the new
  figure is drawn afresh: « < 5 » then « 5 » says the count was 0 to 4, not that it was 4.

Limits: figures are rounded (a table's total is not the rounded true total, each differs
from the true count by at most 4, on average by 0); the secret must stay secret (anyone who
knows it and the pseudonyms of a cell can undo the draw); relations that are not sums
(a subset is smaller than its set) can narrow a masked cell, never to one value in the tests.

Masked figures are ``None``: a masked value cannot leak to the page, the CSV or a chart by
mistake, because it is no longer there.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

MODULO = 1 << 32
# The example records are synthetic and public: their key may be too.
CLE_EXEMPLE = b"reperes: donnees d'exemple, cle publique"


def cle_agent(agent: str, secret: bytes) -> int:
    """The record key of an agent: 32 bits of HMAC-SHA-256(secret, pseudonym)."""
    return int.from_bytes(hmac.new(secret, agent.encode("utf-8"), hashlib.sha256).digest()[:4], "big")


def cle_cellule(cles: Iterable[int]) -> int:
    return sum(cles) % MODULO


def arrondir(n: int, cle: int, base: int = 5) -> int:
    """Unbiased random rounding of ``n`` to a multiple of ``base``, drawn by the cell key."""
    reste = n % base
    if not reste:
        return n
    return n - reste + (base if cle * base < reste * MODULO else 0)


def publier(n: int, cle: int, base: int = 5) -> int | None:
    """The published figure: rounded, ``None`` (« < base ») when it rounds to 0."""
    return arrondir(n, cle, base) or None


def total_publie(cellules: Iterable[int | None]) -> int | None:
    """A total is the sum of the published cells (masked = 0): it tells nothing they do not.
    ``None`` when every cell is masked (shown « — »: the true total may be above the threshold)."""
    valeurs = list(cellules)
    return sum(v or 0 for v in valeurs) if any(v is not None for v in valeurs) else None


def intervalle(publie: int | None, base: int = 5) -> tuple[int, int]:
    """What a published figure says of the true count (used by the adversary in the tests)."""
    if publie is None:
        return 0, base - 1
    return max(1, publie - base + 1), publie + base - 1
