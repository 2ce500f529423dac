"""Outputs other than HTML, on the real site: link check (offline) and the PDF booklets."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

from conftest import RACINE

# The PDFs are built once (the ``pdf`` fixture, about a minute): under pytest-xdist, this file runs on
# one worker (conftest.GROUPES).
from reperes.liens import analyser


def test_liens_internes_et_ancres(site):
    casses, externes = analyser(site.sortie)
    assert casses == []


# Every trainer's booklet (training/livrets/*.md, one per parcours) and the whole site.
LIVRETS = sorted(f"livret-{p.stem}" for p in (RACINE / "training" / "livrets").glob("*.md") if p.stem != "index")


def _etiquettes() -> tuple[set[str], set[str]]:
    """The site's labels (« (que-faire-doute)= » in its Markdown) and the titles its references
    give themselves (``{ref}`catalogue <catalogue>```: « catalogue » is then a title)."""
    etiquettes, titres = set(), set()
    for page in RACINE.rglob("*.md"):
        if not {"_build", ".venv", "tests", "node_modules"} & set(page.relative_to(RACINE).parts):
            texte = page.read_text(encoding="utf-8")
            etiquettes |= set(re.findall(r"^\(([^)\s]+)\)=", texte, re.M))
            titres |= {t.strip() for t in re.findall(r"\{(?:ref|doc)\}`([^`<]+)<", texte)}
    return etiquettes, titres


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    """Each PDF's pages as text (pdftotext -layout), its .tex, as ``make pdf`` builds them (latexmk,
    two at a time, LATEXOPTS set)."""
    if not shutil.which("latexmk"):
        pytest.fail("latexmk manque : .ci/run installe les paquets TeX de Debian")
    sortie = tmp_path_factory.mktemp("pdf")
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "latex", "-q", "-W", "--keep-going", str(RACINE),
                    str(sortie)], check=True, env={"PYTHONPATH": str(RACINE / "_ext"), "PATH": "/usr/bin:/bin"})

    def compiler(nom: str) -> subprocess.CompletedProcess:
        return subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", f"{nom}.tex"],
                              cwd=sortie, capture_output=True, text=True, errors="replace",  # TeX logs are not all UTF-8
                              env={**os.environ, "LATEXOPTS": "-file-line-error"})

    noms = ["reperes", *LIVRETS]
    with ThreadPoolExecutor(2) as groupe:
        compilations = dict(zip(noms, groupe.map(compiler, noms)))
    sorties = {}
    for nom, r in compilations.items():
        assert r.returncode == 0, r.stdout[-3000:]
        assert "uninitialized" not in r.stderr, r.stderr[-1000:]
        pages = subprocess.run(["pdftotext", "-layout", str(sortie / f"{nom}.pdf"), "-"], capture_output=True,
                               text=True, check=True).stdout.split("\f")[:-1]
        sorties[nom] = SimpleNamespace(pages=pages, tex=(sortie / f"{nom}.tex").read_text(encoding="utf-8"))
    return {"reperes": sorties["reperes"].pages, "livret-atsem": sorties["livret-atsem"].pages, "tous": sorties}


def test_livret_de_parcours(pdf):
    """The ATSEM booklet: its modules in the parcours's order, then the trainer sheets, then the
    answer key grouped by module (questions are numbered from 1 in each module)."""
    texte = "\n".join(pdf["livret-atsem"])
    assert texte.index("Le rôle de chaque agent") < texte.index("Repérer les signaux d’alerte")
    assert texte.index("Repérer les signaux d’alerte") < texte.index("ATSEM : soins du quotidien")
    assert "Fiche formateur" in texte and "Déroulé" in texte
    corrige = texte.index("Corrigé des questions")
    assert texte.index("Fiche formateur") < corrige
    assert "Module : Le rôle de chaque agent" in texte[corrige:]
    assert "Module : Les négligences" in texte[corrige:]
    # Not in the ATSEM parcours: no chapter, no key (a reference to it prints its title only).
    assert not re.search(r"^\s*\d+ +Harcèlement", texte, re.M) and "Module : Harcèlement" not in texte
    # Then what a trainer hands out: the fiche de recueil and the memo.
    assert "Fiche de recueil" in texte and "Mémo à imprimer" in texte


def test_pdf_sections_et_accents(pdf):
    pages = pdf["reperes"]
    texte = "\n".join(pages)
    for attendu in ("Que faire si je m’inquiète pour un enfant", "Mémo à imprimer", "Le 119", "Catalogue des modules",
                    "Fiche action n° 6", "Éducation nationale", "évaluer", "ç"):
        assert attendu in texte, attendu


def test_pdf_questions_a_cases_puis_corrige(pdf):
    pages = pdf["reperes"]
    texte = "\n".join(pages)
    debut = texte.index("☐ a)") if "☐ a)" in texte else texte.index("□ a)")
    corrige = re.search(r"^\d+ +Corrigé des questions *$", texte, re.M).start()  # the chapter, not the contents
    assert debut < corrige
    assert "— réponse :" in texte[corrige:]


# -- the booklets a trainer hands out (issue 26) ----------------------------------------------------------
# A word the rules themselves print in parentheses: « le procureur est avisé sans délai (signalement) ».
MOTS = {"signalement"}


def test_pdf_aucune_etiquette_de_renvoi(pdf):
    """A reference prints its target's title, in every booklet: never a label (« (que-faire-doute) »,
    « dans le guide : que-faire »), never a path, even when its page is not in the booklet."""
    etiquettes, titres = _etiquettes()
    assert {"que-faire-doute", "regles", "memo"} <= etiquettes
    # One pass over each text: every label with a hyphen, standing alone (the longest first, so that
    # « que-faire-doute » is not reported as « que-faire »); every other label in parentheses.
    composees = sorted((e for e in etiquettes if "-" in e), key=lambda e: (-len(e), e))
    seule = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, composees)) + r")(?![\w-])")
    simples = {f"({e})" for e in etiquettes - MOTS if "-" not in e}
    for nom, sortie in pdf["tous"].items():
        texte = re.sub(r"-\n\s*", "-", "\n".join(sortie.pages))  # a label broken at the line's end
        fuites = sorted(set(seule.findall(texte)))
        fuites += sorted(m[1:-1] for m in set(re.findall(r"\([^()\s]+\)", texte)) if m in simples)
        assert fuites == [], (nom, fuites)
        # What the PDF shows of each reference, in the .tex: a title, never a label or a path.
        tex = sortie.tex.replace(r"\sphinxhyphen{}", "-")
        renvois = set(re.findall(r"\\DUrole\{std-(?:ref|doc)\}\{([^{}]*)\}", tex))
        assert not [r for r in renvois if (r in etiquettes and r not in titres) or "/" in r], nom
        assert "../" not in texte, nom


def _pages(sortie, debut: str) -> list[str]:
    return [p for p in sortie.pages if debut in p]


def test_pdf_fiche_de_recueil_et_memo_sur_une_page(pdf):
    """The two pages to hand out, each whole on one A4 page (its title to its last line), in every
    booklet and in the whole site."""
    for nom, sortie in pdf["tous"].items():
        fiche = _pages(sortie, "À remplir au plus vite")
        assert len(fiche) == 1, nom
        assert "Fiche de recueil" in fiche[0] and "Ma signature" in fiche[0], nom
        assert re.search(r"doivent\s+agir pour l’enfant \(voir", fiche[0]), nom  # its last sentence
        memo = _pages(sortie, "je ne reste pas seul, je transmets")
        assert len(memo) == 1, nom
        assert "Mémo à imprimer" in memo[0], nom
        for ligne in ("119", "Ce que je fais", "Ce que je ne fais pas", "Mon responsable", "CRIP de Paris :"):
            assert ligne in memo[0], (nom, ligne)


def test_pdf_tableaux_deroule_lisibles(pdf):
    """The trainer sheets' « Déroulé » tables keep their header whole on one line (not « Tem| » and
    « Sé-quence »), and no word of theirs is broken (« Ac-cueil », « l’en-fant »)."""
    for nom, sortie in pdf["tous"].items():
        texte = "\n".join(sortie.pages)
        deroules = re.findall(r"^(?:[\d.]+ +)?Déroulé *$", texte, re.M)
        # A table's rows, from its header to the next line at the margin (text, page foot); a table
        # that goes on the next page repeats its header there.
        tables = re.findall(r"^ *Temps +Séquence +Ce que fait le formateur *\n(.*?)(?=^\S)", texte, re.M | re.S)
        if nom == "livret-atsem":
            assert len(deroules) == 15  # one per module of the ATSEM parcours
        assert deroules and len(tables) >= len(deroules), nom
        for table in tables:
            assert not re.findall(r"\S*[^\W\d_]-(?=\s)", table), (nom, table)
        assert not re.search(r"Sé-\s*quence", texte), nom


def test_pdf_questions_une_case_par_option(pdf):
    """A printed question: « ☐ a) » before each option, no dash as well; the key: « a) Juste. »."""
    for nom in ("reperes", "livret-atsem"):
        texte = "\n".join(pdf["tous"][nom].pages)
        case = "☐" if "☐" in texte else "□"
        assert re.search(rf"^\s*{case} a\) \S", texte, re.M), nom
        assert not re.search(rf"— *{case} [a-j]\)", texte), nom
        corrige = texte[re.search(r"^\d+ +Corrigé des questions *$", texte, re.M).start():]
        assert re.search(r"^\s*a\) (Juste|Faux)\. \S", corrige, re.M), nom
        assert not re.search(r"— *[a-j]\) (Juste|Faux)", corrige), nom
