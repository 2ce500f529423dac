"""Shared fixtures.

- ``sphinx.testing`` fixtures (``make_app``, ``app``) build the small roots of ``tests/roots``;
- ``site`` builds the real site ONCE per run (HTML, serial) and is shared by every test that
  reads it, across pytest-xdist's workers too;
- ``GROUPES`` and ``pytest_xdist_make_scheduler``: what ``make test`` keeps on one worker.
"""

from __future__ import annotations

import fcntl
import functools
import io
import os
import shutil
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "_ext"))

pytest_plugins = ["sphinx.testing.fixtures"]


# Tests that share an expensive set-up and run in order on one worker under `make test`
# (pytest-xdist): the PDFs (about a minute of LaTeX), the real Moodle (one server, steps that follow
# each other) with the other test that reads the real site's question bank (``banque_du_site``),
# the tests that drive Firefox (one Firefox started, not one per worker; ``pytest_collection_modifyitems``
# checks that none is left out). A file, or one test of a file; every other test is dealt out on its own.
GROUPES = {"tests/test_sorties.py": "pdf", "tests/test_moodle_reel.py": "moodle",
           "tests/test_moodle.py::test_banque_du_vrai_site": "moodle",
           "tests/test_firefox.py": "firefox",
           "tests/test_csp.py::test_le_site_marche_sous_la_politique_dans_firefox": "firefox",
           "tests/test_stockage.py::test_firefox_stockage_desactive": "firefox",
           "tests/test_stockage.py::test_firefox_stockage_qui_lance": "firefox"}


def groupe(nodeid: str) -> str | None:
    for debut, nom in GROUPES.items():
        if nodeid == debut or nodeid.startswith((debut + "::", debut + "[")):
            return nom
    return None


HORS_GROUPE = pytest.StashKey[bool]()


def pytest_collection_modifyitems(config, items):
    """Every test that drives Firefox is in the ``firefox`` group (GROUPES): one left out fails with
    the reason (at set-up, not at collection: a pytest-xdist worker's collection error loses it)."""
    for item in items:
        item.stash[HORS_GROUPE] = "firefox" in getattr(item, "fixturenames", ()) and groupe(item.nodeid) != "firefox"


def pytest_runtest_setup(item):
    if item.stash.get(HORS_GROUPE, False):
        pytest.fail(f"tests/conftest.py, GROUPES : {item.nodeid} pilote Firefox hors du groupe « firefox » : "
                    "l'ajouter à GROUPES", pytrace=False)


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup`` with the groups above. xdist's own ``xdist_group`` mark is ignored
    under pytest 9.2 (pytest-xdist issue 1386: the group suffix it writes into the node id no
    longer takes), so the groups are named here. xdist deals the largest groups first
    (``--loadscope-reorder``, its default)."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class ParGroupe(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return groupe(nodeid) or super()._split_scope(nodeid)

    return ParGroupe(config, log)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).parent / "roots"


class SiteConstruit:
    def __init__(self, sortie: Path, avertissements: str, app):
        self.sortie = sortie
        self.avertissements = avertissements
        self.app = app

    @property
    def env(self):
        return self.app.env

    def pages(self) -> list[Path]:
        return sorted(self.sortie.rglob("*.html"))

    def soupe(self, chemin: str):
        """The built page, parsed once for the session (``soupe_de``): read it, never modify it."""
        return soupe_de(self.sortie / chemin)


@functools.lru_cache(maxsize=1024)
def _soupe_lue(chemin: str, date: int, taille: int):
    from bs4 import BeautifulSoup

    return BeautifulSoup(Path(chemin).read_text(encoding="utf-8"), "lxml")


def soupe_de(chemin: Path):
    """A built page parsed with lxml once for every test that reads it (the key holds the file's
    modification time and size, so a page written again is parsed again). Shared: never modify the
    tree returned (``decompose``, ``extract``…); parse a copy for that."""
    etat = Path(chemin).stat()
    return _soupe_lue(str(chemin), etat.st_mtime_ns, etat.st_size)


def construire(srcdir: Path, builddir: Path, builder: str = "html", parallel: int = 0, freshenv: bool = True,
               **kwargs):
    """Build ``srcdir`` into ``builddir/<builder>``; returns (app, warnings as text).

    SphinxTestApp resets docutils' global registries afterwards, so that several builds
    in one test process do not see each other's nodes and directives."""
    from sphinx.testing.util import SphinxTestApp

    avertissements = io.StringIO()
    app = SphinxTestApp(builder, srcdir=Path(srcdir), builddir=Path(builddir), freshenv=freshenv,
                        status=io.StringIO(), warning=avertissements, parallel=parallel, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app, avertissements.getvalue()


def dossier_du_run(tmp_path_factory) -> Path:
    """The folder every process of this run shares (pytest-xdist gives each worker <run>/popen-gwN)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def une_seule_fois(verrou: Path, fait: Path, faire):
    """``faire()`` → (app, warnings), run by the first process of the run that asks, under the lock
    ``verrou`` (released when its file closes, even if the build fails); its warnings are kept in
    ``fait``. Returns (warnings, the app, or None when another process built it)."""
    with open(verrou, "w") as fichier:
        fcntl.flock(fichier, fcntl.LOCK_EX)
        if not fait.exists():
            app, avertissements = faire()
            fait.write_text(avertissements, encoding="utf-8")
            return avertissements, app
    return fait.read_text(encoding="utf-8"), None


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> SiteConstruit:
    """The real site, built once (serial, fresh) for the whole run, for every test that only reads
    it: the first process that needs it builds it in the run's common folder; the others (other
    pytest-xdist workers) wait for it and open its environment: no second build."""
    commun = dossier_du_run(tmp_path_factory)
    dest = commun / "site"
    avertissements, app = une_seule_fois(commun / "site.verrou", commun / "site.avertissements",
                                         lambda: construire(RACINE, dest))
    return SiteConstruit(dest / "html", avertissements, app or ouvrir(RACINE, dest))


def ouvrir(srcdir: Path, builddir: Path, builder: str = "html"):
    """The app of a build already made in ``builddir``: its environment loaded, nothing built."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(builder, srcdir=Path(srcdir), builddir=Path(builddir), freshenv=False,
                        status=io.StringIO(), warning=io.StringIO())
    app.cleanup()
    return app


@pytest.fixture(scope="session")
def banque_du_site(tmp_path_factory):
    """The real site's Moodle question bank (``make moodle``), built once for the tests that read
    it (``GROUPES`` keeps them on one worker): (builder's app, questions.xml, warnings)."""
    dest = tmp_path_factory.mktemp("banque-du-site")
    app, avertissements = construire(RACINE, dest, "moodle")
    return app, dest / "moodle" / "questions.xml", avertissements


@pytest.fixture(scope="session")
def racine_construite(tmp_path_factory, rootdir):
    """``racine_construite(nom, builder="html")``: the small root ``tests/roots/<nom>``, copied and
    built once per run for the tests that only read it (a module's fixture, the same root in another
    file, another pytest-xdist worker): (output folder, the build's warnings). One copy per root,
    its builders one after the other under the root's lock (they share its doctrees)."""
    commun = dossier_du_run(tmp_path_factory) / "racines"
    commun.mkdir(exist_ok=True)

    def construite(nom: str, builder: str = "html") -> tuple[Path, str]:
        src = commun / nom

        def faire():
            if not src.exists():
                shutil.copytree(rootdir / nom, src)
            return construire(src, src / "_build", builder)

        avertissements, _ = une_seule_fois(commun / f"{nom}.verrou", commun / f"{nom}.{builder}.avertissements", faire)
        return src / "_build" / builder, avertissements

    return construite


def copier_racine(rootdir: Path, nom: str, dest: Path) -> Path:
    cible = dest / nom
    shutil.copytree(rootdir / nom, cible)
    return cible


def racine_avec_livret(rootdir: Path, dest: Path) -> Path:
    """test-base with a trainer's booklet for its parcours: both modules, then their sheets."""
    src = copier_racine(rootdir, "test-base", dest)
    (src / "training" / "formateurs").mkdir()
    for m in ("reperer-violences-physiques", "circuit"):
        (src / "training" / "formateurs" / f"{m}.md").write_text(f"# Séance {m}\n\nDéroulé.\n", encoding="utf-8")
    (src / "training" / "livret.md").write_text(
        "# Livret\n\n```{livret}\n:parcours: parcours-animation\n```\n\n```{toctree}\n"
        "modules/reperer-violences-physiques\nmodules/circuit\nformateurs/reperer-violences-physiques\n"
        "formateurs/circuit\n```\n", encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("```{toctree}\n", "```{toctree}\n:glob:\n")
                     .replace("fiches/fiche-06\n", "fiches/fiche-06\ntraining/livret\ntraining/formateurs/*\n"),
                     encoding="utf-8")
    return src


@pytest.fixture(scope="session")
def navigateur():
    """Debian's Chromium driven by Playwright (never Playwright's own browser download).
    Missing chromium: skipped on a developer's machine, an error in CI."""
    from navigation import CHROMIUM, lancer_chromium

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("chromium manque : .ci/run doit l'installer (apt-get install chromium)")
        pytest.skip("chromium absent de cette machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = lancer_chromium(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def firefox(request):
    """Debian's Firefox ESR driven by marionette-driver (tests/firefox.py): one headless
    instance, fresh temporary profile, for the whole session; killed by the finalizer.
    Missing firefox-esr: skipped on a developer's machine, an error in CI."""
    from firefox import FIREFOX, Firefox

    if not Path(FIREFOX).exists():
        if os.environ.get("CI"):
            raise RuntimeError("firefox-esr manque : .ci/run doit l'installer (apt-get install firefox-esr)")
        pytest.skip("firefox-esr absent de cette machine (apt-get install firefox-esr)")
    ff = Firefox(FIREFOX)
    request.addfinalizer(ff.fermer)
    return ff
