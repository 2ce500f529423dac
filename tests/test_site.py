"""The real site: built once per session, warning-free, offline, French."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from bs4 import BeautifulSoup


def test_construction_sans_avertissement(site):
    assert site.avertissements == ""


def test_les_pages_passent_par_le_traducteur_du_theme(site):
    """pydata-sphinx-theme's HTML translator writes every page: the tables of the pages in a box that
    scrolls on its own, a table of contents' caption given its heading level. The theme gives it only
    when no other translator is registered for the build (reperes.impression registers its LaTeX one
    for LaTeX builds only): without it, axe-core finds a heading without a level on the home page."""
    assert site.soupe("index.html").select_one("p.caption[role=heading]")["aria-level"] == "2"
    tableaux = [t for p in site.pages() if p.name != "genindex.html"
                for t in site.soupe(str(p.relative_to(site.sortie))).select("article table")]
    assert len(tableaux) > 50
    assert all("pst-scrollable-table-container" in t.parent.get("class", []) for t in tableaux)


def test_langue_francaise(site):
    soupe = site.soupe("index.html")
    assert soupe.html["lang"] == "fr"
    # The French stemmer is the one shipped with the search index.
    assert (site.sortie / "_static" / "language_data.js").read_text().count("FrenchStemmer") >= 1


# Attributes through which a browser loads something by itself (not a link the user clicks).
CHARGES = {"script": "src", "img": "src", "iframe": "src", "source": "src", "audio": "src", "video": "src",
           "embed": "src", "object": "data", "link": "href"}


def test_aucune_ressource_externe(site):
    """Offline by construction: no page loads anything from outside the site."""
    fautes = []
    for page in site.pages():
        soupe = site.soupe(str(page.relative_to(site.sortie)))
        for balise, attribut in CHARGES.items():
            for el in soupe.find_all(balise):
                valeur = el.get(attribut)
                if not valeur:
                    continue
                if balise == "link" and not set(el.get("rel", [])) & {"stylesheet", "icon", "preload", "modulepreload",
                                                                       "prefetch", "manifest"}:
                    continue
                if urlparse(valeur).scheme in ("http", "https") or valeur.startswith("//"):
                    fautes.append(f"{page.name}: <{balise} {attribut}={valeur}>")
        for el in soupe.find_all(style=True):
            if "url(http" in el["style"] or "url(//" in el["style"]:
                fautes.append(f"{page.name}: style {el['style']}")
    assert not fautes, fautes


def test_css_et_js_sans_url_externe(site):
    """Styles and scripts shipped with the site fetch nothing from outside either."""
    motif = re.compile(r"""(?:url\(\s*['"]?|import\s+['"]|fetch\(\s*['"])(https?:)?//""")
    fautes = [str(f.relative_to(site.sortie)) for f in (site.sortie / "_static").rglob("*")
              if f.suffix in (".css", ".js") and motif.search(f.read_text(encoding="utf-8", errors="replace"))]
    assert not fautes, fautes


def test_liens_externes_marques_et_listes(tmp_path, rootdir):
    """A link to a public site is allowed, never loaded: it is marked external, and the link
    checker lists it (offline) without calling it."""
    from conftest import construire, copier_racine
    from reperes.liens import analyser

    src = copier_racine(rootdir, "test-base", tmp_path)
    page = src / "training" / "catalogue.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nVoir [Légifrance](https://www.legifrance.gouv.fr/).\n",
                    encoding="utf-8")
    _, avertissements = construire(src, src / "_build")
    assert avertissements == ""
    sortie = src / "_build" / "html"
    liens = [a for p in sortie.rglob("*.html") if "_static" not in p.parts
             for a in BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select("div.body a[href^=http]")]
    assert [a["href"] for a in liens] == ["https://www.legifrance.gouv.fr/"]
    assert all("external" in a.get("class", []) for a in liens)
    casses, externes = analyser(sortie)
    assert casses == [] and "https://www.legifrance.gouv.fr/" in externes


def test_liens_externes_du_site_marques(site):
    for page in site.pages():
        soupe = site.soupe(str(page.relative_to(site.sortie)))
        for a in soupe.select("article a[href^=http]"):
            assert "external" in a.get("class", []), f"{page.name}: {a}"


def test_accueil_trois_entrees_et_119(site):
    soupe = site.soupe("index.html")
    texte = soupe.select_one("article").get_text(" ")
    for entree in ("Je me forme", "Je cherche une information", "Je pilote / je forme"):
        assert entree in texte
    assert "119" in soupe.select_one(".reperes-119").get_text()


def test_date_francaise(site):
    texte = site.soupe("index.html").get_text(" ")
    mois = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    assert re.search(rf"Mis à jour le \d{{1,2}} ({mois}) \d{{4}}", texte), "date de mise à jour absente"


def test_la_police_d_icones_coupee_garde_chaque_icone_utilisee(site):
    """Firefox drew a missing-glyph box before every admonition title: the cut font kept the
    `.fa-…` icons only, not the theme's `--pst-icon-*` ones (U+F0F3, the bell). Every icon code
    point the lightened style sheets use, and that the original font has, is in the cut font."""
    from fontTools.ttLib import TTFont

    from reperes.allegement import points_icones

    statique = site.sortie / "_static"
    css = "".join(p.read_text(encoding="utf-8") for p in statique.rglob("*.allege.css"))
    points = points_icones(css)
    assert {0xF0F3, 0xF05A, 0xF071} <= points  # bell, info, warning: the admonitions' icons
    coupees = sorted((statique / "vendor" / "fontawesome" / "webfonts").glob("*.allege.woff2"))
    assert coupees
    for coupee in coupees:
        origine = set(TTFont(coupee.with_name(coupee.name.replace(".allege", ""))).getBestCmap())
        garde = set(TTFont(coupee).getBestCmap())
        manquants = (points & origine) - garde
        assert not manquants, (coupee.name, sorted(hex(p) for p in manquants))


def test_chaque_page_a_son_icone(site):
    """A favicon of the site's own on every page, so that no browser asks for /favicon.ico (a 404)."""
    for page in site.pages():
        if "_static" in page.parts:  # the theme's template fragments, not pages
            continue
        icone = site.soupe(str(page.relative_to(site.sortie))).find("link", rel="icon")
        assert icone is not None, page
        assert (page.parent / icone["href"]).resolve().is_file(), page
