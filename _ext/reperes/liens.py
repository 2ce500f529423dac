"""Link check of the built site: ``python -m reperes.liens _build/html [--externes]``.

Every internal link and anchor must resolve (a broken one fails, exit 1). External links
are listed in a report (``liens-externes.txt`` in the build folder) and checked only with
``--externes``, when a network is available: an offline CI never fails on them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree


def _lire(chemin: Path) -> tuple[set[str], list[str]]:
    """A page's anchors (id, and name on <a>) and its links (href and src; not a canonical <link>)."""
    ids, liens = set(), []
    for el in etree.parse(str(chemin), etree.HTMLParser(encoding="utf-8")).iter(tag=etree.Element):
        a = el.attrib
        if a.get("id"):
            ids.add(a["id"])
        if el.tag == "a" and a.get("name"):
            ids.add(a["name"])
        for cle in ("href", "src"):
            if a.get(cle) and not (el.tag == "link" and cle == "href" and "canonical" in (a.get("rel") or "")):
                liens.append(a[cle])
    return ids, liens


def analyser(racine: Path) -> tuple[list[str], list[str]]:
    racine = racine.resolve()
    # What the folder holds, read once: a target is looked up, not asked of the disk each time.
    fichiers, dossiers = set(), set()
    for dossier, _, noms in os.walk(racine):
        dossiers.add(dossier)
        fichiers.update(os.path.join(dossier, n) for n in noms)
    # _static/ holds theme templates (not pages of the site).
    pages = {f: _lire(Path(f)) for f in sorted(fichiers)
             if f.endswith(".html") and "_static" not in Path(f).relative_to(racine).parts}
    casses, externes = [], set()
    for chemin, (_, liens) in pages.items():
        ici = os.path.dirname(chemin)
        nom = os.path.relpath(chemin, racine)
        for lien in liens:
            url = urlparse(lien)
            if url.scheme in ("http", "https"):
                externes.add(lien)
                continue
            if url.scheme in ("mailto", "tel", "sms", "data", "javascript") or lien.startswith("#") and len(lien) == 1:
                continue
            # "page.html?v=…#ancre": the query string is for caches, not a file name.
            cible_txt, ancre = unquote(url.path), url.fragment
            cible = os.path.normpath(os.path.join(ici, cible_txt)) if cible_txt else chemin
            if cible in dossiers:
                cible = os.path.join(cible, "index.html")
            if cible not in fichiers:
                casses.append(f"{nom}: lien cassé vers {lien}")
            # "#parcours=…", "#modules=…": parameters read by reperes.js, not anchors.
            elif ancre and "=" not in ancre and cible.endswith(".html") and ancre not in pages[cible][0]:
                casses.append(f"{nom}: ancre absente {lien}")
    return casses, sorted(externes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("racine", type=Path)
    parser.add_argument("--externes", action="store_true", help="vérifier aussi les liens externes (réseau)")
    args = parser.parse_args(argv)
    casses, externes = analyser(args.racine)
    rapport = args.racine / "liens-externes.txt"
    rapport.write_text("\n".join(externes) + "\n", encoding="utf-8")
    if args.externes:
        import requests

        for url in externes:
            try:
                r = requests.head(url, allow_redirects=True, timeout=10)
                if r.status_code >= 400:
                    casses.append(f"externe {url}: HTTP {r.status_code}")
            except requests.RequestException as exc:
                casses.append(f"externe {url}: {exc.__class__.__name__}")
    for c in casses:
        print(c)
    print(f"{len(casses)} lien(s) en erreur ; {len(externes)} lien(s) externe(s) listé(s) dans {rapport}"
          + ("" if args.externes else " (non vérifiés : ajoutez EXTERNAL=1 avec un réseau)"))
    return 1 if casses else 0


if __name__ == "__main__":
    sys.exit(main())
