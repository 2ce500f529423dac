"""A quick Sphinx read of the site, for the commands that need what only the pages know
(socle of each parcours, module versions): ``make couverture``, ``make attestations``.

The ``dummy`` builder writes nothing but the environment, kept in ``_build/couverture/``
so that the next run only re-reads what changed. The read loads ``conf.py`` itself:
every ``reperes_*`` value and ``REPERES_SUIVI`` apply exactly as in a site build.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path


def lire_site(source: Path):
    """The Sphinx application after reading ``source`` (its ``env`` holds the domain).
    Raises :class:`sphinx.errors.SphinxError` (``DonneesInvalides`` for a bad data file)."""
    source = Path(source).resolve()
    sys.path.insert(0, str(source / "_ext"))
    from sphinx.application import Sphinx

    sortie = source / "_build" / "couverture"
    app = Sphinx(source, source, sortie, sortie / "doctrees", "dummy", status=None, warning=io.StringIO(),
                 freshenv=False)
    app.build()
    return app
