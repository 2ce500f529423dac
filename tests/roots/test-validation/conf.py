# A module of eight questions in one parcours: validation passes, shuffling, migration, receipt.
extensions = ["myst_parser", "sphinx_design", "reperes"]
language = "fr"
primary_domain = None
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "data"]
nitpicky = True
html_theme = "basic"
reperes_objectifs_questions_min = 2
# The bank (issue 21): three practice questions on the page, twelve in the bank, a pass draws six.
reperes_validation_banques = True
html_copy_source = False
# The whole site and the trainer's booklet: the bank is printed in the booklet only.
latex_documents = [("index", "reperes.tex", "Validation", "Repères", "manual"),
                   ("training/livrets/animation", "livret-animation.tex", "Livret", "Repères", "manual")]
