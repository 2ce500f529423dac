"""Configuration Sphinx du site Repères.

Chaque réglage dit pourquoi il est là. Les réglages propres au projet
(préfixe ``reperes_``) sont déclarés, typés et documentés dans
``_ext/reperes/config.py``.
"""

import os
import sys
from datetime import date
from pathlib import Path

# The project's own extension is a package in _ext/, not installed: put it on the path.
sys.path.insert(0, os.path.abspath("_ext"))

# -- Projet -------------------------------------------------------------------
project = "Repères"
# The project, not the City: nothing here is an official publication of the Ville de Paris.
author = "Projet Repères"
# No "©" owner claim beyond the project itself: the content is the project's own writing.
copyright = f"{date.today().year}, projet Repères"

# -- Langue et typographie françaises ----------------------------------------
# French UI strings, French search stemmer (snowball "french": « signalements »
# finds « signalement »), French dates.
language = "fr"
# « Mis à jour le 24 novembre 2026 »: babel-free strftime-like format, month
# names come from Sphinx's French catalogue.
today_fmt = "%d %B %Y"
html_last_updated_fmt = "%d %B %Y"
# Straight quotes typed by editors become « » with non-breaking spaces
# (docutils' French smartquotes), and '--' becomes '–'.
smartquotes = True
smartquotes_action = "qDe"
# Non-breaking spaces before « ; : ! ? » and inside « »: handled by the
# extension's typography transform (_ext/reperes/typographie.py), because
# docutils' smartquotes only converts quotes.

# -- Extensions ---------------------------------------------------------------
extensions = [
    "myst_parser",  # pages are written in MyST Markdown
    "sphinx_design",  # cards, grids, badges used by pages and by the extension
    "reperes",  # the project's own extension: quiz, module, parcours, fiches, pilotage
]

# No programming-language domain: the site documents no code, and Python's domain
# would otherwise take the `module` directive that belongs to the training engine.
primary_domain = None

# Markdown only: editors never write reStructuredText.
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    ".venv",
    "tests",
    "README.md",
    "data",
    "**/README.md",
    ".pytest_cache",
]

myst_enable_extensions = [
    "colon_fence",  # ::: fences, easier for editors than nested backticks
    "deflist",  # definition lists (glossary-like lists in pages)
    "attrs_block",  # {.class} on blocks, for print-only or screen-only blocks
    "attrs_inline",
    "tasklist",  # - [ ] check lists (display checklist of the 119)
    "fieldlist",
    "substitution",
]
# Headings get anchors so that links to a section (#...) work and linkcheck can verify them.
myst_heading_anchors = 3

# Nitpicky: every cross-reference must resolve; a typo in a label is an error.
nitpicky = True
# A link to a public site is allowed, never loaded: rendered with the "external" class.

# -- HTML ---------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "Repères"
html_short_title = "Repères"
html_static_path = ["_static"]
# A favicon of our own (an « R », no outside file): browsers otherwise ask every served page for
# /favicon.ico, a 404.
html_favicon = "_static/favicon.svg"
templates_path = ["_templates"]
html_css_files = ["reperes-site.css"]
# Nothing is sent to anyone: no analytics, no external fonts, no CDN.
html_theme_options = {
    # No links to services the site does not use: no GitHub, no social icons.
    "icon_links": [],
    "use_edit_page_button": False,
    "show_toc_level": 2,
    "navigation_with_keys": False,
    # The theme's header: logo text, sections, search; no version switcher (one version).
    "navbar_start": ["navbar-logo"],
    "navbar_center": ["navbar-nav"],
    "navbar_end": ["theme-switcher"],
    "navbar_persistent": ["search-button"],
    "header_links_before_dropdown": 5,
    "footer_start": ["copyright", "last-updated"],
    # RGAA: the accessibility state, linked to its declaration, on every page.
    "footer_end": ["reperes-pied"],
    "secondary_sidebar_items": ["page-toc"],
    # The pydata theme's default "announcement" fetches a URL when it is one: keep empty.
    "announcement": "",
    "logo": {"text": "Repères"},
    # Printing and reading from disk must not depend on JS-driven navigation.
    "collapse_navigation": False,
    "back_to_top_button": True,
    # The search field's placeholder and label, in French (the theme's default is English).
    "search_bar_text": "Rechercher dans le site…",
}
# Light or dark follows the reader's system; an explicit value also keeps the theme from
# logging a console error on first visit (empty stored mode).
html_context = {"default_mode": "auto"}
html_sidebars = {"**": ["sidebar-nav-bs"], "index": []}
# The source of a page is useless to agents and doubles the download size of the site.
html_show_sourcelink = False
html_copy_source = False
# No "made with Sphinx" credit line to an outside site.
html_show_sphinx = False
html_last_updated_fmt = "%d %B %Y"
# Search works from file:// (searchindex.js is a script, not a fetch). "fr" is the extension's
# French search language, which also indexes numbers (« 119 », « 434-3 »): _ext/reperes/recherche.py.
html_search_language = "fr"
# Sphinx would fetch() each result page for its summary, which browsers refuse from file://: the
# extension writes a one-line summary per page into a script file instead (reperes-resumes.js).
html_show_search_summary = False

# -- LaTeX / PDF --------------------------------------------------------------
# pdflatex with babel-french: French hyphenation, « » spacing, A4.
latex_engine = "pdflatex"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "babel": r"\usepackage[french]{babel}",
    # TeX Gyre fonts (Debian tex-gyre): readable, with every French accent.
    "fontpkg": r"\usepackage{tgtermes}\usepackage{tgheros}\usepackage{tgcursor}",
    # Characters the site uses that pdflatex does not know by default: the narrow no-break
    # space of French typography, the boxes of printed quizzes, ticks and arrows.
    "preamble": r"""\usepackage{amssymb}
\DeclareUnicodeCharacter{202F}{\,}
\DeclareUnicodeCharacter{2610}{$\square$}
\DeclareUnicodeCharacter{2612}{$\boxtimes$}
\DeclareUnicodeCharacter{2713}{\checkmark}
\DeclareUnicodeCharacter{2192}{$\rightarrow$}
\DeclareUnicodeCharacter{2011}{-}
\DeclareUnicodeCharacter{2260}{$\neq$}
\DeclareUnicodeCharacter{20AC}{\texteuro}
""",
    "printindex": "",
}
# The whole site as one booklet, and one trainer's booklet per parcours (training/livrets/:
# each page's `livret` block makes the build check it lists its parcours's modules in order).
latex_documents = [("index", "reperes.tex", "Repères", author, "manual")] + [
    (
        f"training/livrets/{livret.stem}",
        f"livret-{livret.stem}.tex",
        livret.read_text(encoding="utf-8").split("\n# ", 1)[1].split("\n", 1)[0],
        author,
        "manual",
    )
    for livret in sorted(Path(__file__).parent.glob("training/livrets/*.md"))
    if livret.stem != "index"
]
latex_show_urls = "footnote"

# -- Texte --------------------------------------------------------------------
text_newlines = "unix"

# -- Validation et relecture des questions --------------------------------------------------
# A validation pass validates a module from this score (percent of right first answers).
reperes_seuil_validation = 80
# Each learning objective cites at least this many of its module's questions ({quiz}`id`).
reperes_objectifs_questions_min = 2
# Each module validates on its own bank of `:validation:` questions (issue 21): a pass draws bank
# size ÷ 2, between these two, at least one per objective; the bank holds twice the minimum.
reperes_validation_banques = True
reperes_validation_tirage_min = 6
reperes_validation_tirage_max = 10
reperes_entrainement_min = 2
# Share of each parcours's socle bank questions that ask to recognise a sign (`:reperage:`).
reperes_socle_reperage_part = 0.5
# make relecture: the cues of the questions, held under these figures by tests/test_relecture.py.
# When the report was introduced (1 December 2026): 87.0 %, a word ratio of 59.7, 100 %; the
# questions' rewrite brought them to the targets below.
reperes_relecture_plus_longue = 35.0
# A word or a short phrase (1 to 3 words) at most this many times as frequent in right options
# as in wrong ones, or the reverse (issue 21: « parent(s) » was in 45 wrong options, 1 right).
reperes_relecture_rapport_mots = 3.0
# The cue solver (README, « Relecture »): 54 % site-wide when it was introduced (6 December 2026).
reperes_relecture_solveur = 35.0
reperes_relecture_solveur_module = 45.0
reperes_relecture_position = 50.0
