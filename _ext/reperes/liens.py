"""Link check of the built site: ``python -m reperes.liens _build/html [--externes]``.

Every internal link and anchor must resolve (a broken one fails, exit 1). External links
are listed in a report (``liens-externes.txt`` in the build folder) and checked only with
``--externes``, when a network is available: an offline CI never fails on them.
"""

from __future__ import annotations

import argparse
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.liens: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for cle in ("href", "src"):
            if a.get(cle) and not (tag == "link" and cle == "href" and "canonical" in (a.get("rel") or "")):
                self.liens.append(a[cle])


def analyser(racine: Path) -> tuple[list[str], list[str]]:
    racine = racine.resolve()
    # _static/ holds theme templates (not pages of the site).
    pages = {p: _Page() for p in racine.rglob("*.html") if "_static" not in p.relative_to(racine).parts}
    for chemin, page in pages.items():
        page.feed(chemin.read_text(encoding="utf-8"))
    casses, externes = [], set()
    for chemin, page in pages.items():
        for lien in page.liens:
            url = urlparse(lien)
            if url.scheme in ("http", "https"):
                externes.add(lien)
                continue
            if url.scheme in ("mailto", "tel", "sms", "data", "javascript") or lien.startswith("#") and len(lien) == 1:
                continue
            # "page.html?v=…#ancre": the query string is for caches, not a file name.
            cible_txt, ancre = unquote(url.path), url.fragment
            cible = (chemin.parent / cible_txt).resolve() if cible_txt else chemin
            if cible.is_dir():
                cible = cible / "index.html"
            if not cible.exists():
                casses.append(f"{chemin.relative_to(racine)}: lien cassé vers {lien}")
            # "#parcours=…", "#modules=…": parameters read by reperes.js, not anchors.
            elif ancre and "=" not in ancre and cible.suffix == ".html" and ancre not in pages[cible].ids:
                casses.append(f"{chemin.relative_to(racine)}: ancre absente {lien}")
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
