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


def justes(sortie: Path, page: str) -> dict[str, list[str]]:
    """{quiz id: the data-index of its right options}, read from the built HTML (the page's own
    answer key, which the JS takes out of the live page)."""
    from bs4 import BeautifulSoup

    soupe = BeautifulSoup((sortie / page).read_text(encoding="utf-8"), "html.parser")
    return {q["data-quiz-id"]: [li["data-index"] for li in q.select(".reperes-corrige-option[data-juste=true]")]
            for q in soupe.select("section.reperes-quiz")}


def ordre_des_options(page, quiz_id: str) -> list[str]:
    return page.locator(f"#quiz-{quiz_id} li.reperes-quiz-option").evaluate_all(
        "lis => lis.map(li => li.dataset.index)")


def commencer_validation(page) -> None:
    import re

    page.locator(".reperes-validation").get_by_role(
        "button", name=re.compile("(Commencer|Recommencer|Refaire) la validation")).click()


def repondre(page, quiz_id: str, bons: list[str], juste: bool, bouton: str = "Valider ma réponse") -> None:
    """Answer one question: its right options, or (juste=False) one wrong option only."""
    quiz = page.locator(f"#quiz-{quiz_id}")
    if juste:
        for i in bons:
            quiz.locator(f"input[value='{i}']").check()
    else:
        valeurs = quiz.locator("input").evaluate_all("els => els.map(e => e.value)")
        quiz.locator(f"input[value='{next(v for v in valeurs if v not in bons)}']").check()
    quiz.get_by_role("button", name=bouton).click()


def valider_module(page, reponses: dict[str, list[str]], rater=()) -> str:
    """One validation pass on the open module page; returns the pass's result text."""
    commencer_validation(page)
    for quiz_id, bons in reponses.items():
        repondre(page, quiz_id, bons, quiz_id not in rater)
    return page.locator(".reperes-validation-bilan").inner_text()


def valider_page_module(onglet, chemin: str) -> str:
    """Open a module page and validate it, every question answered right; returns the pass's
    result text. The one place a test drives a validation pass (adapt here if the pass changes)."""
    page = onglet.ouvrir(chemin)
    return valider_module(page, justes(onglet.racine, chemin))
