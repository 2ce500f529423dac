"""A quick Sphinx read of the site, for the commands that need what only the pages know
(socle of each parcours, module versions): ``make couverture``, ``make attestations``,
``make relecture``.

The ``dummy`` builder writes nothing but the environment, kept in ``_build/commandes/`` (or
``$REPERES_CACHE``)
so that the next run only re-reads what changed; the snapshot is built exactly as in a site
build (``conf.py``, every ``reperes_*`` value and ``REPERES_SUIVI`` apply). The build's
warnings are returned: a command refuses to compute on a site that the build rejects. Since
a warning of a page that is not re-read would not be said again by Sphinx, the cached
environment is dropped whenever a read had warnings, and the next read starts afresh.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Lecture:
    app: object  # sphinx.application.Sphinx
    avertissements: list[str]

    @property
    def instantane(self):
        from .instantane import instantane

        return instantane(self.app.env)


def lire_site(source: Path, reglages: dict | None = None, dossier: str = "commandes") -> Lecture:
    """Read ``source``; raises :class:`sphinx.errors.SphinxError` (``DonneesInvalides`` for a bad
    populations file) when the read cannot finish. ``reglages`` override conf.py values (kept in
    their own cache, ``_build/<dossier>``, so that the commands do not re-read each other's)."""
    source = Path(source).resolve()
    sys.path.insert(0, str(source / "_ext"))
    from sphinx.application import Sphinx

    # REPERES_CACHE: another folder for the cached environment (two reads at once, e.g. in tests).
    sortie = Path(os.environ.get("REPERES_CACHE") or source / "_build" / "commandes")
    if dossier != "commandes":
        sortie = sortie.with_name(sortie.name + "-" + dossier) if os.environ.get("REPERES_CACHE") \
            else source / "_build" / dossier
    journal = io.StringIO()
    app = Sphinx(source, source, sortie, sortie / "doctrees", "dummy", status=None, warning=journal,
                 freshenv=False, keep_going=True, confoverrides=dict(reglages or {}))
    app.build()
    avertissements = [ligne for ligne in journal.getvalue().splitlines() if ligne.strip()]
    if avertissements:
        shutil.rmtree(sortie / "doctrees", ignore_errors=True)
    return Lecture(app, avertissements)


def refuser(lecture: Lecture, commande: str) -> bool:
    """Print the build's warnings and say why nothing was computed; True if there were any."""
    if not lecture.avertissements:
        return False
    montres = lecture.avertissements[:LIMITE]
    reste = len(lecture.avertissements) - len(montres)
    print(f"{commande} : la construction du site signale {len(lecture.avertissements)} problème(s) ; "
          "rien n'a été calculé. Corrigez-les (ou lancez « make html » pour les voir dans leur contexte) :",
          *[f"  {a}" for a in montres], *([f"  … et {reste} autre(s)."] if reste else []), sep="\n", file=sys.stderr)
    return True


# A records file with an error on every row would print thousands of lines: the first ones say enough.
LIMITE = 50
