# A tiny site for completion receipts: two short parcours (same modules, two publics), « Ma
# progression », and the pilotage dashboard fed by data/suivi.csv (written by the tests).
extensions = ["myst_parser", "sphinx_design", "reperes"]
language = "fr"
primary_domain = None
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "data"]
nitpicky = True
html_theme = "basic"
reperes_suivi_fichier = "data/suivi.csv"
reperes_objectifs_questions_min = 0  # objectives are checked in test-base
