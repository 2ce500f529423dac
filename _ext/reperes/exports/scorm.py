"""SCORM 1.2 packages: ``sphinx-build -b scorm . _build/scorm`` (``make scorm``).

One package per parcours (``parcours-<population>.zip``: one SCO per module, in the parcours's
order) and one per module (``module-<id>.zip``). The builder is the standalone HTML builder
with three differences, so that a package works from ``file://`` and inside an LMS's frame:

- **What it writes**: the module pages and the *reference pages* (every page outside
  ``training/`` but the home page: the guide, the glossary, the fiches, the legal pages).
  The rest of ``training/`` (other modules, trainer sheets with their model answers,
  parcours, catalogue, « Ma progression », the dashboard) is never in a package.
- **Links**: a link to a page that no package carries becomes plain text
  (``<span class="reperes-hors-paquet">``), and so does a link from one module to another
  (each module is its own SCO; moving between SCOs is the LMS's job). A link to a
  reference page stays a link: the page is in the package.
- **Layout**: no site navigation (header sections, sidebar, breadcrumbs, previous/next,
  search, index), which would lead out of the package.

``finish()`` assembles each package: its module pages, then every file they lead to
(pages, stylesheets, scripts, fonts, images, downloads), followed transitively through the
written HTML and the stylesheets' ``url()``; ``imsmanifest.xml`` (:mod:`.manifeste`)
lists them. A link that leads to no file of the package is a warning (``reperes.scorm``),
so a package never holds a dead link.

Module pages get two scripts before ``reperes.js``: ``scorm-paquet.js``, a two-line file
written into each zip that names the package (``<html data-reperes-paquet>``), and
``scorm.js``, the bridge to the LMS's API (see that file).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..avertissements import Sous, avertir
from ..csp import traductions_sans_eval
from ..instantane import Instantane, instantane
from .manifeste import Sco, manifeste

STATIC = Path(__file__).resolve().parent.parent / "static"
# Templates that only this builder sees (put before the project's and the theme's).
GABARITS = Path(__file__).resolve().parent / "gabarits"
# Pages under these folders are never reference pages of a package (module pages are SCOs).
HORS_PAQUET = ("training/",)
# The per-package file: the only file whose content differs between two zips.
FICHIER_PAQUET = "_static/scorm-paquet.js"
# pydata-sphinx-theme: no site navigation, no search, no previous/next (they lead out).
OPTIONS_PYDATA = {
    "navbar_start": [],
    "navbar_center": [],
    "navbar_persistent": [],
    "navbar_end": [],  # no header at all: its menu button opened an empty drawer in the LMS's frame
    "article_header_start": [],
    "show_prev_next": False,
    "disable_search": True,
}
# Zip entries get this date, so that two builds of the same site give the same bytes.
DATE_FIXE = (2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Paquet:
    id: str  # "parcours-atsem", "module-circuit-alerte": the zip's name, the storage prefix
    titre: str
    modules: tuple[str, ...]  # module ids, in order: one SCO each


def paquets(inst: Instantane) -> list[Paquet]:
    """Every package of the site: one per parcours (named by its population), one per module."""
    liste, pris = [], set()
    for p in inst.parcours:
        if not p.modules:
            continue
        ident = f"parcours-{p.public}"
        if ident in pris:  # two parcours for one population: the second is named by its own id
            ident = p.id if p.id.startswith("parcours-") else f"parcours-{p.id}"
        pris.add(ident)
        liste.append(Paquet(ident, p.titre, p.modules))
    liste += [Paquet(f"module-{m.id}", m.titre, (m.id,)) for m in inst.modules]
    return liste


def pages_de_reference(env) -> set[str]:
    """Pages a package may carry besides its modules' pages."""
    return {d for d in env.found_docs if d != env.config.root_doc and not d.startswith(HORS_PAQUET)}


def texte_paquet(ident: str) -> str:
    return (f"/* Repères : ce paquet SCORM est « {ident or '(aucun)'} » (écrit par le constructeur scorm). */\n"
            f"document.documentElement.dataset.reperesPaquet = \"{ident}\";\n")


class ScormBuilder(StandaloneHTMLBuilder):
    name = "scorm"
    epilog = "Les paquets SCORM 1.2 sont dans %(outdir)s (un .zip par parcours et un par module)."
    search = False  # no search page, no index: they would list pages that are not in a package
    copysource = False

    def init(self) -> None:
        super().init()
        self.use_index = False

    def get_builder_config(self, option: str, default: str) -> Any:
        if option == "use_index":  # also what the templates' hasdoc('genindex') asks
            return False
        return super().get_builder_config(option, default)

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        nom, options = super().get_theme_config()
        if nom == "pydata_sphinx_theme":
            options = {**options, **OPTIONS_PYDATA}
        return nom, options

    def init_templates(self) -> None:
        super().init_templates()
        if self.config.html_theme == "pydata_sphinx_theme":
            from sphinx.jinja2glue import SphinxFileSystemLoader

            self.templates.loaders.insert(0, SphinxFileSystemLoader(str(GABARITS)))
            self.templates.templatepathlen += 1  # "!layout.html" skips it, as it skips templates_path
            self.templates.pathchain.insert(0, GABARITS)

    # -- what is written ------------------------------------------------------------------
    def _pages_modules(self) -> set[str]:
        return {m.docname for m in instantane(self.env).modules}

    def write_documents(self, docnames) -> None:
        gardees = self._pages_modules() | pages_de_reference(self.env)
        pages = {d for d in docnames if d in gardees}
        if pages:  # Sphinx's parallel writer takes a first page before checking there is one
            super().write_documents(pages)

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        ctx = super().get_doc_context(docname, body, metatags)
        # Previous/next, breadcrumbs and the sidebar lead to pages that are not in the package.
        ctx.update(prev=None, next=None, parents=[], rellinks=[], sidebars=[])
        return ctx

    def update_page_context(self, pagename: str, templatename: str, ctx: dict, event_arg: Any) -> None:
        # Module pages only: a SCO is a module page; a reference page opened from it is no SCO.
        if pagename in self._pages_modules():
            # Deferred like reperes.js (and before it): the bridge reads the parsed page (the module).
            self.add_js_file("scorm-paquet.js", priority=250, defer="defer")
            self.add_js_file("scorm.js", priority=260, defer="defer")

    def copy_static_files(self) -> None:
        super().copy_static_files()
        traductions_sans_eval(self._static_dir)  # before the packages take their copy (CSP)
        # The build folder's copy names no package: opened from there, the bridge does nothing.
        (self._static_dir / "scorm-paquet.js").write_text(texte_paquet(""), encoding="utf-8")

    # -- the packages ---------------------------------------------------------------------
    def finish(self) -> None:
        super().finish()
        inst = instantane(self.env)
        sortie = Path(self.outdir)
        if self.config.reperes_alleger:  # the lighter style sheets the pages link, before zipping
            from ..allegement import alleger

            alleger(sortie)
        liens = _Liens(sortie)
        references = {self.get_target_uri(d) for d in pages_de_reference(self.env)}
        for paquet in paquets(inst):
            modules = [inst.module[m] for m in paquet.modules]
            lancements = [self.get_target_uri(m.docname) for m in modules]
            fichiers, problemes = liens.fermeture(lancements, set(lancements) | references)
            fichiers.add(FICHIER_PAQUET)
            for probleme in problemes:
                avertir(Sous.scorm, f"paquet « {paquet.id} » : {probleme}")
            scos = [Sco(m.id, m.titre, uri) for m, uri in zip(modules, lancements)]
            xml = manifeste(paquet.id, paquet.titre, scos, sorted(fichiers))
            _zipper(sortie / f"{paquet.id}.zip", sortie, sorted(fichiers), xml, texte_paquet(paquet.id))


def _zipper(cible: Path, racine: Path, fichiers: list[str], xml: bytes, paquet_js: str) -> None:
    def entree(nom: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(nom, DATE_FIXE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    temporaire = cible.with_suffix(".zip.tmp")
    with zipfile.ZipFile(temporaire, "w", compresslevel=9) as z:
        z.writestr(entree("imsmanifest.xml"), xml)
        for nom in fichiers:
            z.writestr(entree(nom), paquet_js.encode() if nom == FICHIER_PAQUET else (racine / nom).read_bytes())
    temporaire.replace(cible)


# -- following the written files ------------------------------------------------------------
class _Html(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.liens: list[str] = []

    def handle_starttag(self, tag, attrs):
        for cle, valeur in attrs:
            if cle in ("href", "src") and valeur and not (tag == "link" and "canonical" in (dict(attrs).get("rel") or "")):
                self.liens.append(valeur)


# What a stylesheet loads: url(…) (fonts, images) and @import "…" (another stylesheet).
URL_CSS = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


class _Liens:
    """The files each written file leads to, read once per build (paths relative to the output)."""

    def __init__(self, racine: Path):
        self.racine = racine
        self._cache: dict[str, list[str]] = {}

    def de(self, chemin: str) -> list[str]:
        if chemin not in self._cache:
            fichier = self.racine / chemin
            bruts: list[str] = []
            if chemin.endswith(".html"):
                page = _Html()
                page.feed(fichier.read_text(encoding="utf-8"))
                bruts = page.liens
            elif chemin.endswith(".css"):
                bruts = [m.group(2) or m.group(4) for m in URL_CSS.finditer(fichier.read_text(encoding="utf-8"))]
            cibles = []
            for brut in bruts:
                url = urlsplit(brut)
                if url.scheme or url.netloc or not url.path:  # http(s), mailto, data:, "#anchor"
                    continue
                cibles.append(posixpath.normpath(posixpath.join(posixpath.dirname(chemin), unquote(url.path))))
            self._cache[chemin] = cibles
        return self._cache[chemin]

    def fermeture(self, departs: list[str], pages_permises: set[str]) -> tuple[set[str], list[str]]:
        """Every file reached from ``departs``; a page outside ``pages_permises`` or a missing
        file is a problem (it would be a dead link in the package)."""
        fichiers: set[str] = set()
        problemes: list[str] = []
        a_voir = [(d, d) for d in departs]
        while a_voir:
            chemin, depuis = a_voir.pop()
            if chemin in fichiers:
                continue
            if chemin.startswith("../") or not (self.racine / chemin).is_file():
                problemes.append(f"{depuis} renvoie à {chemin}, absent de la construction.")
                continue
            if chemin.endswith(".html") and chemin not in pages_permises:
                problemes.append(f"{depuis} renvoie à {chemin}, page qu'aucun paquet ne contient.")
                continue
            fichiers.add(chemin)
            a_voir += [(c, chemin) for c in self.de(chemin)]
        return fichiers, problemes


# -- links to pages outside every package ---------------------------------------------------
def _liens_hors_paquet(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Plain text for a link to a page no package carries, or from one module to another.
    Runs after the collected views are rendered (they make links too)."""
    if app.builder.name != ScormBuilder.name:
        return
    env = app.env
    references = pages_de_reference(env)
    suffixe = app.builder.link_suffix
    for ref in list(doctree.findall(nodes.reference)):
        uri = ref.get("refuri", "")
        url = urlsplit(uri)
        if not uri or url.scheme or url.netloc or not url.path.endswith(suffixe):
            continue
        cible = posixpath.normpath(posixpath.join(posixpath.dirname(docname), unquote(url.path)))[:-len(suffixe)]
        if cible == docname or cible in references:
            continue
        texte = nodes.inline("", "", *[enfant.deepcopy() for enfant in ref.children],
                             classes=["reperes-hors-paquet"])
        ref.replace_self(texte)


def _bridge(app: Sphinx) -> None:
    """The bridge's file, copied by the scorm builder only (never into the site)."""
    if app.builder.name == ScormBuilder.name:
        app.config.html_static_path.append(str(STATIC / "scorm.js"))


def setup_scorm(app: Sphinx) -> None:
    app.add_builder(ScormBuilder)
    app.connect("builder-inited", _bridge)
    # After vues._remplacer (priority 500), which turns the views' links into references.
    app.connect("doctree-resolved", _liens_hors_paquet, priority=900)
