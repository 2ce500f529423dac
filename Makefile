# Repères — every target calls the virtual environment's tools: no activation needed.
PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
SPHINX  := $(BIN)/sphinx-build
JOBS    ?= auto
PORT    ?= 8000
# Warnings are errors, keep going to list them all, nitpicky cross-references.
SPHINXOPTS ?= -W --keep-going -n
BUILD   := _build
# The doctrees (environment.pickle holds local paths, such as the records file's) stay out of the
# published folder.
DOCTREES := $(BUILD)/doctrees

.PHONY: help venv html serve test pdf latex text scorm moodle linkcheck couverture attestations relecture bench clean

help:
	@echo "make serve | test | html | pdf | text | scorm | moodle | linkcheck | couverture | attestations FILE=… | relecture | bench | clean (see README.md)"

# The venv is (re)made when requirements.txt changes.
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

venv: $(BIN)/.installed

html: venv
	$(SPHINX) -b html -j $(JOBS) $(SPHINXOPTS) -d $(DOCTREES) . $(BUILD)/html

# Live preview for editors: rebuilds on save and reloads the browser (sphinx-autobuild; REPERES_APERCU lets its
# reload script through the pages' Content-Security-Policy, reperes/csp.py). Warnings
# show in the terminal with file:line; they do not stop the preview (`make html` is the strict build).
serve: venv
	@echo "Repères : première construction en cours ; l'adresse s'affiche dès que l'aperçu répond."
	@PYTHONPATH=_ext $(BIN)/python -m reperes.apercu $(PORT) &
	REPERES_APERCU=127.0.0.1:$(PORT) $(BIN)/sphinx-autobuild -b html -j 1 --keep-going -n -d $(DOCTREES) . $(BUILD)/html --host 127.0.0.1 --port $(PORT) \
	  --ignore "$(CURDIR)/$(BUILD)/*" --ignore "$(CURDIR)/.venv/*" --ignore "$(CURDIR)/tests/*" \
	  --ignore "$(CURDIR)/node_modules/*" --ignore "*.pyc" --ignore "*/.git/*"

# The LMS-side SCORM 1.2 runtime the bridge is tested against (tests/lms, pinned in its
# package-lock.json); without npm, those browser tests are skipped locally.
LMS_RUNTIME := tests/lms/node_modules/.package-lock.json
$(LMS_RUNTIME): tests/lms/package.json tests/lms/package-lock.json
	npm ci --prefix tests/lms --no-audit --no-fund --loglevel=error
	touch $@

# The whole suite, one pytest-xdist worker per core (at most 4): single tests are dealt out one by
# one, a file that shares an expensive set-up (the PDFs, the real Moodle) stays on one worker
# (tests/conftest.py, GROUPES; started first). `make test PYTEST_ARGS="-n 0 -k …"`: one process.
PYTEST_ARGS ?= -n auto --maxprocesses 4 --dist loadgroup
test: venv $(if $(shell command -v npm 2>/dev/null),$(LMS_RUNTIME))
	$(BIN)/python -m pytest $(PYTEST_ARGS)

latex: venv
	$(SPHINX) -b latex -j $(JOBS) $(SPHINXOPTS) . $(BUILD)/latex

# The whole site (reperes.pdf) and one trainer's booklet per parcours (livret-*.pdf), PDFJOBS
# at a time, the largest first. A failing one prints its log's last 40 lines and stops the others
# (xargs stops on 255); make then fails. Sphinx's latexmkrc reads LATEXOPTS: always set it.
PDFJOBS ?= $(shell nproc 2>/dev/null || echo 2)
export LATEXOPTS ?= -file-line-error
pdf: latex
	cd $(BUILD)/latex && ls -S *.tex | xargs -P $(PDFJOBS) -I{} sh -c \
	  'latexmk -pdf -interaction=nonstopmode -halt-on-error -quiet "$$1" >/dev/null || { tail -40 "$${1%.tex}.log"; exit 255; }' sh {}
	@ls $(BUILD)/latex/*.pdf

text: venv
	$(SPHINX) -b text -j $(JOBS) $(SPHINXOPTS) . $(BUILD)/text

# One SCORM 1.2 package per parcours and one per module: _build/scorm/*.zip (README, « make scorm »).
scorm: venv
	$(SPHINX) -b scorm -j $(JOBS) $(SPHINXOPTS) . $(BUILD)/scorm
	@ls -l $(BUILD)/scorm/*.zip

# Every quiz as a Moodle XML question bank: _build/moodle/questions.xml (README, « make moodle »).
moodle: venv
	$(SPHINX) -b moodle $(SPHINXOPTS) . $(BUILD)/moodle

linkcheck: html
	PYTHONPATH=_ext $(BIN)/python -m reperes.liens $(BUILD)/html $(if $(EXTERNAL),--externes,)

# Reads the site once (dummy builder, cached in _build/couverture) for the socle of each parcours.
couverture: venv
	PYTHONPATH=_ext $(BIN)/python -m reperes.couverture

# Appends the receipt codes collected by managers (FILE=codes.csv: code;agent;population) to the
# training records (REPERES_SUIVI or reperes_suivi_fichier); reads the site as `couverture` does.
# FILE reaches the command through the environment, its text unexpanded (`$(value …)`): neither make
# nor the shell runs what a file name contains (backquotes, $(…), quotes); `--` ends the options.
ifdef FILE
override FILE := $(value FILE)
export FILE
endif
attestations: venv
	@test -n "$$FILE" || { echo "usage : make attestations FILE=codes.csv"; exit 1; }
	PYTHONPATH=_ext $(BIN)/python -m reperes.attestation -- "$$FILE"

# The cues a learner could use without knowing the content, per module and for the site.
relecture: venv
	PYTHONPATH=_ext $(BIN)/python -m reperes.relecture

bench: venv
	$(BIN)/python tests/bench.py

clean:
	rm -rf $(BUILD)
