"""``make couverture``: the pilotage table in a terminal.

    PYTHONPATH=_ext .venv/bin/python -m reperes.couverture [--source DIR]

The socle of each population comes from the parcours and module pages, so the command
reads the site (``lecture.lire_site``: the ``dummy`` builder, environment cached) and prints
the figures of its snapshot: the masked ones of the site. Exit status 1 when the build
warns (every warning printed, nothing computed) or a data file is invalid (every problem
printed with file:line:column).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reperes.couverture", description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default=".", help="dossier source du site (contient conf.py)")
    args = parser.parse_args(argv)

    from sphinx.errors import SphinxError

    from ..donnees import DonneesInvalides
    from ..lecture import lire_site, refuser
    from .directive import section_couverture
    from .sorties import texte_terminal

    try:
        lecture = lire_site(Path(args.source))
    except DonneesInvalides as exc:
        print("Données invalides :", *[f"  {p}" for p in exc.problemes], sep="\n", file=sys.stderr)
        return 1
    except SphinxError as exc:
        print(f"{exc.category} : {exc}", file=sys.stderr)
        return 1
    if refuser(lecture, "make couverture"):
        return 1
    section = section_couverture(lecture.instantane)
    couverture = section.figures if section is not None else None
    if couverture is None:
        print("Aucune page du site ne contient le bloc « couverture » : rien à calculer.", file=sys.stderr)
        return 1
    print(texte_terminal(couverture))
    return 0


if __name__ == "__main__":
    sys.exit(main())
