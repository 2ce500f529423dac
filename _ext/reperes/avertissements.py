"""The one registry of the extension's warnings, as MyST's ``MystWarnings``.

Every warning the extension emits carries ``type="reperes"`` and one of these subtypes,
so that the editor reads ``[reperes.quiz]`` at the end of the message, and a project can
silence one kind precisely (``suppress_warnings = ["reperes.relecture"]``). The README's
« Ce que dit une erreur » lists them with the same words.

Warnings that stay until fixed: Sphinx says a warning only when it reads the page. While
pages are read, a logging handler (:class:`_Collecteur`) notes every page that emitted a
warning — ours, MyST's option errors, docutils' — in the domain (so records from parallel
readers come back with the merge); the next build re-reads those pages (``env-get-outdated``),
which say their warnings again, until they are fixed. The commands that read the site
(``make couverture``…) see them too.
"""

from __future__ import annotations

import logging as _logging
from enum import Enum

from sphinx.util import logging
from sphinx.util.logging import NAMESPACE, is_suppressed_warning

logger = logging.getLogger("reperes")


class Sous(str, Enum):
    """Subtypes of ``reperes`` warnings: what the editor got wrong, by kind of block."""

    quiz = "quiz"  # a question: options, right answers, feedback, id
    module = "module"  # a module's metadata, its id, the folder of modules
    parcours = "parcours"  # a parcours and the trainer's booklet (livret) that follows it
    fiche = "fiche"  # fiches actions, axes, the {fiche} role
    regle = "regle"  # the rules of the guide and the {regle} role
    populations = "populations"  # data/populations.csv
    contacts = "contacts"  # data/contacts.csv
    couverture = "couverture"  # the records file read by the dashboard
    attestation = "attestation"  # receipt codes of parcours
    relecture = "relecture"  # cues a learner could use without knowing the content
    scorm = "scorm"  # a SCORM package: a file a page leads to that the package cannot hold
    moodle = "moodle"  # the Moodle XML question bank: a question Moodle cannot grade as written

    @property
    def etiquette(self) -> str:
        return f"reperes.{self.value}"


def avertir(sous: Sous, message: str, location=None) -> None:
    """Log one warning; ``location`` is ``(docname, line)``, a node, or ``"file:line"``."""
    logger.warning(message, type="reperes", subtype=sous.value, location=location)


class _Collecteur(_logging.Handler):
    """Notes, while pages are read, each page that emits a warning (any source)."""

    def __init__(self, app) -> None:
        super().__init__(_logging.WARNING)
        self.app = app

    def emit(self, record: _logging.LogRecord) -> None:
        env = getattr(self.app, "env", None)
        docname = env.temp_data.get("docname") if env is not None else None
        if not docname:  # outside a page's read (snapshot checks run at every build anyway)
            return
        if is_suppressed_warning(getattr(record, "type", None), getattr(record, "subtype", None),
                                 self.app.config.suppress_warnings):
            return
        from .domaine import domaine

        domaine(env).doc(docname)["avertie"] = True


def _brancher(app, env, docnames) -> None:
    """``env-before-read-docs``: listen while pages are read (forked parallel readers inherit it)."""
    _debrancher(app)
    app.reperes_collecteur = _Collecteur(app)
    _logging.getLogger(NAMESPACE).addHandler(app.reperes_collecteur)


def _debrancher(app, *args) -> None:
    collecteur = getattr(app, "reperes_collecteur", None)
    if collecteur is not None:
        _logging.getLogger(NAMESPACE).removeHandler(collecteur)
        app.reperes_collecteur = None


def pages_averties(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: the pages that warned last time are read again, and warn again."""
    from .domaine import domaine

    return sorted(d for d, donnees in domaine(env).data["docs"].items()
                  if donnees.get("avertie") and d in env.found_docs and d not in removed)


def setup_avertissements(app) -> None:
    app.connect("env-before-read-docs", _brancher)
    app.connect("env-updated", _debrancher, priority=100)
    app.connect("build-finished", _debrancher)
    app.connect("env-get-outdated", pages_averties)
