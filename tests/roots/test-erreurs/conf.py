# One mistake per page: each must be reported with file:line.
extensions = ["myst_parser", "sphinx_design", "reperes"]
language = "fr"
primary_domain = None
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "data"]
nitpicky = True
html_theme = "basic"
reperes_objectifs_questions_min = 0
