"""A lighter site for a phone on a poor network, without dropping the theme.

Measured on ``guide/que-faire.html`` before this module: 1 037 KiB for a first visit, most of
it the theme's CSS (369 KiB, of which the rules of every Bootstrap component and of 2 000
Font Awesome icons), the search index loaded as a blocking script in every page (185 KiB),
the Font Awesome JS (89 KiB) and its icon font (112 KiB).

At the end of an HTML build (``build-finished``, in the main process, so parallel and serial
builds give the same files), from the pages and scripts actually built:

- **CSS**: every rule of the theme's and sphinx-design's style sheets whose selectors name a
  class that appears in no page and in no script of the site is dropped (what PurgeCSS does;
  a class that a script adds is kept because it appears in the script). The result is written
  next to the original as ``*.allege.css``, and pages link that file (``layout.html`` for the
  theme, :func:`_feuilles` for sphinx-design), so Sphinx's own copy of the original never
  conflicts with it;
- **icons**: the Font Awesome fonts are cut down to the glyphs of the icons the pages use
  (fontTools), and the theme's Font Awesome JS, which would replace each icon by an SVG, is
  not loaded (``_templates/layout.html``): the font draws them;
- **search**: the index, the search code and the summaries load on the search page only
  (``_templates/layout.html``);
- **scripts**: Sphinx's own small scripts are deferred (``defer``) on every page but the search
  page, so that none blocks the first paint;
- source maps (``*.map``), never read by a browser, are removed.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Style sheets lightened: (path in _static, lightened path).
FEUILLES = {
    "basic.css": "basic.allege.css",
    "styles/pydata-sphinx-theme.css": "styles/pydata-sphinx-theme.allege.css",
    "sphinx-design.min.css": "sphinx-design.allege.css",
    "pygments.css": "pygments.allege.css",
}
CLASSE_HTML = re.compile(r'class="([^"]*)"')
JETON = re.compile(r"[A-Za-z_][\w-]*")
CLASSE_CSS = re.compile(r"\.((?:[A-Za-z_]|\\.)(?:[\w-]|\\.)*)")
ICONE = re.compile(r'\.fa-([a-z0-9-]+)\{--fa:"\\([0-9a-f]+)"')
POLICE = re.compile(r"url\(\.\./vendor/fontawesome/webfonts/(fa-[a-z]+-\d+)\.woff2\)")


def classes_utilisees(racine: Path) -> set[str]:
    """Every class of every built page, and every identifier-like token of every script."""
    classes: set[str] = set()
    for page in racine.rglob("*.html"):
        for m in CLASSE_HTML.finditer(page.read_text(encoding="utf-8", errors="ignore")):
            classes.update(m.group(1).split())
    for script in racine.rglob("*.js"):
        classes.update(JETON.findall(script.read_text(encoding="utf-8", errors="ignore")))
    return classes


def _fin_de_bloc(css: str, debut: int) -> int:
    """Index just after the ``}`` that closes the block opened at ``debut`` (a ``{``)."""
    profondeur, i = 0, debut
    while i < len(css):
        if css[i] == "{":
            profondeur += 1
        elif css[i] == "}":
            profondeur -= 1
            if profondeur == 0:
                return i + 1
        i += 1
    return len(css)


def purger(css: str, classes: set[str]) -> str:
    """Drop the selectors that name an unused class, and the rules left with none; at-rules
    that group rules (@media, @supports, @layer, @container) are purged inside; other at-rules
    (@font-face, @keyframes, @charset…) are kept as they are."""
    sortie, i, n = [], 0, len(css)
    while i < n:
        j = css.find("{", i)
        if j < 0:
            sortie.append(css[i:])
            break
        tete = css[i:j]
        fin = _fin_de_bloc(css, j)
        nom = tete.strip()
        if nom.startswith(("@media", "@supports", "@layer", "@container")):
            dedans = purger(css[j + 1:fin - 1], classes)
            if dedans.strip():
                sortie.append(f"{tete}{{{dedans}}}")
        elif nom.startswith("@"):
            sortie.append(css[i:fin])
        else:
            gardes = [s for s in tete.split(",")
                      if all(c.replace("\\", "") in classes for c in CLASSE_CSS.findall(s))]
            if gardes:
                sortie.append(",".join(gardes) + css[j:fin])
        i = fin
    return "".join(sortie)


def _sous_ensemble(source: Path, cible: Path, points: set[int]) -> bool:
    """Write the subset; skipped when the last one was cut from the same font to the same glyphs."""
    trace = cible.with_suffix(".points")
    signature = f"{source.stat().st_size} {source.stat().st_mtime_ns} " + " ".join(map(str, sorted(points)))
    if cible.exists() and trace.exists() and trace.read_text(encoding="utf-8") == signature:
        return True
    try:
        from fontTools import subset
    except ImportError:  # pragma: no cover — pinned in requirements.txt
        return False
    import logging as journal

    journal.getLogger("fontTools").setLevel(journal.WARNING)  # its INFO lines would flood the build log
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    police = subset.load_font(str(source), options)
    sous = subset.Subsetter(options)
    sous.populate(unicodes=points)
    sous.subset(police)
    subset.save_font(police, str(cible), options)
    trace.write_text(signature, encoding="utf-8")
    return True


def alleger(racine: Path) -> dict[str, tuple[int, int]]:
    """Lighten the built site in ``racine``; returns {file: (bytes before, bytes after)}."""
    statique = racine / "_static"
    classes = classes_utilisees(racine)
    tailles = {}
    for source, cible in FEUILLES.items():
        chemin = statique / source
        if not chemin.exists():
            continue
        css = chemin.read_text(encoding="utf-8")
        leger = purger(css, classes)
        if source.startswith("styles/"):
            leger = _polices(statique, leger, tailles)
        (statique / cible).write_text(leger, encoding="utf-8")
        tailles[cible] = (len(css.encode()), len(leger.encode()))
    for carte in racine.rglob("*.map"):
        carte.unlink()
    return tailles


def points_icones(css: str) -> set[int]:
    """The icon code points a style sheet uses: Font Awesome's ``.fa-x{--fa:"\\f0f3"}``, and the
    theme's own ``--pst-icon-bell:"\uf0f3"`` (admonitions, links…) written as the character itself
    or as an escape — every character of Unicode's private use area."""
    points = {int(code, 16) for _, code in ICONE.findall(css)}
    points |= {ord(c) for c in css if 0xE000 <= ord(c) <= 0xF8FF}
    points |= {int(code, 16) for code in re.findall(r"\\([0-9a-fA-F]{4})(?![0-9a-fA-F])", css)
               if 0xE000 <= int(code, 16) <= 0xF8FF}
    return points


def _polices(statique: Path, css: str, tailles: dict) -> str:
    """Cut each Font Awesome font down to the icons the purged CSS still uses."""
    points = points_icones(css)
    dossier = statique / "vendor" / "fontawesome" / "webfonts"

    def remplacer(m: re.Match) -> str:
        source = dossier / f"{m.group(1)}.woff2"
        cible = dossier / f"{m.group(1)}.allege.woff2"
        if source.exists() and _sous_ensemble(source, cible, points):
            tailles[f"vendor/fontawesome/webfonts/{cible.name}"] = (source.stat().st_size, cible.stat().st_size)
            return f"url(../vendor/fontawesome/webfonts/{cible.name})"
        return m.group(0)

    return POLICE.sub(remplacer, css)


def _fin_html(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html" or not app.config.reperes_alleger:
        return
    tailles = alleger(Path(app.outdir))
    for nom, (avant, apres) in sorted(tailles.items()):
        logger.info(f"allègement : {nom} {avant // 1024} Kio → {apres // 1024} Kio")


def _feuilles(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Pages link the lightened style sheets that Sphinx lists (the theme's are in layout.html)."""
    if not app.config.reperes_alleger:
        return
    feuilles = []
    for feuille in context.get("css_files", []):
        nom = str(getattr(feuille, "filename", ""))
        if nom.split("?")[0] in ("_static/styles/pydata-sphinx-theme.css", "_static/styles/theme.css", "_static/basic.css"):
            continue  # linked once, lightened, by layout.html
        for source, cible in FEUILLES.items():
            if nom == f"_static/{source}":
                attributs = {k: v for k, v in feuille.attributes.items() if k not in ("rel", "type")}
                feuille = type(feuille)(f"_static/{cible}", priority=feuille.priority, **attributs)
        feuilles.append(feuille)
    context["css_files"] = feuilles


def _contexte(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["reperes_alleger"] = app.config.reperes_alleger
    if app.config.reperes_alleger and pagename != "search":
        context["script_files"] = _traductions_d_abord([_differe(s) for s in context.get("script_files", [])])


def _traductions_d_abord(scripts: list) -> list:
    """Deferred, a script runs as soon as it is its turn, the page already parsed: Sphinx's
    highlight script then drew its English « Hide Search Matches » before the French
    translations were loaded. The translations go right after doctools.js (which defines the
    ``Documentation`` object they fill), before the highlight script."""
    nom = lambda s: str(getattr(s, "filename", "") or "").rsplit("/", 1)[-1]  # noqa: E731
    autres = [s for s in scripts if nom(s) != "translations.js"]
    options = next((i for i, s in enumerate(autres) if nom(s) == "doctools.js"), None)
    if options is None:
        return scripts
    # Sphinx sorts the scripts by priority (a stable sort) after this event: same priority as
    # doctools.js, placed right after it.
    priorite = autres[options].priority
    traductions = [type(s)(str(s.filename), priority=priorite, **dict(getattr(s, "attributes", {}) or {}))
                   for s in scripts if nom(s) == "translations.js"]
    return autres[:options + 1] + traductions + autres[options + 1:]


def _differe(script):
    """Sphinx's small scripts (options, doctools, highlight, translations, tabs) block the page's
    rendering; none is needed before the page is drawn, and deferred they keep their order. The
    search page keeps them as they are: its search code, not deferred, reads them."""
    nom = str(getattr(script, "filename", "") or "")
    attributs = dict(getattr(script, "attributes", {}) or {})
    if not nom or "defer" in attributs or "async" in attributs or attributs.get("body"):
        return script
    return type(script)(nom, priority=script.priority, **attributs, defer="defer")


def setup_allegement(app: Sphinx) -> None:
    app.connect("html-page-context", _contexte)
    app.connect("build-finished", _fin_html)
    app.connect("html-page-context", _feuilles)
