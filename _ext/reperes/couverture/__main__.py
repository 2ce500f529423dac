"""``make couverture``: the pilotage table in a terminal.

    PYTHONPATH=_ext .venv/bin/python -m reperes.couverture [--source DIR]

The socle of each population comes from the parcours and module pages, so the
command runs a quick Sphinx read of the site (the ``dummy`` builder: nothing is
written but the environment, kept in ``_build/couverture/`` so that the next run
only re-reads what changed). That read loads ``conf.py`` itself: every ``reperes_*``
value and ``REPERES_SUIVI`` apply exactly as in a site build. The figures printed are
the masked ones of the site. Exit status 1 when the records or populations file is
invalid (every problem printed with file:line:column).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reperes.couverture", description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default=".", help="dossier source du site (contient conf.py)")
    args = parser.parse_args(argv)
    source = Path(args.source).resolve()
    sys.path.insert(0, str(source / "_ext"))

    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError

    from ..donnees import DonneesInvalides
    from .calcul import texte_terminal
    from .directive import calculer_depuis_env

    sortie = source / "_build" / "couverture"
    journal = io.StringIO()
    try:
        app = Sphinx(source, source, sortie, sortie / "doctrees", "dummy", status=None, warning=journal,
                     freshenv=False)
        app.build()
        couverture = calculer_depuis_env(app)
    except DonneesInvalides as exc:
        print("Données invalides :", *[f"  {p}" for p in exc.problemes], sep="\n", file=sys.stderr)
        return 1
    except SphinxError as exc:
        print(f"{exc.category} : {exc}", file=sys.stderr)
        return 1
    print(texte_terminal(couverture))
    return 0


if __name__ == "__main__":
    sys.exit(main())
