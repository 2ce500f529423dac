"""Benchmark (``make bench``): a script, never a timed test. Prints, from one run:

- full serial HTML build of the site ÷ a generated baseline site (same pages, same text
  volume, plain MyST, same theme, no project extension) — target ≤ 1.2;
- incremental build after editing one quiz's feedback ÷ baseline incremental after editing
  one page — target ≤ 1.5 — and the pages rewritten;
- ``-j auto`` build ÷ serial build;
- bytes a browser loads on a first visit (measured in Chromium, every request counted, no
  cache) of ``guide/que-faire.html`` — target ≤ 500 KiB — and of a module page; the sizes of
  the search index and of the search summaries; the project's own JS + CSS;
- Lighthouse 12 (mobile, performance) on the served site for those two pages — target ≥ 85
  (``npm i -E lighthouse@12.2.3`` into ``_build/bench/``, Debian's chromium as ``CHROME_PATH``);
- PDF build time;
- ``make couverture`` on synthetic records of 200 000 and 2 000 000 rows (head counts to
  match) ÷ the same command on the example records — target at 200 000 rows ≤ 2.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
SPHINX = [sys.executable, "-m", "sphinx"]
ENV = {"PYTHONPATH": str(RACINE / "_ext"), "PATH": "/usr/bin:/bin:/usr/local/bin"}
MODULE = "training/modules/circuit-alerte.md"


def construire(src: Path, sortie: Path, *options: str) -> float:
    debut = time.perf_counter()
    subprocess.run([*SPHINX, "-b", "html", "-q", *options, str(src), str(sortie)], check=True, env=ENV,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - debut


def copier_site(dest: Path) -> Path:
    shutil.copytree(RACINE, dest, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "tests", "__pycache__"))
    return dest


FENCE = re.compile(r"^(`{3,}|:{3,})\s*\{([\w-]+)\}.*$")
ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`")


def en_myst_simple(texte: str) -> str:
    """Same words, no project directive or role: directive fences and options dropped,
    their content kept as plain text; toctrees kept (core Sphinx)."""
    sortie, garder_fence = [], []
    for ligne in texte.splitlines():
        m = FENCE.match(ligne)
        if m:
            garder = m.group(2) == "toctree"
            garder_fence.append((m.group(1), garder))
            if garder:
                sortie.append(ligne)
            continue
        if garder_fence and ligne.strip() == garder_fence[-1][0]:
            if garder_fence.pop()[1]:
                sortie.append(ligne)
            continue
        if garder_fence and not garder_fence[-1][1] and re.match(r"^:[\w-]+:", ligne):
            continue
        sortie.append(ROLE.sub(r"\1", ligne.replace("- [x] ", "- ").replace("- [ ] ", "- ")))
    return "\n".join(sortie) + "\n"


def site_de_reference(dest: Path) -> Path:
    for md in RACINE.rglob("*.md"):
        rel = md.relative_to(RACINE)
        if rel.parts[0] in (".venv", "_build", "tests", "data") or rel.name == "README.md":
            continue
        cible = dest / rel
        cible.parent.mkdir(parents=True, exist_ok=True)
        cible.write_text(en_myst_simple(md.read_text(encoding="utf-8")), encoding="utf-8")
    (dest / "conf.py").write_text(
        'project = "Référence"\nlanguage = "fr"\nextensions = ["myst_parser", "sphinx_design"]\n'
        'source_suffix = {".md": "markdown"}\nhtml_theme = "pydata_sphinx_theme"\nprimary_domain = None\n'
        'myst_enable_extensions = ["colon_fence", "deflist", "tasklist", "attrs_block"]\n', encoding="utf-8")
    return dest


def recents(sortie: Path, depuis: float) -> list[str]:
    return sorted(str(p.relative_to(sortie)) for p in sortie.rglob("*.html") if p.stat().st_mtime >= depuis)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        site = copier_site(tmp / "site")
        ref = site_de_reference(tmp / "ref")
        pages = len(list(ref.rglob("*.md")))
        # Full builds: the best of two runs each (a machine's noise only ever adds time).
        t_site = min(construire(site, tmp / "out-site", "-E") for _ in range(2))
        t_ref = min(construire(ref, tmp / "out-ref", "-E") for _ in range(2))
        print(f"Pages : {pages}")
        print(f"Construction complète, en série : site {t_site:.1f} s, référence {t_ref:.1f} s, "
              f"rapport {t_site / t_ref:.2f} (objectif ≤ 1,2)")

        module = site / MODULE
        texte = module.read_text(encoding="utf-8")
        # One option's feedback (the indented paragraph under a quiz option), nothing else.
        retour = re.search(r"^- \[[ x]\] .*\n\n  (?=\S)", texte, re.M)
        if retour is None:
            sys.exit(f"bench : aucun retour d'option trouvé dans {MODULE}")
        module.write_text(texte[:retour.end()] + "(retouché) " + texte[retour.end():], encoding="utf-8")
        avant = time.time()
        t_inc = construire(site, tmp / "out-site")
        reecrites = recents(tmp / "out-site", avant)
        page_ref = ref / MODULE
        page_ref.write_text(page_ref.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
        t_inc_ref = construire(ref, tmp / "out-ref")
        print(f"Incrémental (un retour de quiz modifié) : site {t_inc:.1f} s, référence {t_inc_ref:.1f} s, "
              f"rapport {t_inc / t_inc_ref:.2f} (objectif ≤ 1,5)")
        print("  pages réécrites : " + ", ".join(reecrites))

        # The French stemmer in C (PyStemmer) against snowballstemmer's pure Python, which it uses
        # when Stemmer cannot be imported.
        sans_c = tmp / "sans-pystemmer"
        sans_c.mkdir()
        (sans_c / "Stemmer.py").write_text('raise ImportError("pure Python stemmer")\n', encoding="utf-8")
        debut = time.perf_counter()
        subprocess.run([*SPHINX, "-b", "html", "-q", "-E", str(site), str(tmp / "out-pur")], check=True,
                       env={**ENV, "PYTHONPATH": f"{sans_c}:{ENV['PYTHONPATH']}"}, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        t_pur = time.perf_counter() - debut
        print(f"Racinisation en C (PyStemmer) : construction {t_site:.1f} s, {t_pur:.1f} s en Python pur "
              f"(gain {100 * (t_pur - t_site) / t_pur:.0f} %)")

        t_par = construire(site, tmp / "out-par", "-E", "-j", "auto")
        print(f"-j auto : {t_par:.1f} s ; rapport -j auto / série {t_par / t_site:.2f}")

        sortie = tmp / "out-site"
        poids_et_lighthouse(sortie)
        propres = [sortie / "_static" / f for f in ("reperes.js", "reperes.css", "reperes-site.css", "reperes-recherche.js")]
        print(f"JS + CSS du projet : {sum(f.stat().st_size for f in propres) / 1024:.1f} Kio")

        couverture_a_l_echelle(tmp)

        if shutil.which("latexmk"):
            debut = time.perf_counter()
            subprocess.run([*SPHINX, "-b", "latex", "-q", str(site), str(tmp / "latex")], check=True, env=ENV,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "reperes.tex"], cwd=tmp / "latex",
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(f"PDF (LaTeX + latexmk) : {time.perf_counter() - debut:.1f} s")
        else:
            print("PDF : latexmk absent, non mesuré")


PAGES_MESUREES = ("guide/que-faire.html", "training/modules/circuit-alerte.html")


def poids_premiere_visite(sortie: Path, page: str) -> int:
    """Bytes of every response a first visit loads (Chromium, empty cache, from disk)."""
    sys.path.insert(0, str(RACINE / "tests"))
    from navigation import lancer_chromium
    from playwright.sync_api import sync_playwright

    tailles: dict[str, int] = {}
    with sync_playwright() as p:
        navigateur = lancer_chromium(p)
        onglet = navigateur.new_context(viewport={"width": 390, "height": 844}).new_page()

        def fini(requete):
            reponse = requete.response()
            if reponse is not None:
                try:
                    tailles[requete.url] = len(reponse.body())
                except Exception:  # a redirect or an aborted load has no body
                    pass

        onglet.on("requestfinished", fini)
        onglet.goto((sortie / page).resolve().as_uri())
        onglet.wait_for_load_state("networkidle")
        navigateur.close()
    return sum(tailles.values())


def lighthouse(sortie: Path, pages: tuple[str, ...]) -> dict[str, float] | str:
    """Lighthouse 12, mobile, performance only, on the site served on 127.0.0.1."""
    import http.server
    import json
    import threading
    from functools import partial

    dossier = RACINE / "_build" / "bench"
    binaire = dossier / "node_modules" / ".bin" / "lighthouse"
    if not binaire.exists():
        dossier.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["npm", "i", "-E", "--no-audit", "--no-fund", "--prefix", str(dossier), "lighthouse@12.2.3"],
                           capture_output=True, text=True)
        if r.returncode != 0 or not binaire.exists():
            return "non mesuré (npm i lighthouse@12.2.3 a échoué)"
    class Silencieux(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Silencieux, directory=str(sortie)))
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    scores = {}
    try:
        for page in pages:
            rapport = dossier / "lighthouse.json"
            subprocess.run([str(binaire), f"http://127.0.0.1:{serveur.server_port}/{page}", "--only-categories=performance",
                            "--output=json", f"--output-path={rapport}", "--quiet",
                            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                            "--disable-component-update --no-first-run --disable-sync"],
                           check=True, env={**ENV, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium",
                                            "HOME": str(dossier)}, capture_output=True)
            scores[page] = 100 * json.loads(rapport.read_text(encoding="utf-8"))["categories"]["performance"]["score"]
    finally:
        serveur.shutdown()
    return scores


def poids_et_lighthouse(sortie: Path) -> None:
    index = (sortie / "searchindex.js").stat().st_size
    resumes = (sortie / "_static" / "reperes-resumes.js").stat().st_size
    print(f"Recherche : index {index / 1024:.0f} Kio, résumés {resumes / 1024:.0f} Kio (chargés sur la page de "
          "recherche seulement)")
    for page in PAGES_MESUREES:
        cible = " (objectif ≤ 500 Kio)" if page == PAGES_MESUREES[0] else ""
        print(f"Première visite de {page} : {poids_premiere_visite(sortie, page) / 1024:.0f} Kio{cible}")
    scores = lighthouse(sortie, PAGES_MESUREES)
    if isinstance(scores, str):
        print(f"Lighthouse : {scores}")
    else:
        for page, score in scores.items():
            print(f"Lighthouse 12 (mobile, performance) {page} : {score:.0f} (objectif ≥ 85)")


def couverture_a_l_echelle(tmp: Path) -> None:
    """``make couverture`` on the example records, then on 200 000 and 2 000 000 synthetic rows."""
    import csv

    sys.path.insert(0, str(RACINE / "_ext"))
    from reperes.couverture.exemple import generer_volume

    site = copier_site(tmp / "site-couverture")
    socle = ["role-de-chaque-agent", "reperer-signaux", "recueillir-la-parole", "circuit-alerte", "le-119-reflexe"]
    populations = site / "data" / "populations.csv"
    lignes = list(csv.reader(populations.open(encoding="utf-8"), delimiter=";"))
    ids = [l[0] for l in lignes[1:]]
    fichiers = {}
    for nombre in (200_000, 2_000_000):
        autres = ["reperer-violences-physiques", "negligences", "violences-sexuelles-revelation", "harcelement-ecrans",
                  "adulte-comportement-inapproprie", "situations-particulieres", "secret-partage-obligations"]
        rangs, par_population = generer_volume(nombre, socle, autres, ids)
        chemin = tmp / f"suivi-{nombre}.csv"
        with chemin.open("w", encoding="utf-8", newline="") as f:
            ecrire = csv.writer(f, delimiter=";", lineterminator="\n")
            ecrire.writerow(["agent", "population", "module", "date", "mode", "version"])
            ecrire.writerows(rangs)
        fichiers[nombre] = (chemin, sum(par_population.values()))
    # Head counts large enough for the biggest file, for every run (the same site read each time).
    maximum = max(max(par.values()) for par in [generer_volume(2_000_000, socle, ["negligences"], ids)[1]]) + 10
    with populations.open("w", encoding="utf-8", newline="") as f:
        ecrire = csv.writer(f, delimiter=";", lineterminator="\n")
        ecrire.writerow(lignes[0])
        for l in lignes[1:]:
            ecrire.writerow([l[0], l[1], str(max(int(l[2]), maximum)), l[3], l[4]])

    def couverture(suivi: Path | None) -> float:
        env = dict(ENV, **({"REPERES_SUIVI": str(suivi)} if suivi else {}))
        debut = time.perf_counter()
        subprocess.run([sys.executable, "-m", "reperes.couverture", "--source", str(site)], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - debut

    couverture(None)  # the site read once, its environment cached as `make couverture` keeps it
    t_exemple = couverture(None)
    print(f"make couverture, suivi d'exemple : {t_exemple:.1f} s")
    for nombre, (chemin, agents) in fichiers.items():
        t = couverture(chemin)
        cible = " (objectif ≤ 2)" if nombre == 200_000 else ""
        print(f"make couverture, {nombre:_} lignes ({agents:_} agents) : {t:.1f} s, "
              f"rapport {t / t_exemple:.2f}{cible}".replace("_", "\u202f"))


if __name__ == "__main__":
    main()
