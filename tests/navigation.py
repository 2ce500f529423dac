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


def banque(sortie: Path, page: str) -> dict[str, str]:
    """{quiz id: rendered HTML} of the module page's validation bank, decoded from its script
    (_static/banques/<module>.js), as reperes.js decodes it when a pass starts."""
    import posixpath

    from bs4 import BeautifulSoup
    from reperes.quiz.banque import decoder, lire_fichier

    soupe = BeautifulSoup((sortie / page).read_text(encoding="utf-8"), "html.parser")
    script, panneau = soupe.select_one("script[data-banque]"), soupe.select_one("section.reperes-validation")
    if script is None or panneau is None:
        return {}
    chemin = sortie / posixpath.normpath(posixpath.join(posixpath.dirname(page), script["src"]))
    return dict(decoder(panneau["data-module"], panneau["data-version"], lire_fichier(chemin)))


def justes(sortie: Path, page: str) -> dict[str, list[str]]:
    """{quiz id: the data-index of its right options}: the practice questions' from the built HTML
    (the page's own answer key, which the JS takes out of the live page), the bank's from its script."""
    from bs4 import BeautifulSoup

    html = (sortie / page).read_text(encoding="utf-8") + "".join(banque(sortie, page).values())
    soupe = BeautifulSoup(html, "html.parser")
    return {q["data-quiz-id"]: [li["data-index"] for li in q.select(".reperes-corrige-option[data-juste=true]")]
            for q in soupe.select("section.reperes-quiz")}


def ordre_des_options(page, quiz_id: str) -> list[str]:
    return page.locator(f"#quiz-{quiz_id} li.reperes-quiz-option").evaluate_all(
        "lis => lis.map(li => li.dataset.index)")


def commencer_validation(page) -> None:
    import re

    page.locator(".reperes-validation").get_by_role(
        "button", name=re.compile("(Commencer|Recommencer|Refaire) la validation")).click()


def repondre(page, quiz_id: str, bons: list[str], juste: bool, bouton: str | None = None) -> None:
    """Answer one question: its right options, or (juste=False) one wrong option only; then
    click ``bouton`` (practice: « Vérifier »; a validation pass has no button per question)."""
    quiz = page.locator(f"#quiz-{quiz_id}")
    valeurs = quiz.locator("input").evaluate_all("els => els.map(e => e.value)")
    for v in valeurs:  # a pass keeps the answers given: change them
        if quiz.locator(f"input[value='{v}']").get_attribute("type") == "checkbox":
            quiz.locator(f"input[value='{v}']").uncheck()
    if juste:
        for i in bons:
            quiz.locator(f"input[value='{i}']").check()
    else:
        quiz.locator(f"input[value='{next(v for v in valeurs if v not in bons)}']").check()
    if bouton:
        quiz.get_by_role("button", name=bouton).click()


def tirees(page) -> list[str]:
    """The quiz ids of the pass under way, in their order."""
    return page.locator(".reperes-passe section.reperes-quiz").evaluate_all("l => l.map(s => s.dataset.quizId)")


def ouvrir_sections_a_relire(page) -> None:
    """Open (as a click does) every section to reread of a failed pass, staying on the page: the
    flows that test something else get past the lock this way (test_validation opens them for real)."""
    page.evaluate("""() => {
        const rester = e => e.preventDefault();
        window.addEventListener("click", rester, true);
        document.querySelectorAll(".reperes-validation-bilan a.reperes-relire").forEach(a => a.click());
        window.removeEventListener("click", rester, true);
    }""")


def terminer_validation(page) -> str:
    page.locator(".reperes-passe").get_by_role("button", name="Terminer la validation").click()
    return page.locator(".reperes-validation-bilan").inner_text()


def valider_module(page, reponses: dict[str, list[str]], rater=()) -> str:
    """One validation pass on the open module page (after opening the sections to reread of a
    failed one): answers the drawn questions, right unless in ``rater``; returns the result text."""
    if page.locator(".reperes-valider-commencer").is_disabled():
        ouvrir_sections_a_relire(page)
    commencer_validation(page)
    for quiz_id in tirees(page):
        repondre(page, quiz_id, reponses[quiz_id], quiz_id not in rater)
    return terminer_validation(page)


def valider_page_module(onglet, chemin: str) -> str:
    """Open a module page and validate it, every question answered right; returns the pass's
    result text. The one place a test drives a validation pass (adapt here if the pass changes)."""
    page = onglet.ouvrir(chemin)
    return valider_module(page, justes(onglet.racine, chemin))
