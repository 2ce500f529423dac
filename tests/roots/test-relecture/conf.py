# Four questions whose wording gives the answer away: `make relecture` must say so (issue 21).
extensions = ["myst_parser", "sphinx_design", "reperes"]
language = "fr"
primary_domain = None
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "data"]
nitpicky = True
html_theme = "basic"
reperes_objectifs_questions_min = 0
reperes_relecture_mots_min = 2
