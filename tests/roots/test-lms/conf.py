# Two modules in one parcours, a guide of three pages, a trainer sheet: SCORM packages and the
# Moodle question bank (tests/test_scorm.py, tests/test_moodle.py). The site's theme, so that the
# package's layout (no site navigation) is the one agents get.
extensions = ["myst_parser", "sphinx_design", "reperes"]
language = "fr"
primary_domain = None
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "data"]
nitpicky = True
html_theme = "pydata_sphinx_theme"
html_theme_options = {"navbar_center": ["navbar-nav"], "footer_end": [], "secondary_sidebar_items": ["page-toc"],
                      "announcement": ""}
html_show_sourcelink = False
html_copy_source = False
html_show_sphinx = False
reperes_objectifs_questions_min = 0
reperes_seuil_validation = 80
# As the site: light or dark follows the system (an empty mode logs a console error).
html_context = {"default_mode": "auto"}
