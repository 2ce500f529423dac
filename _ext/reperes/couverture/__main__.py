"""``make couverture``: the pilotage table in a terminal.

    PYTHONPATH=_ext .venv/bin/python -m reperes.couverture [--source DIR]

The socle of each population comes from the parcours and module pages, so the
command runs a quick Sphinx read of the site (``lecture.lire_site``: the ``dummy``
builder, environment cached in ``_build/couverture/``; ``conf.py``, every
``reperes_*`` value and ``REPERES_SUIVI`` apply exactly as in a site build). The
figures printed are the masked ones of the site. Exit status 1 when the records or
populations file is invalid (every problem printed with file:line:column).
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
    from .calcul import texte_terminal
    from .directive import calculer_depuis_env
    from .lecture import lire_site

    try:
        couverture = calculer_depuis_env(lire_site(Path(args.source)))
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
