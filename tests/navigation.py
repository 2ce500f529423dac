"""What the browser tests share: Debian's Chromium and a page visit opened from disk
(file://) that blocks and records every request outside the build folder."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep Chromium from calling home on a machine without network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
ARTEFACTS = Path(__file__).parent / "artefacts"


class Visite:
    """A browser context on a built site, recording outside requests and console errors.
    Use as ``with Visite(navigateur, sortie) as v:``; the context is closed on exit."""

    def __init__(self, navigateur, racine: Path, largeur=1280, hauteur=900, javascript=True):
        self.racine = racine.resolve()
        self.contexte = navigateur.new_context(viewport={"width": largeur, "height": hauteur},
                                               java_script_enabled=javascript, locale="fr-FR")
        self.externes: list[str] = []
        self.erreurs: list[str] = []
        self.contexte.route("**/*", self._filtrer)
        self.page = self.contexte.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.erreurs.append(m.text))
        self.page.on("pageerror", lambda e: self.erreurs.append(str(e)))

    def __enter__(self) -> "Visite":
        return self

    def __exit__(self, *exc) -> None:
        self.contexte.close()

    def _filtrer(self, route):
        url = route.request.url
        if url.startswith(self.racine.as_uri() + "/") or url.startswith("data:") or url == "about:blank":
            route.continue_()
        else:
            self.externes.append(url)
            route.abort()

    def ouvrir(self, chemin: str):
        self.page.goto(f"{self.racine.as_uri()}/{chemin}")
        self.page.wait_for_load_state("load")
        return self.page

    def capture(self, nom: str):
        ARTEFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTEFACTS / f"{nom}.png"), full_page=False)

    def stockage(self) -> str:
        """Everything this site could have kept: both storages and cookies."""
        return str(self.page.evaluate("JSON.stringify([Object.assign({}, localStorage), "
                                      "Object.assign({}, sessionStorage), document.cookie])")) + str(self.contexte.cookies())
