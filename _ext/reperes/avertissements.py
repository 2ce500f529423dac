"""The one registry of the extension's warnings, as MyST's ``MystWarnings``.

Every warning the extension emits carries ``type="reperes"`` and one of these subtypes,
so that the editor reads ``[reperes.quiz]`` at the end of the message, and a project can
silence one kind precisely (``suppress_warnings = ["reperes.relecture"]``). The README's
« Ce que dit une erreur » lists them with the same words.

A warning emitted while a page is *read* is also kept in the domain with its page
(:func:`retenir`): a later incremental build that does not re-read that page says it again
(:func:`repeter`), so an error stays visible until it is fixed, and the commands that read
the site (``make couverture``…) see it too.
"""

from __future__ import annotations

from enum import Enum

from sphinx.util import logging

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


def retenir(env, docname: str, sous: Sous, message: str, ligne: int | None) -> None:
    """Keep a read-time warning with its page (plain data, purged with the page)."""
    from .domaine import domaine

    domaine(env).doc(docname)["avertissements"].append([sous.value, message, ligne])


def repeter(env, relues: set[str]) -> None:
    """Say again the read-time warnings of the pages this build did not re-read."""
    from .domaine import domaine

    for docname, donnees in sorted(domaine(env).data["docs"].items()):
        if docname in relues:
            continue
        for sous, message, ligne in donnees["avertissements"]:
            avertir(Sous(sous), message, (docname, ligne))
