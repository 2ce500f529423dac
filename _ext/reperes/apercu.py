"""``make serve``: say the preview's address once the server answers, not before.

    PYTHONPATH=_ext python -m reperes.apercu PORT

The first build of the site takes a while before ``sphinx-autobuild`` listens; an address
printed at once sent editors to a page that did not answer. Run in the background by the
Makefile, this waits (at most an hour) for the server to answer on 127.0.0.1, then prints the
address and stops."""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request


def attendre(port: int, delai: float = 3600.0, pas: float = 0.5) -> bool:
    url = f"http://127.0.0.1:{port}/"
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # it answers (even a 404 before the first page is written)
        except (urllib.error.URLError, OSError):
            time.sleep(pas)
    return False


def main(argv: list[str] | None = None) -> int:
    port = int((argv or sys.argv[1:] or ["8000"])[0])
    if attendre(port):
        print(f"\nRepères : http://127.0.0.1:{port}/  (reconstruit et recharge à chaque enregistrement ; "
              "Ctrl+C pour arrêter)", flush=True)
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
