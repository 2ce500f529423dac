"""The pilotage dashboard: how far each population of agents is from 100 % trained.

- ``calcul``: the records file read and validated, agents trained, projection,
  masking, CSV and terminal outputs (pure functions, tested without Sphinx);
- ``graphiques``: the two charts, drawn with matplotlib at build time;
- ``directive``: the ``couverture`` block rendered at write time;
- ``exemple``: the generator of the synthetic records ``data/exemple/suivi-formations.csv``;
- ``__main__``: ``python -m reperes.couverture`` (``make couverture``), the table in a terminal.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def setup_couverture(app: Sphinx) -> None:
    from .directive import setup_directive

    setup_directive(app)
