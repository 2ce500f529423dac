"""What the browser tests share: Debian's Chromium and a page visit opened from disk
(file://) that blocks and records every request outside the build folder."""

from __future__ import annotations

import functools
import json
import re
import secrets
import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep Chromium from calling home on a machine without network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
ARTEFACTS = Path(__file__).parent / "artefacts"
# Chromium preloads its address bar's pop-up, a page of its own interface (chrome://omnibox-popup.top-chrome,
# two renderer processes), in every window, so in every browser context a test opens; headless, it is never
# shown. Switched off, opening a context and a page of the site costs about 40 % less CPU (0.88 → 0.52 CPU-s
# measured on this machine); the site's pages are rendered by the same processes as before.
SANS_INTERFACE = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")


def lancer_chromium(playwright):
    """Debian's Chromium with ARGS, and SANS_INTERFACE switched off on top of the features Playwright
    switches off. Chromium keeps only the last ``--disable-features`` of its command line (a second one
    would silently undo Playwright's list): the list Playwright gave is read back from the browser
    (chrome://version), and both go in one switch, given last."""
    premier = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    try:
        page = premier.new_page()
        page.goto("chrome://version")
        ligne = page.locator("#command_line").inner_text().split()
    finally:
        premier.close()
    coupees = [f for a in ligne if a.startswith("--disable-features=") for f in a.split("=", 1)[1].split(",") if f]
    coupees = ",".join(dict.fromkeys([*coupees, *SANS_INTERFACE]))
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, f"--disable-features={coupees}"])


def hors_de(racine: str) -> re.Pattern:
    """Every URL outside ``racine`` (and not data: or about:blank): the requests a visit records
    and blocks. A pattern, not a function, so that Playwright matches it in its driver and the
    site's own files load without a round trip through Python each."""
    return re.compile(r"^(?!" + re.escape(racine) + r"/|data:|about:blank$)")


class Visite:
    """A browser context on a built site, recording outside requests and console errors.
    Use as ``with Visite(navigateur, sortie) as v:``; the context is closed on exit."""

    def __init__(self, navigateur, racine: Path, largeur=1280, hauteur=900, javascript=True):
        self.racine = racine.resolve()
        self.contexte = navigateur.new_context(viewport={"width": largeur, "height": hauteur},
                                               java_script_enabled=javascript, locale="fr-FR")
        self.externes: list[str] = []
        self.erreurs: list[str] = []
        self.contexte.route(hors_de(self.racine.as_uri()), self._filtrer)
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

    def semer(self, valeurs: dict[str, str], chemin: str | None = None):
        """Open ``chemin`` (or reload) with localStorage holding only ``valeurs``, as an earlier visit
        left it. Set by a script of that very page, before the site's: Chromium from disk may give a
        new page a storage of its own, or show it the storage as it was before the last writes of
        the page before (README, « A limit of Chromium from disk »), so a value set from the page
        before might not be there."""
        drapeau = f"semer-{secrets.token_hex(4)}"
        self.page.add_init_script(script=f"""if (!sessionStorage.getItem("{drapeau}")) {{
            sessionStorage.setItem("{drapeau}", "1");
            localStorage.clear();
            Object.entries({json.dumps(valeurs)}).forEach(([k, v]) => localStorage.setItem(k, v));
        }}""")
        if chemin is None:
            self.page.reload()
            return self.page
        return self.ouvrir(chemin)

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
    (the page's own answer key, which the JS takes out of the live page), the bank's from its script.
    Read once per built page (the key holds its modification time and size); a fresh copy each call."""
    etat = (sortie / page).stat()
    return {q: list(i) for q, i in _justes(str(sortie), page, etat.st_mtime_ns, etat.st_size).items()}


@functools.lru_cache(maxsize=256)
def _justes(sortie: str, page: str, _date: int, _taille: int) -> dict[str, tuple[str, ...]]:
    from bs4 import BeautifulSoup

    sortie = Path(sortie)
    html = (sortie / page).read_text(encoding="utf-8") + "".join(banque(sortie, page).values())
    soupe = BeautifulSoup(html, "html.parser")
    return {q["data-quiz-id"]: tuple(li["data-index"] for li in q.select(".reperes-corrige-option[data-juste=true]"))
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


# -- the agent's way (issue 25): tap targets, English interface text -------------------------------
# WCAG 2.2, 2.5.8 « Target Size (Minimum) », as a function for page.evaluate() (Playwright) or
# `return (…)()` (Firefox): the visible targets under 24 × 24 CSS px that no exception covers.
CIBLES_TROP_PETITES = r"""(strict) => {
  // WCAG 2.2, 2.5.8 « Target Size (Minimum) »: every target at least 24 × 24 CSS px, except a
  // link inside a sentence (« inline ») and, unless `strict`, an undersized target whose 24 px
  // circle touches no other target (« spacing »). A radio or checkbox counts with its label.
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])';
  const fixe = e => { for (; e; e = e.parentElement) if (getComputedStyle(e).position === "fixed") return true; return false; };
  const vu = e => {  // drawn, and somewhere the reader can scroll to (a fixed box: in the window)
    const r = (e.classList.contains("sd-stretched-link") && e.closest(".sd-card") || e).getBoundingClientRect();
    const s = getComputedStyle(e), f = fixe(e);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && !e.closest("[hidden], [inert], dialog:not([open])")
      && r.bottom + (f ? 0 : scrollY) > 0 && r.right + (f ? 0 : scrollX) > 0;
  };
  const boite = e => {
    // A card's « stretched » link is the whole card (its ::after covers it).
    let r = (e.classList.contains("sd-stretched-link") && e.closest(".sd-card") || e).getBoundingClientRect();
    if (e.tagName === "INPUT" && e.labels && e.labels.length) {
      const l = e.labels[0].getBoundingClientRect();
      r = {left: Math.min(r.left, l.left), top: Math.min(r.top, l.top), right: Math.max(r.right, l.right), bottom: Math.max(r.bottom, l.bottom)};
    }
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.right - r.left, height: r.bottom - r.top};
  };
  const enLigne = e => {
    if (e.tagName !== "A" || !getComputedStyle(e).display.startsWith("inline")) return false;
    let b = e.parentElement;
    while (b && getComputedStyle(b).display.startsWith("inline")) b = b.parentElement;
    const t = (b ? b.textContent : "").replace(/\s+/g, " ").trim(), l = e.textContent.replace(/\s+/g, " ").trim();
    return t.length > l.length + 2;
  };
  const cibles = [...document.querySelectorAll(sel)].filter(vu)
    .filter(e => !(e.tagName === "LABEL"))
    .map(e => ({e, r: boite(e)}));
  const petites = cibles.filter(c => c.r.width < 24 || c.r.height < 24);
  const centre = r => [(r.left + r.right) / 2, (r.top + r.bottom) / 2];
  const distance = (p, r) => Math.hypot(Math.max(r.left - p[0], 0, p[0] - r.right), Math.max(r.top - p[1], 0, p[1] - r.bottom));
  const fautes = [];
  for (const c of petites) {
    if (enLigne(c.e)) continue;
    const p = centre(c.r);
    const gene = cibles.find(o => o !== c && !o.e.contains(c.e) && !c.e.contains(o.e) && (
      distance(p, o.r) < 12 || (petites.includes(o) && Math.hypot(p[0] - centre(o.r)[0], p[1] - centre(o.r)[1]) < 24)));
    if (gene || strict) fautes.push({cible: (c.e.textContent || c.e.getAttribute("aria-label") || c.e.tagName).trim().slice(0, 50),
                                     taille: [Math.round(c.r.width), Math.round(c.r.height)],
                                     voisine: gene ? (gene.e.textContent || gene.e.getAttribute("aria-label") || gene.e.tagName).trim().slice(0, 50) : null});
  }
  return fautes;
}"""


def cibles_trop_petites(page, strict: bool = True) -> list[dict]:
    """The tap targets of the open page under 24 × 24 px (empty: fine). ``strict`` (the default, what
    issue 25 measured): only a link inside a sentence is exempt; otherwise WCAG's spacing exception too."""
    page.wait_for_load_state("load")  # measured with the page's style sheets applied, never before
    return page.evaluate(CIBLES_TROP_PETITES, strict)


# What Sphinx and pydata-sphinx-theme write in English when a French string is missing, and the
# French site must never show: buttons, labels, tooltips, search messages.
ANGLAIS = ("Hide Search Matches", "Search", "Searching", "Search Results", "Search finished", "Back to top",
           "On this page", "Previous", "Next", "previous page", "next page", "Skip to main content",
           "Table of Contents", "Light", "Dark", "System", "Copyright", "Section Navigation", "Site Navigation",
           "Clear search", "Color mode", "Theme", "Last updated", "Created using", "Show Source", "Edit on",
           "Toggle", "Home", "Breadcrumb", "Contents", "light", "dark")
MOTS_ANGLAIS = re.compile(r"(?<![\w-])(" + "|".join(re.escape(m) for m in ANGLAIS) + r")(?![\w-])")

# The interface a reader meets: visible text, and what assistive technologies read out.
TEXTES_D_INTERFACE = """() => {
  const attributs = ["aria-label", "title", "placeholder", "alt", "aria-description", "data-bs-title"];
  const textes = [document.title, document.body.innerText];
  document.querySelectorAll("*").forEach(e => attributs.forEach(a => { if (e.hasAttribute(a)) textes.push(e.getAttribute(a)); }));
  return textes;
}"""


def anglais(textes) -> list[str]:
    """The English interface words found in these texts (with a little context)."""
    trouves = []
    for t in textes:
        for m in MOTS_ANGLAIS.finditer(t or ""):
            trouves.append(t[max(0, m.start() - 30):m.end() + 30])
    return trouves
