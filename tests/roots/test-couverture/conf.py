# A tiny site with a pilotage dashboard: two populations, two socle modules, one optional.
extensions = ["myst_parser", "sphinx_design", "reperes"]
language = "fr"
primary_domain = None
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "data"]
nitpicky = True
html_theme = "pydata_sphinx_theme"  # the site's theme: the charts are measured as agents see them
reperes_suivi_fichier = "data/suivi.csv"
latex_documents = [("index", "couverture.tex", "Couverture", "Repères", "manual")]
reperes_objectifs_questions_min = 0  # objectives are checked in test-base
