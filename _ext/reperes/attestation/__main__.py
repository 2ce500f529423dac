"""``make attestations FILE=codes.csv``: import the receipt codes collected by managers.

    PYTHONPATH=_ext .venv/bin/python -m reperes.attestation FILE [--source DIR]

FILE is ``code;agent;population`` (the agent's pseudonymous identifier, the one the agent
typed to get the code) (UTF-8 with or without BOM, ``;`` or ``,``). The
parcours, their modules and current versions come from the pages, so the command reads
the site as ``make couverture`` does (``lecture.lire_site``, which refuses a site whose build warns); the valid codes
are appended to the records file of the dashboard (``reperes_suivi_fichier``, or
``REPERES_SUIVI``). Every refused line is listed with its line number and reason.

Exit status: 0 every line imported (or already there); 2 some lines refused (the others
imported); 1 nothing written (codes file unreadable, site or records file invalid).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reperes.attestation", description=__doc__.split("\n\n")[0])
    parser.add_argument("fichier", help="CSV des codes recueillis : code;agent;population")
    parser.add_argument("--source", default=".", help="dossier source du site (contient conf.py)")
    args = parser.parse_args(argv)
    source = Path(args.source).resolve()

    from sphinx.errors import SphinxError

    from ..couverture.directive import chemin_suivi
    from ..donnees import DonneesInvalides
    from ..lecture import lire_site, refuser
    from . import catalogue
    from .importer import importer, lisible

    try:
        lecture = lire_site(source)
        if refuser(lecture, "make attestations"):
            return 1
        inst = lecture.instantane
        parcours = catalogue(inst)
        chemin, nom = chemin_suivi(lecture.app)
        if chemin.resolve().is_relative_to((source / "data" / "exemple").resolve()):
            print(f"Le fichier de suivi est {nom}, le suivi d'exemple (synthétique, publié avec le dépôt) : "
                  "indiquez le vrai fichier, hors du dépôt, par exemple\n"
                  "  REPERES_SUIVI=data/private/suivi-formations.csv make attestations FILE=codes.csv",
                  file=sys.stderr)
            return 1
        rapport = importer(Path(args.fichier), args.fichier, parcours, inst.population, set(inst.module), chemin, nom)
    except DonneesInvalides as exc:
        print("Rien n'a été écrit. Données invalides :", *[lisible(f"  {p}") for p in exc.problemes], sep="\n",
              file=sys.stderr)
        return 1
    except SphinxError as exc:
        print(lisible(f"{exc.category} : {exc}"), file=sys.stderr)
        return 1
    print(rapport.texte(nom))
    return 2 if rapport.rejets else 0


if __name__ == "__main__":
    sys.exit(main())
