"""A real Moodle 4.5 (issue 24): the SCORM packages and the question bank as a trainer and an
agent use them, in Debian's Chromium.

``tests/moodle/installer.sh`` unpacks ``../shared/moodle/moodle-4.5.5.tar.xz`` (beside the
clone; from a git worktree, beside the main clone), starts PostgreSQL 15 and an Apache of its
own on 127.0.0.1:8080 with PHP, and installs Moodle by its CLI (about 2 minutes; reused when
already there). ``tests/moodle/moodle.php`` makes the course and the accounts and reads back
what Moodle recorded; everything else goes through Moodle's web pages:

1. the trainer uploads a module package twice (two activities) and a parcours package, with the
   README's settings (read back from Moodle);
2. the agent fails then passes the module: status, score, gradebook grade and completion;
3. a pass left half-way resumes in a fresh browser (another computer) from Moodle alone;
4. the same zip in two activities: the second knows nothing of the first;
5. a browser that crashes mid-pass (nothing sent after the crash): what was answered is in
   Moodle and comes back; one module of two passed does not complete the parcours;
6. the question bank imported through the import page: categories and questions counted; a
   multiple-answer question ticked all scores 0 in Moodle's own question engine.

Skipped without the tarball, root, or Debian's apache2/php/postgresql; an error under CI=true.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import warnings
import zipfile
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from lxml import etree

from conftest import RACINE
from navigation import commencer_validation, justes, ouvrir_sections_a_relire, repondre, terminer_validation, tirees

# One Moodle, one sequence of steps: under pytest-xdist, this file runs on one worker, in order
# (conftest.GROUPES).
pytestmark = pytest.mark.navigateur
ICI = Path(__file__).parent / "moodle"
URL = "http://127.0.0.1:8080"
DOSSIER = Path(os.environ.get("REPERES_MOODLE", "/var/tmp/reperes-moodle"))
MODULE = "training/modules/accueil.html"
MDP = "Essai-1234"


def _archive() -> Path | None:
    candidats = [RACINE.parent / "shared" / "moodle" / "moodle-4.5.5.tar.xz"]
    try:
        commun = subprocess.run(["git", "-C", str(RACINE), "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                capture_output=True, text=True, check=True).stdout.strip()
        candidats.append(Path(commun).parent.parent / "shared" / "moodle" / "moodle-4.5.5.tar.xz")
    except (OSError, subprocess.CalledProcessError):
        pass
    return next((c for c in candidats if c.exists()), None)


def _manque() -> str | None:
    if _archive() is None:
        return "archive de Moodle absente (../shared/moodle/moodle-4.5.5.tar.xz)"
    if os.geteuid() != 0:
        return "il faut être root (PostgreSQL, Apache, runuser)"
    for outil in ("apache2", "php", "pg_ctlcluster", "runuser"):
        if not (shutil.which(outil) or Path(f"/usr/sbin/{outil}").exists()):
            return f"paquet Debian absent : {outil}"
    if not Path("/usr/lib/apache2/modules/libphp8.2.so").exists():
        return "libapache2-mod-php absent"
    return None


@pytest.fixture(scope="module")
def moodle(tmp_path_factory):
    manque = _manque()
    if manque:
        if os.environ.get("CI"):
            raise RuntimeError(f"Moodle réel : {manque} (.ci/run installe les paquets)")
        pytest.skip(manque)
    debut = time.monotonic()
    sortie = subprocess.run([str(ICI / "installer.sh")], capture_output=True, text=True,
                            env={**os.environ, "REPERES_MOODLE_ARCHIVE": str(_archive())})
    assert sortie.returncode == 0, sortie.stdout[-3000:] + sortie.stderr[-3000:]
    suffixe = time.strftime("%H%M%S")
    donnees = json.loads(_php("preparer", suffixe))
    print(f"Moodle prêt en {time.monotonic() - debut:.0f} s")
    return donnees | {"activites": {}}


def _php(*args: str) -> str:
    r = subprocess.run(["runuser", "-u", "www-data", "--", "php", "-d", "display_errors=stderr",
                        str(ICI / "moodle.php"), str(DOSSIER / "moodle"), *args],
                       capture_output=True, text=True, cwd="/tmp")
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def _engage(page, verifier, delai=30000):
    """``with``: until Moodle has answered a commit of the SCO (its SCORM 1.2 API posts the changed
    elements to datamodel.php, « cmi__core__lesson_status=… ») whose values pass ``verifier``."""
    def reponse(r) -> bool:
        if "/mod/scorm/datamodel.php" not in r.url or not r.ok:
            return False
        valeurs = {k.replace("__", "."): v[-1] for k, v in parse_qs(r.request.post_data or "").items()}
        try:
            return bool(verifier(valeurs))
        except (KeyError, TypeError, ValueError):
            return False
    return page.expect_response(reponse, timeout=delai)


def _suivi(cmid: int, qui: str) -> dict:
    return json.loads(_php("suivi", str(cmid), qui))


@pytest.fixture(scope="module")
def paquets(racine_construite, tmp_path_factory):
    sortie, avertissements = racine_construite("test-lms", "scorm")
    assert avertissements == ""
    accueil = tmp_path_factory.mktemp("moodle-reel") / "accueil"
    with zipfile.ZipFile(sortie / "module-accueil.zip") as z:
        z.extractall(accueil)
    return sortie, justes(accueil, MODULE)


class Navigateur:
    """One browser context (a computer): Moodle's pages as one user."""

    def __init__(self, navigateur, qui: str):
        self.contexte = navigateur.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        self.contexte.set_default_timeout(60000)
        self.page = self.contexte.new_page()
        self.erreurs: list[str] = []
        self.page.on("pageerror", lambda e: self.erreurs.append(str(e)))
        self.page.on("dialog", lambda d: d.accept())
        for essai in range(3):  # Moodle refuses a login sent too fast after the page (login token)
            self.page.goto(f"{URL}/login/index.php")
            self.page.wait_for_load_state("networkidle")
            self.page.fill("#username", qui)
            self.page.fill("#password", MDP)
            self.page.click("#loginbtn")
            self.page.wait_for_load_state("load")
            if "/login/" not in self.page.url:
                break
            time.sleep(1 + essai)
        assert "/login/" not in self.page.url, f"connexion refusée : {qui}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.contexte.close()

    def ouvrir_sco(self, cmid: int, titre: str | None = None):
        """The activity's page, « Enter », then the SCO's frame (the module page)."""
        self.page.goto(f"{URL}/mod/scorm/view.php?id={cmid}")
        self.page.locator("form[action*='player.php'] [type=submit]").first.click()
        self.page.wait_for_url(re.compile(r"/mod/scorm/player\.php"))
        if titre:
            self.page.locator("#scorm_toc a, .scorm_toc a, #scorm_tree a", has_text=titre).first.click()
        cadre = self.page.wait_for_selector("#scorm_object").content_frame()
        cadre.wait_for_selector(".reperes-validation-outils:not([hidden])")
        return cadre

    def quitter(self):
        """Back to the course page: the SCO's frame goes (pagehide), as when the agent leaves."""
        self.page.goto(f"{URL}/my/")
        self.page.wait_for_load_state("load")


def _televerser(p, champ: str, fichier: Path) -> None:
    """Moodle's file picker: « Add… » (« Choose a file… » for a single file), « Upload a file »,
    the file, « Upload this file » (once more if Moodle does not answer the upload, or the file
    does not show, as a trainer would; a warning in pytest's summary says so, with the time lost)."""
    from playwright.sync_api import TimeoutError as Delai

    envoi = lambda r: "repository_ajax.php" in r.url and "action=upload" in r.url  # noqa: E731
    for essai in range(2):
        _fermer_dialogues(p)
        debut = time.monotonic()
        p.click(f"{champ} .fp-btn-add, {champ} input[type=button]")
        p.locator(".filepicker:visible .fp-repo-name", has_text="Upload a file").click()
        try:
            # Opening the picker and choosing the repository each ask Moodle for the upload form
            # (repository_ajax.php, action=list); each answer redraws it and binds its button
            # (filepicker.js, create_upload_form). A file set in a form about to be redrawn is
            # lost and the click sends nothing: set it again until the click sends the upload.
            # Each try is bounded (about 13 s): a picker that will not take the file is closed and
            # opened again below.
            for _ in range(3):
                try:
                    p.locator(".filepicker:visible input[type=file]").set_input_files(str(fichier), timeout=5000)
                    with p.expect_request(envoi, timeout=3000):
                        p.locator(".filepicker:visible .fp-upload-btn").click(timeout=5000)
                    break
                except Delai:
                    continue
            else:
                raise AssertionError("le bouton « Upload this file » n'envoie rien")
            # Moodle's answer to the upload, then the file shown in the form (a few seconds here).
            p.wait_for_selector(f"{champ} .fp-filename:has-text('{fichier.name}'), "
                                f"{champ} .filepicker-filename:has-text('{fichier.name}')", timeout=60000)
            return
        except Exception as e:  # noqa: BLE001 - tried again below, then the error says what is missing
            dialogues = p.locator(".moodle-dialogue-base:visible").all_inner_texts()
            if essai:
                raise AssertionError(f"{fichier.name} non téléversé : {dialogues}") from e
            warnings.warn(f"{fichier.name} : téléversement refait après {time.monotonic() - debut:.0f} s "
                          f"({type(e).__name__} ; dialogues : {dialogues})", stacklevel=2)
            for bouton in p.locator(".moodle-dialogue-base:visible .closebutton, .moodle-dialogue-base:visible "
                                    "button:has-text('OK')").all():
                bouton.click()


def _fermer_dialogues(p) -> None:
    """A file picker left open by a slow upload keeps its lightbox over the form: close every
    Moodle dialogue (its close button, then Escape) and wait for the lightbox to go."""
    for _ in range(3):
        if not p.locator(".moodle-dialogue-lightbox:visible").count():
            return
        for bouton in p.locator(".moodle-dialogue-base:visible .closebutton").all():
            try:
                bouton.click(timeout=5000)
            except Exception:  # noqa: BLE001 - another dialogue may cover it: Escape below
                pass
        p.keyboard.press("Escape")
        try:
            p.wait_for_selector(".moodle-dialogue-lightbox:visible", state="detached", timeout=10000)
        except Exception:  # noqa: BLE001 - tried again
            pass


def _deposer(nav: Navigateur, cours: int, zip_: Path, nom: str, reglages: dict) -> int:
    p = nav.page
    p.goto(f"{URL}/course/modedit.php?add=scorm&course={cours}&section=1&return=0")
    p.wait_for_load_state("networkidle")
    p.fill("#id_name", nom)
    _televerser(p, "#fitem_id_packagefile", zip_)
    # The settings, as the README gives them (collapsed sections: set in the form itself).
    p.evaluate("""(r) => {
      for (const [nom, v] of Object.entries(r)) {
        const els = [...document.querySelectorAll(`form.mform [name="${nom}"]`)].filter(e => e.type !== "hidden");
        if (!els.length) throw new Error("réglage introuvable : " + nom);
        for (const e of els) {
          e.disabled = false;
          if (e.type === "radio") e.checked = e.value === String(v);
          else if (e.type === "checkbox") e.checked = !!v;
          else e.value = String(v);
          e.dispatchEvent(new Event("change", {bubbles: true}));
        }
      }}""", reglages)
    p.click("#id_submitbutton")  # Save and display
    p.wait_for_url(re.compile(r"/mod/scorm/view\.php\?id=\d+"))
    return int(re.search(r"id=(\d+)", p.url).group(1))


# The README's settings (« Paquets SCORM pour Moodle »).
MODULE_REGLAGES = {"popup": 0, "hidebrowse": 1, "grademethod": 1, "maxgrade": 100, "whatgrade": 0,
                   "forcenewattempt": 0, "completion": 2, "completionstatusrequired[2]": 1,
                   "completionstatusrequired[4]": 0}
PARCOURS_REGLAGES = MODULE_REGLAGES | {"grademethod": 0, "completionstatusallscos": 1}


def test_1_le_formateur_depose_les_paquets(moodle, paquets, navigateur):
    sortie, _ = paquets
    with Navigateur(navigateur, moodle["utilisateurs"]["formateur"]) as nav:
        for nom, zip_, reglages in (("Accueil A", "module-accueil.zip", MODULE_REGLAGES),
                                    ("Accueil B", "module-accueil.zip", MODULE_REGLAGES),
                                    ("Parcours animation", "parcours-animation.zip", PARCOURS_REGLAGES)):
            moodle["activites"][nom] = _deposer(nav, moodle["cours"], sortie / zip_, nom, reglages)
        assert nav.erreurs == []
    agent = moodle["utilisateurs"]["agent"]
    a, p = _suivi(moodle["activites"]["Accueil A"], agent), _suivi(moodle["activites"]["Parcours animation"], agent)
    assert a["reglages"] == {"grademethod": 1, "forcenewattempt": 0, "popup": 0, "completionstatusrequired": 2,
                             "completionstatusallscos": 0}
    assert p["reglages"]["grademethod"] == 0 and p["reglages"]["completionstatusallscos"] == 1
    assert len(p["scos"]) == 2 and len(a["scos"]) == 1  # one SCO per module


def test_2_echec_puis_reussite(moodle, paquets, navigateur):
    _, bons = paquets
    cmid, agent = moodle["activites"]["Accueil A"], moodle["utilisateurs"]["agent"]
    with Navigateur(navigateur, agent) as nav:
        cadre = nav.ouvrir_sco(cmid)
        commencer_validation(cadre)
        for q in tirees(cadre):
            repondre(cadre, q, bons[q], juste=q not in {"accueil-02", "accueil-03"})
        assert "non validé" in terminer_validation(cadre)
        s = _suivi(cmid, agent)
        sco = next(iter(s["scos"].values()))
        assert (sco["statut"], float(sco["score"])) == ("failed", 60.0)
        ouvrir_sections_a_relire(cadre)  # the next pass waits for the sections to reread
        commencer_validation(cadre)
        for q in tirees(cadre):
            repondre(cadre, q, bons[q], juste=q != "accueil-05")
        assert "Module validé" in terminer_validation(cadre)
        assert cadre.locator(".reperes-lms-alerte").count() == 0
        nav.quitter()
        assert nav.erreurs == []
    s = _suivi(cmid, agent)
    sco = next(iter(s["scos"].values()))
    assert (sco["statut"], float(sco["score"])) == ("passed", 80.0)
    assert s["note"] == 80.0 and s["achevement"] == 1  # COMPLETION_COMPLETE (status passed required)


def test_3_reprise_dans_un_navigateur_neuf(moodle, paquets, navigateur):
    _, bons = paquets
    cmid, agent = moodle["activites"]["Accueil A"], moodle["utilisateurs"]["agent"]
    with Navigateur(navigateur, agent) as nav:
        cadre = nav.ouvrir_sco(cmid)
        commencer_validation(cadre)
        repondre(cadre, "accueil-01", bons["accueil-01"], juste=True)
        repondre(cadre, "accueil-04", bons["accueil-04"], juste=False)
        nav.quitter()
    with Navigateur(navigateur, agent) as nav:  # another computer: Moodle's suspend_data alone
        cadre = nav.ouvrir_sco(cmid)
        assert "Module validé" not in cadre.locator(".reperes-validation-statut").inner_text()
        assert "2 questions répondues sur 5" in cadre.locator(".reperes-validation-statut").inner_text()
        for q in ("accueil-02", "accueil-03", "accueil-05"):
            repondre(cadre, q, bons[q], juste=True)
        assert "Score : 4 sur 5" in terminer_validation(cadre)
        nav.quitter()
    s = _suivi(cmid, agent)
    assert next(iter(s["scos"].values()))["statut"] == "passed" and s["note"] == 80.0


def test_4_meme_zip_deux_activites(moodle, paquets, navigateur):
    _, bons = paquets
    a, b, agent = moodle["activites"]["Accueil A"], moodle["activites"]["Accueil B"], moodle["utilisateurs"]["agent"]
    with Navigateur(navigateur, agent) as nav:
        cadre = nav.ouvrir_sco(a)
        assert "Module validé" in cadre.locator(".reperes-validation-statut").inner_text()
        cadre = nav.ouvrir_sco(b)  # same browser, same zip, another activity
        assert "Module validé" not in cadre.locator(".reperes-validation-statut").inner_text()
        commencer_validation(cadre)
        for q in tirees(cadre):
            repondre(cadre, q, bons[q], juste=q in {"accueil-04", "accueil-05"})
        assert "Score : 2 sur 5" in terminer_validation(cadre)
        nav.quitter()
    sb, sa = _suivi(b, agent), _suivi(a, agent)
    assert (next(iter(sb["scos"].values()))["statut"], sb["note"]) == ("failed", 40.0)
    assert (next(iter(sa["scos"].values()))["statut"], sa["note"]) == ("passed", 80.0)
    # Another agent on the same computer sees nothing of the first.
    with Navigateur(navigateur, moodle["utilisateurs"]["agent2"]) as nav:
        cadre = nav.ouvrir_sco(a)
        assert "Module validé" not in cadre.locator(".reperes-validation-statut").inner_text()


def test_5_plantage_en_pleine_validation(moodle, paquets, navigateur):
    _, bons = paquets
    cmid, agent = moodle["activites"]["Parcours animation"], moodle["utilisateurs"]["agent"]
    with Navigateur(navigateur, agent) as nav:
        cadre = nav.ouvrir_sco(cmid, "Accueillir")
        commencer_validation(cadre)
        # Until Moodle has answered the bridge's throttled commit that carries the third answer.
        with _engage(nav.page, lambda v: "accueil-03" in json.loads(v["cmi.suspend_data"])["p"]["reponses"]):
            for q in ("accueil-01", "accueil-02", "accueil-03"):
                repondre(cadre, q, bons[q], juste=True)
        # The browser crashes: nothing more reaches Moodle.
        nav.contexte.route("**/*", lambda route: route.abort())
        nav.page.close(run_before_unload=False)
    s = _suivi(cmid, agent)
    sco = s["scos"][next(k for k, v in s["scos"].items() if v and v["titre"].startswith("Accueillir"))]
    assert sorted(json.loads(sco["suspend_data"])["p"]["reponses"]) == ["accueil-01", "accueil-02", "accueil-03"]
    with Navigateur(navigateur, agent) as nav:
        cadre = nav.ouvrir_sco(cmid, "Accueillir")
        assert "3 questions répondues sur 5" in cadre.locator(".reperes-validation-statut").inner_text()
        for q in ("accueil-04", "accueil-05"):
            repondre(cadre, q, bons[q], juste=True)
        with _engage(nav.page, lambda v: v["cmi.core.lesson_status"] == "passed"):
            assert "Score : 5 sur 5" in terminer_validation(cadre)
        nav.quitter()
    s = _suivi(cmid, agent)
    statuts = sorted((v or {}).get("statut") or "" for v in s["scos"].values())
    assert "passed" in statuts
    # One module of two: the parcours is not complete (« Require all SCOs to return completion status »).
    assert s["achevement"] == 0


def test_6_banque_de_questions(moodle, navigateur, banque_du_site):
    _, xml, avertissements = banque_du_site
    assert avertissements == ""
    racine = etree.fromstring(xml.read_bytes())
    attendues = {q.findtext("idnumber") for q in racine.findall("question[@type='multichoice']")}
    multiples = {q.findtext("idnumber") for q in racine.findall("question[@type='multichoice']")
                 if q.findtext("single") == "false"}
    with Navigateur(navigateur, moodle["utilisateurs"]["formateur"]) as nav:
        p = nav.page
        p.goto(f"{URL}/question/bank/importquestions/import.php?courseid={moodle['cours']}")
        p.wait_for_load_state("networkidle")
        p.check("#id_format_xml")
        _televerser(p, "#fitem_id_newfile", xml)
        p.click("#id_submitbutton")
        p.wait_for_load_state("load", timeout=300000)
        texte = p.locator("body").inner_text()
        assert f"Importing {len(attendues)} questions from file" in texte, texte[:2000]
        p.get_by_role("button", name="Continue").click()
        p.wait_for_load_state("load")
    banque = json.loads(_php("banque", str(moodle["cours"])))
    assert set(banque["questions"]) >= attendues
    noms = set(banque["categories"])
    assert {c.findtext("category/text").rsplit("/", 1)[-1].replace("//", "/")
            for c in racine.findall("question[@type='category']")} <= noms
    # Every multiple-answer question: ticking everything scores 0, the right ones only 1.
    assert set(banque["notes"]) == multiples and len(multiples) >= 20
    assert {q: n["tout"] for q, n in banque["notes"].items() if n["tout"] != 0} == {}
    assert {q: n["justes"] for q, n in banque["notes"].items() if abs(n["justes"] - 1) > 1e-5} == {}
