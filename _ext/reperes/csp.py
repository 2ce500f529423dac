"""Content-Security-Policy and referrer policy on every page, as ``<meta>`` (the site is static:
from disk or any web server, no headers of ours).

Both go into the page's ``metatags`` (written by Sphinx's base layout before any script or
style sheet), computed here for each page:
scripts and styles from the site itself only (``'self'``, plus ``file:`` so that the site works
opened from disk in Firefox, where each file is its own origin), plus the SHA-256 of each
inline script Sphinx or the theme adds to that page (``add_js_file(None, body=…)``: the search
page's options), and of each inline script of the theme's templates (scripts_des_gabarits).
The site's layout loads the theme's colour-mode script as a file (``reperes-mode.js``). Inline
``style`` attributes stay allowed (the theme and sphinx-design write some). No frame, form or
connection leaves the site (but ``make serve``'s reload socket, see ``apercu``); the referrer is
never sent.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import os
import re
from pathlib import Path

from sphinx.application import Sphinx

STATIC = Path(__file__).parent / "static"
SOURCES = "'self' file:"


def apercu() -> tuple[str | None, str | None]:
    """``make serve``: sphinx-autobuild adds to every page it serves an inline script that opens
    a WebSocket to ``REPERES_APERCU`` (host:port, set by the Makefile) and reloads the page;
    its hash and that socket are allowed, nothing more."""
    hote = os.environ.get("REPERES_APERCU", "")
    if not re.fullmatch(r"[A-Za-z0-9.-]+:\d+", hote):
        return None, None
    try:
        from sphinx_autobuild.middleware import web_socket_script
    except ImportError:
        return None, None
    m = re.search(r"<script>(.*?)</script>", web_socket_script(hote), re.S)
    return (m.group(1) if m else None), f"ws://{hote}"


def politique(hashes: list[str], connexion: str | None = None) -> str:
    scripts = " ".join([SOURCES, *(f"'sha256-{h}'" for h in hashes)])
    return "; ".join([
        f"default-src {SOURCES}", f"script-src {scripts}", f"style-src {SOURCES} 'unsafe-inline'",
        f"img-src {SOURCES} data: blob:", f"font-src {SOURCES} data:",
        f"connect-src {SOURCES}" + (f" {connexion}" if connexion else ""),
        f"media-src {SOURCES}", "object-src 'none'", f"base-uri {SOURCES}", f"form-action {SOURCES}",
    ])


def empreinte(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


@functools.lru_cache(maxsize=8)
def scripts_des_gabarits(dossiers: tuple[str, ...], mode: str) -> tuple[str, ...]:
    """The inline scripts of the theme's templates (pydata's colour mode and search focus, the
    basic theme's search box…) as they render: those without Jinja code but ``default_mode``.
    The site's own layout loads reperes-mode.js and reperes-recherche.js instead; a project that
    keeps the theme's templates (the test roots, the SCORM packages) gets them by their hash."""
    corps = []
    for dossier in dossiers:
        for gabarit in sorted(Path(dossier).rglob("*.html")):
            texte = gabarit.read_text(encoding="utf-8", errors="replace")
            for m in re.finditer(r"<script(?: data-cfasync=\"false\")?>(.*?)</script>", texte, re.S):
                corps_script = m.group(1).replace("{{ default_mode }}", mode)
                if corps_script.strip() and "{%" not in corps_script and "{{" not in corps_script:
                    corps.append(corps_script)
    return tuple(corps)


def _contexte(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    corps = [str(s.attributes["body"]) for s in context.get("script_files", [])
             if getattr(s, "attributes", None) and s.attributes.get("body")]
    theme = getattr(app.builder, "theme", None)
    dossiers = theme.get_theme_dirs() if theme is not None and hasattr(theme, "get_theme_dirs") else []
    corps += scripts_des_gabarits(tuple(map(str, dossiers)), str(context.get("default_mode") or ""))
    rechargement, connexion = apercu()
    if rechargement:
        corps.append(rechargement)
    csp = politique(sorted({empreinte(c) for c in corps}), connexion)
    # In <head> before any script or style sheet: the base layout writes metatags first.
    context["metatags"] = (context.get("metatags") or "") + (
        f'\n    <meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}" />'
        '\n    <meta name="referrer" content="no-referrer" />')


PLURIEL = re.compile(r'"plural_expr":\s*"([ n0-9<>=!&|%?:()]+)"')


def traductions_sans_eval(static: Path) -> None:
    """Sphinx's translations.js hands its plural rule to ``addTranslations``, which compiles it
    with ``new Function`` (refused without ``'unsafe-eval'``). Rewritten so that the rule is
    plain code of the file: same messages, same rule, no eval."""
    fichier = Path(static) / "translations.js"
    texte = fichier.read_text(encoding="utf-8") if fichier.exists() else ""
    m = PLURIEL.search(texte)
    if not texte.startswith("Documentation.addTranslations(") or not m:
        return
    catalogue = texte[len("Documentation.addTranslations("):texte.rindex(")")]
    fichier.write_text(
        "/* Sphinx's translations, without eval (Content-Security-Policy: reperes/csp.py). */\n"
        f"(function (catalogue) {{\n"
        "  Object.assign(Documentation.TRANSLATIONS, catalogue.messages);\n"
        f"  Documentation.PLURAL_EXPR = function (n) {{ return ({m.group(1)}); }};\n"
        "  Documentation.LOCALE = catalogue.locale;\n"
        f"}})({catalogue});\n", encoding="utf-8")


def _fin(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html" and app.builder.name != "scorm":
        traductions_sans_eval(Path(app.outdir) / "_static")


def _assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(STATIC / "reperes-mode.js"))


def setup_csp(app: Sphinx) -> None:
    app.connect("builder-inited", _assets)
    app.connect("build-finished", _fin)
    # Last: after the theme and allegement.py have settled the page's scripts.
    app.connect("html-page-context", _contexte, priority=990)
