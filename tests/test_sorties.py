"""Outputs other than HTML, on the real site: link check (offline) and the PDF booklet."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import RACINE
from reperes.liens import analyser


def test_liens_internes_et_ancres(site):
    casses, externes = analyser(site.sortie)
    assert casses == []


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    if not shutil.which("latexmk"):
        pytest.fail("latexmk manque : .ci/run installe les paquets TeX de Debian")
    sortie = tmp_path_factory.mktemp("pdf")
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "latex", "-q", "-W", "--keep-going", str(RACINE),
                    str(sortie)], check=True, env={"PYTHONPATH": str(RACINE / "_ext"), "PATH": "/usr/bin:/bin"})
    textes = {}
    for nom in ("reperes", "livret-atsem"):
        r = subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", f"{nom}.tex"],
                           cwd=sortie, capture_output=True, text=True, errors="replace")  # TeX logs are not all UTF-8
        assert r.returncode == 0, r.stdout[-3000:]
        textes[nom] = subprocess.run(["pdftotext", "-layout", str(sortie / f"{nom}.pdf"), "-"], capture_output=True,
                                     text=True, check=True).stdout.split("\f")
    return textes


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
    assert "Harcèlement" not in texte  # not in the ATSEM parcours
    # Then what a trainer hands out: the fiche de recueil and the memo.
    assert "Fiche de recueil" in texte and "Mémo à imprimer" in texte


def test_pdf_sections_et_accents(pdf):
    pages = pdf["reperes"]
    texte = "\n".join(pages)
    for attendu in ("Que faire si je m’inquiète pour un enfant", "Mémo à imprimer", "Le 119", "Catalogue des modules",
                    "Fiche action n° 6", "Éducation nationale", "évaluer", "ç"):
        assert attendu in texte, attendu


def test_pdf_memo_sur_une_page(pdf):
    pages = pdf["reperes"]
    memo = [i for i, p in enumerate(pages) if "Mémo à imprimer" in p and "Ce que je fais" in p]
    assert memo, "page du mémo introuvable"
    page = pages[memo[0]]
    # The whole memo (numbers, what to do, what not to do) is on that one page.
    assert "119" in page and "Ce que je ne fais pas" in page and "Mon responsable" in page


def test_pdf_questions_a_cases_puis_corrige(pdf):
    pages = pdf["reperes"]
    texte = "\n".join(pages)
    debut = texte.index("☐") if "☐" in texte else texte.index("□")
    corrige = texte.index("Corrigé des questions")
    assert debut < corrige
    assert "— réponse :" in texte[corrige:]
