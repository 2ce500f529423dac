"""The pilotage dashboard: how far each population of agents is from 100 % trained.

- ``suivi``: the records file read and validated (file:line:column);
- ``regles``: who is trained when, recyclage, projection (O(n log n) in rows);
- ``masquage``: random rounding to base 5 by cell key (small counts shown « < 5 »);
- ``calcul``: the masked aggregates, assembled;
- ``formats``, ``sorties``: French formats; table rows, CSV, terminal text;
- ``graphiques``: the two charts as shapes, written as SVG or TikZ;
- ``directive``: the ``couverture`` block, its figures in the snapshot, its renderer;
- ``exemple``: the generator of the synthetic records;
- ``__main__``: ``python -m reperes.couverture`` (``make couverture``).
"""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_couverture(app: Sphinx) -> None:
    from .directive import setup_directive

    setup_directive(app)
