"""Repères: the project's own Sphinx extension.

One module per feature; ``setup`` only wires them.

Plumbing:

- ``config``: the ``reperes_*`` settings, declared, typed and validated once;
- ``avertissements``: the registry of warning subtypes (``reperes.quiz``…);
- ``directive``: the base directive (located warnings, « invalide » box, option converters);
- ``domaine``: the plain records pages declare, per document;
- ``instantane``: the frozen snapshot of the whole site built after the merge, its checks and
  its signature;
- ``vues``: placeholders rendered at write time from the snapshot only;
- ``noeuds``: generic nodes (links, HTML elements, site-only views, tables);
- ``typographie``: French spacing, at read time and on every inserted text;
- ``donnees``, ``populations``: CSV files and the populations of agents;
- ``lecture``: the quick read of the site shared by the commands.

Features:

- ``quiz``, ``module``, ``parcours``, ``progression``: the training engine;
- ``regle``: one rule per decision, quoted word for word;
- ``fiche``: fiches actions, their role and indexes;
- ``contacts``: local contacts from a data file;
- ``accessibilite``: fixes found by axe-core;
- ``telephones``: the emergency numbers as ``tel:`` / ``sms:`` links (HTML only);
- ``recherche``: French search with numbers, summaries from ``file://``;
- ``allegement``: a lighter site (purged CSS, cut-down icon fonts, search on its page only);
- ``couverture``: the pilotage dashboard;
- ``attestation``: completion receipts of a parcours, and their import into the records;
- ``impression``: print only: a reference to a page outside the booklet prints its title;
- ``relecture``: the cues a learner could use without knowing the content (``make relecture``);
- ``exports``: for an LMS, SCORM 1.2 packages (``scorm`` builder) and a Moodle XML question
  bank (``moodle`` builder).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .accessibilite import setup_accessibilite
from .allegement import setup_allegement
from .attestation import setup_attestation
from .avertissements import setup_avertissements
from .config import setup_config
from .contacts import setup_contacts
from .couverture import setup_couverture
from .csp import setup_csp
from .domaine import setup_domaine
from .exports import setup_moodle, setup_scorm
from .fiche import setup_fiche
from .impression import setup_impression
from .instantane import setup_instantane
from .module import setup_module
from .noeuds import setup_noeuds
from .parcours import setup_parcours
from .populations import charger_dans_env
from .progression import setup_progression
from .quiz import setup_quiz
from .recherche import setup_recherche
from .regle import setup_regle
from .telephones import setup_telephones
from .typographie import setup_typographie
from .vues import setup_vues

__version__ = "0.3.0"
STATIC = Path(__file__).parent / "static"


def _assets(app: Sphinx) -> None:
    """The quiz JS and CSS, for HTML builders only (nothing copied into LaTeX or text). File by
    file: the folder also holds the SCORM bridge, which only the scorm builder copies."""
    if app.builder.format != "html":
        return
    app.config.html_static_path += [str(STATIC / f) for f in ("reperes.css", "reperes.js", "reperes-recherche.js")]
    app.add_css_file("reperes.css")
    app.add_js_file("reperes.js", defer="defer")


def setup(app: Sphinx) -> dict:
    setup_config(app)
    setup_avertissements(app)
    setup_domaine(app)
    setup_instantane(app)
    setup_noeuds(app)
    setup_vues(app)
    setup_quiz(app)
    setup_module(app)
    setup_parcours(app)
    setup_regle(app)
    setup_fiche(app)
    setup_progression(app)
    setup_contacts(app)
    setup_couverture(app)
    setup_attestation(app)
    setup_typographie(app)
    setup_telephones(app)
    setup_accessibilite(app)
    setup_allegement(app)
    setup_recherche(app)
    setup_scorm(app)
    setup_moodle(app)
    setup_impression(app)
    setup_csp(app)
    app.connect("env-before-read-docs", charger_dans_env)
    app.connect("builder-inited", _assets)
    return {
        "version": __version__,
        # Proven by tests/test_constructions.py: -j 2 gives the same HTML as a serial build.
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        # Stored data changes shape → bump (ReperesDomain.data_version too).
        "env_version": 8,
    }
