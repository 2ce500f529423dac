"""Repères: the project's own Sphinx extension.

One module per feature; ``setup`` only wires them:

- ``config``: the ``reperes_*`` settings, declared and validated once;
- ``domaine``: the data collected across pages, per document;
- ``quiz``, ``module``, ``parcours``: the training engine;
- ``fiche``: fiches actions, their role and indexes;
- ``agregats``: pages showing collected data;
- ``progression``: « Ma progression » and the trainer's composer;
- ``contacts``: local contacts from a data file;
- ``typographie``: French non-breaking spaces;
- ``accessibilite``: fixes found by axe-core;
- ``couverture``: the pilotage dashboard;
- ``attestation``: completion receipts of a parcours, and their import into the records.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .accessibilite import setup_accessibilite
from .agregats import setup_agregats
from .attestation import setup_attestation
from .config import setup_config
from .contacts import setup_contacts
from .couverture import setup_couverture
from .domaine import setup_domaine
from .fiche import setup_fiche
from .module import setup_module
from .parcours import setup_parcours
from .populations import charger_populations
from .progression import setup_progression
from .quiz import setup_quiz
from .typographie import setup_typographie

__version__ = "0.1.0"
STATIC = Path(__file__).parent / "static"


def _charger_populations(app: Sphinx, env, docnames) -> None:
    """Loaded at every build, before reading, into the environment (forked to parallel readers,
    kept for the write phase). A bad file stops the build with file:line:column."""
    chemin = Path(app.srcdir) / app.config.reperes_populations_fichier
    env.reperes_populations = charger_populations(chemin, app.config.reperes_populations_fichier)


def _assets(app: Sphinx) -> None:
    """The quiz JS and CSS, for HTML builders only (nothing copied into LaTeX or text)."""
    if app.builder.format != "html":
        return
    app.config.html_static_path.append(str(STATIC))
    app.add_css_file("reperes.css")
    app.add_js_file("reperes.js", defer="defer")


def setup(app: Sphinx) -> dict:
    setup_config(app)
    setup_domaine(app)
    setup_agregats(app)
    setup_quiz(app)
    setup_module(app)
    setup_parcours(app)
    setup_fiche(app)
    setup_progression(app)
    setup_contacts(app)
    setup_couverture(app)
    setup_attestation(app)
    setup_typographie(app)
    setup_accessibilite(app)
    app.connect("env-before-read-docs", _charger_populations)
    app.connect("builder-inited", _assets)
    return {
        "version": __version__,
        # Proven by tests/test_constructions.py: -j 2 gives the same HTML as a serial build.
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        # Stored domain data changes shape → bump (ReperesDomain.data_version too).
        "env_version": 3,
    }
