"""Parallel and incremental builds give exactly what a fresh serial build gives."""

from __future__ import annotations

from pathlib import Path

from conftest import RACINE, construire, copier_racine, racine_avec_livret


def pages_html(sortie: Path) -> dict[str, str]:
    return {str(p.relative_to(sortie)): p.read_text(encoding="utf-8") for p in sorted(sortie.rglob("*.html"))}


def test_parallele_egale_serie(site, tmp_path):
    """The real site built with -j 2 gives the same HTML as the session's serial build."""
    _, avertissements = construire(RACINE, tmp_path, parallel=2)
    assert avertissements == ""
    serie, parallele = pages_html(site.sortie), pages_html(tmp_path / "html")
    assert serie.keys() == parallele.keys()
    differentes = [p for p in serie if serie[p] != parallele[p]]
    assert not differentes, differentes[:5]


def modifier(src: Path) -> None:
    """Edit a module's metadata and title, rename a quiz id, delete a module, add a trainer's
    sheet, edit the populations file."""
    module = src / "training" / "modules" / "reperer-violences-physiques.md"
    texte = module.read_text(encoding="utf-8")
    texte = texte.replace(":duree: 15", ":duree: 20").replace(":publics: animation, atsem", ":publics: animation")
    texte = texte.replace(":id: physique-cas-02", ":id: physique-cas-02-bis").replace(
        "{quiz}`physique-cas-02`", "{quiz}`physique-cas-02-bis`")
    texte = texte.replace("# Repérer les violences physiques", "# Repérer les marques et les blessures")
    module.write_text(texte, encoding="utf-8")
    (src / "training" / "modules" / "circuit.md").unlink()
    parcours = src / "training" / "parcours" / "animation.md"
    parcours.write_text(parcours.read_text(encoding="utf-8").replace("- circuit\n", ""), encoding="utf-8")
    formateurs = src / "training" / "formateurs"
    formateurs.mkdir(exist_ok=True)
    (formateurs / "reperer-violences-physiques.md").write_text(
        "# Fiche formateur\n\nLa séance.\n\n```{objectifs}\n:module: reperer-violences-physiques\n```\n",
        encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("fiches/fiche-06\n", "fiches/fiche-06\ntraining/formateurs/*\n")
                     .replace("```{toctree}\n", "```{toctree}\n:glob:\n", 1), encoding="utf-8")
    populations = src / "data" / "populations.csv"
    populations.write_text(populations.read_text(encoding="utf-8").replace("Animateurs périscolaires",
                                                                           "Animateurs et animatrices périscolaires"),
                           encoding="utf-8")


def test_incremental_egale_neuf(tmp_path, rootdir):
    src = copier_racine(rootdir, "test-base", tmp_path / "inc")
    construire(src, src / "_build")
    modifier(src)
    _, avertissements = construire(src, src / "_build", freshenv=False)
    assert avertissements == ""

    neuf = copier_racine(rootdir, "test-base", tmp_path / "neuf")
    modifier(neuf)
    construire(neuf, neuf / "_build")

    attendu = pages_html(neuf / "_build" / "html")
    obtenu = pages_html(src / "_build" / "html")
    differentes = [p for p in attendu if obtenu.get(p) != attendu[p]]
    assert not differentes, differentes
    # The aggregates did see each change.
    assert "20 min" in attendu["training/catalogue.html"]
    assert "physique-cas-02-bis" in attendu["training/ma-progression.html"]
    assert "circuit" not in attendu["training/parcours/animation.html"].split("reperes-parcours")[1]
    assert "Repérer les marques et les blessures" in attendu["training/parcours/animation.html"]
    # The audience is on the module's card (the catalogue lists no populations: issue 25).
    assert "Animateurs et animatrices périscolaires" in attendu["training/modules/reperer-violences-physiques.html"]
    assert "formateurs/reperer-violences-physiques.html" in attendu["training/modules/reperer-violences-physiques.html"]
    assert "question 2 (physique-cas-02-bis)" in attendu["training/formateurs/reperer-violences-physiques.html"]


def test_un_avertissement_reste_tant_qu_il_n_est_pas_corrige(tmp_path, rootdir):
    """A read-time warning of a page that the next incremental build does not re-read is said
    again: the error stays visible until it is fixed."""
    src = copier_racine(rootdir, "test-base", tmp_path)
    module = src / "training" / "modules" / "circuit.md"
    module.write_text(module.read_text(encoding="utf-8").replace(":duree: 10", ":duree: dix"), encoding="utf-8")
    _, premier = construire(src, src / "_build")
    assert "circuit.md:3: WARNING: module « circuit » : « :duree: dix » invalide" in premier
    catalogue = src / "training" / "catalogue.md"
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + "\nUne phrase.\n", encoding="utf-8")
    _, second = construire(src, src / "_build", freshenv=False)
    assert "circuit.md:3: WARNING: module « circuit » : « :duree: dix » invalide" in second


def test_une_retouche_de_retour_ne_reecrit_que_son_module(tmp_path, rootdir):
    """Editing one option's feedback changes no aggregate: only that module is re-written."""
    src = copier_racine(rootdir, "test-base", tmp_path)
    construire(src, src / "_build")
    module = src / "training" / "modules" / "reperer-violences-physiques.md"
    module.write_text(module.read_text(encoding="utf-8").replace("Oui : noter les faits", "Oui : noter les faits observés"),
                      encoding="utf-8")
    app, _ = construire(src, src / "_build", freshenv=False)
    sortie = src / "_build" / "html"
    recents = {str(p.relative_to(sortie)) for p in sortie.rglob("*.html")
               if p.stat().st_mtime >= module.stat().st_mtime}
    # Sphinx itself always rewrites its index and search pages, and the page whose toctree
    # lists the module (the catalogue); no other aggregate (parcours, progression, fiche).
    assert recents == {"training/modules/reperer-violences-physiques.html", "training/catalogue.html",
                       "genindex.html", "search.html"}


def test_site_reel_incremental_egale_neuf(site, tmp_path):
    """The real site: an incremental build writes exactly what a fresh build writes (every page,
    and the lightened style sheets drawn from all of them). A copy of the site is built fresh with
    a module retitled, a trainer's sheet added and the populations file edited; the three edits
    are then undone (the sheet deleted) and the copy built again, incrementally: it must give the
    session's fresh build of the site, byte for byte."""
    import shutil

    inc = tmp_path / "inc"
    shutil.copytree(RACINE, inc, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "tests", "node_modules",
                                                               "__pycache__"))
    module = inc / "training" / "modules" / "negligences.md"
    populations = inc / "data" / "populations.csv"
    fiche = inc / "training" / "formateurs" / "zz-essai.md"
    originaux = {f: f.read_text(encoding="utf-8") for f in (module, populations)}
    module.write_text(originaux[module].replace("# Les négligences", "# Les négligences, revues", 1), encoding="utf-8")
    populations.write_text(originaux[populations].replace("Agents de bibliothèque", "Agents des bibliothèques"),
                           encoding="utf-8")
    fiche.write_text("# Fiche d'essai\n\nUne séance.\n", encoding="utf-8")
    _, avertissements = construire(inc, inc / "_build")
    assert avertissements == ""
    edite = pages_html(inc / "_build" / "html")
    assert "Les négligences, revues" in edite["training/parcours/atsem.html"]
    assert "Agents des bibliothèques" in edite["training/modules/circuit-alerte.html"]
    assert "training/formateurs/zz-essai.html" in edite

    for f, texte in originaux.items():
        f.write_text(texte, encoding="utf-8")
    fiche.unlink()
    _, avertissements = construire(inc, inc / "_build", freshenv=False)
    assert avertissements == ""
    attendu, obtenu = pages_html(site.sortie), pages_html(inc / "_build" / "html")
    # The deleted sheet's page stays on disk, as Sphinx leaves it (nothing links to it any more).
    assert obtenu.keys() - attendu.keys() == {"training/formateurs/zz-essai.html"}
    assert attendu.keys() <= obtenu.keys()
    assert [p for p in attendu if attendu[p] != obtenu[p]] == []
    feuille = "_static/styles/pydata-sphinx-theme.allege.css"
    assert (site.sortie / feuille).read_text() == (inc / "_build" / "html" / feuille).read_text()


def test_l_environnement_ne_depend_pas_du_constructeur(tmp_path, rootdir):
    """A booklet's toctree is taken out of the site's navigation when pages are written, not
    when they are read: the stored environment (toctrees, tables of contents) is the same after
    an HTML and a LaTeX build, and on the site a module's « next » never leads into a booklet."""
    import pickle
    import re

    src = racine_avec_livret(rootdir, tmp_path)
    environnements = {}
    for builder in ("html", "latex"):
        _, avertissements = construire(src, tmp_path / builder, builder)
        assert avertissements == "", avertissements
        with open(tmp_path / builder / "doctrees" / "environment.pickle", "rb") as f:
            env = pickle.load(f)
        environnements[builder] = (sorted(env.toctree_includes.items()),
                                   {d: t.pformat() for d, t in sorted(env.tocs.items())})
    assert environnements["html"] == environnements["latex"]
    assert "training/modules/circuit" in dict(environnements["html"][0])["training/livret"]
    page = (tmp_path / "html" / "html" / "training" / "modules" / "circuit.html").read_text(encoding="utf-8")
    assert "formateurs/" not in "".join(re.findall(r'rel="(?:next|prev)"[^>]*>', page))
