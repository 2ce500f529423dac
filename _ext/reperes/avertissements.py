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
    recherche = "recherche"  # data/recherche-mots.csv: the agents' words and the page each finds first
    config = "config"  # a reperes_* setting out of its bounds (conf.py)
    scorm = "scorm"  # a SCORM package: a file a page leads to that the package cannot hold
    moodle = "moodle"  # the Moodle XML question bank: a question Moodle cannot grade as written

    @property
    def etiquette(self) -> str:
        return f"reperes.{self.value}"


def avertir(sous: Sous, message: str, location=None) -> None:
    """Log one warning; ``location`` is ``(docname, line)``, a node, or ``"file:line"``."""
    logger.warning(message, type="reperes", subtype=sous.value, location=location)


class _Collecteur(_logging.Handler):
    """Notes, while pages are read, each page that emits a warning (any source).

    Serial reads: the page being read. Parallel reads: Sphinx silences every handler in the
    reading processes and says their records again in the main one, after the read: the page
    is then found from the record's location. Kept on the environment (not in the domain,
    which the parallel merge overwrites with the reader's copy), purged when a page is read
    again."""

    def __init__(self, app) -> None:
        super().__init__(_logging.WARNING)
        self.app = app

    def emit(self, record: _logging.LogRecord) -> None:
        env = getattr(self.app, "env", None)
        if env is None:
            return
        docname = env.temp_data.get("docname") or _page_du_lieu(env, getattr(record, "location", None))
        if not docname:  # outside a page's read (snapshot checks run at every build anyway)
            return
        if is_suppressed_warning(getattr(record, "type", None), getattr(record, "subtype", None),
                                 self.app.config.suppress_warnings):
            return
        _pages(env, "reperes_averties").add(docname)
        if getattr(record, "type", None) == "myst" and getattr(record, "subtype", None) == "directive_unknown":
            # Read-time warnings are held until the read ends (Sphinx's pending_warnings): the
            # record is said later, in French, with the block the editor probably meant. The page
            # is noted, so that what its unknown block would have declared (a question cited by an
            # objective) adds no second message for the same mistake.
            record.msg = bloc_inconnu(str(record.msg))
            record.args = ()
            _pages(env, "reperes_blocs_inconnus").add(docname)


def _pages(env, nom: str) -> set[str]:
    if not isinstance(getattr(env, nom, None), set):
        setattr(env, nom, set())
    return getattr(env, nom)


def pages_a_bloc_inconnu(env) -> set[str]:
    return set(getattr(env, "reperes_blocs_inconnus", set()) or set())


def _page_du_lieu(env, lieu) -> str | None:
    """The page a warning's location names: ``(docname or path, line)``, a node, « path:line »."""
    from docutils import nodes as _nodes

    if isinstance(lieu, _nodes.Node):
        lieu = (lieu.source or "", 0)
    elif isinstance(lieu, str):
        lieu = (lieu.rsplit(":", 1)[0], 0)
    if not isinstance(lieu, tuple) or not lieu or not lieu[0]:
        return None
    cible = str(lieu[0])
    if cible in env.found_docs:
        return cible
    try:
        return env.path2doc(cible)
    except Exception:  # noqa: BLE001 — a path outside the source: no page
        return None


def _oublier(app, env, docname: str) -> None:
    """``env-purge-doc``: a page read again says its warnings again, if it still has them."""
    for nom in ("reperes_averties", "reperes_blocs_inconnus"):
        _pages(env, nom).discard(docname)


def _brancher(app, env, docnames) -> None:
    """``env-before-read-docs``: listen while pages are read."""
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
    return sorted(d for d in _pages(env, "reperes_averties") if d in env.found_docs and d not in removed)


def setup_avertissements(app) -> None:
    app.connect("env-before-read-docs", _brancher)
    app.connect("env-updated", _debrancher, priority=100)
    app.connect("build-finished", _debrancher)
    app.connect("env-get-outdated", pages_averties)
    app.connect("env-purge-doc", _oublier)


# The blocks an editor writes most (ours first), for « did you mean ».
BLOCS = ("quiz", "explication", "module", "parcours", "livret", "fiche", "regle", "catalogue", "objectifs",
         "couverture", "contacts", "choix-parcours", "toctree", "glossary", "admonition", "note", "warning", "tip",
         "important", "attention", "figure", "image", "list-table", "grid", "grid-item-card", "card", "dropdown",
         "tab-set", "tab-item")


def bloc_inconnu(message: str) -> str:
    """« Unknown directive type: 'quizz' [myst.directive_unknown] » in French, with a suggestion."""
    import difflib
    import re

    m = re.search(r"Unknown directive type: '([^']*)'", message)
    if not m:
        return message
    nom = m.group(1)
    proche = difflib.get_close_matches(nom, BLOCS, n=1, cutoff=0.6)
    conseil = (f"vouliez-vous dire « {proche[0]} » (« ```{{{proche[0]}}} ») ?" if proche else
               "blocs du site : " + ", ".join(BLOCS[:12]) + " (README, « Pour les rédacteurs »).")
    return f"bloc « {nom} » inconnu : {conseil}"
