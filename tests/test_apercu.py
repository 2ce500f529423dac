"""`make serve` is a live preview: an edit is rebuilt and the open page reloads by itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import RACINE, copier_racine


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _attendre(url: str, contient: str = "", delai: float = 120) -> str:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        try:
            html = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
            if contient in html:
                return html
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} : « {contient} » jamais servi")


@pytest.fixture
def apercu(tmp_path, rootdir):
    """sphinx-autobuild as `make serve` starts it, on a small site and a free port."""
    src = copier_racine(rootdir, "test-base", tmp_path)
    port = _port_libre()
    commande = [str(Path(sys.executable).parent / "sphinx-autobuild"), "-b", "html", "-j", "1", "--keep-going", "-n",
                str(src), str(src / "_build" / "html"), "--host", "127.0.0.1", "--port", str(port),
                "--ignore", str(src / "_build") + "/*"]
    env = dict(os.environ, PYTHONPATH=str(RACINE / "_ext"), REPERES_APERCU=f"127.0.0.1:{port}")  # as the Makefile
    processus = subprocess.Popen(commande, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                                 start_new_session=True, text=True)
    try:
        _attendre(f"http://127.0.0.1:{port}/index.html", "Accueil")
        yield src, f"http://127.0.0.1:{port}", processus
    finally:
        os.killpg(processus.pid, signal.SIGTERM)
        processus.wait(timeout=30)


def test_une_modification_est_reconstruite_et_servie(apercu):
    src, base, _ = apercu
    page = src / "training" / "modules" / "circuit.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# Le circuit d'alerte", "# Le circuit d'alerte, revu"),
                    encoding="utf-8")
    html = _attendre(f"{base}/training/modules/circuit.html", "revu")
    assert "Le circuit d’alerte, revu" in html


@pytest.mark.navigateur
def test_la_page_ouverte_se_recharge_seule(apercu, navigateur):
    """In Chromium (the served site, on 127.0.0.1): the open page reloads after the edit."""
    src, base, processus = apercu
    contexte = navigateur.new_context()
    try:
        onglet = contexte.new_page()
        onglet.goto(f"{base}/training/modules/reperer-violences-physiques.html")
        onglet.wait_for_load_state("load")
        time.sleep(1)  # let the reload script open its connection
        page = src / "training" / "modules" / "reperer-violences-physiques.md"
        page.write_text(page.read_text(encoding="utf-8").replace("Texte du module.", "Texte du module, modifié à chaud."),
                        encoding="utf-8")
        # (A locator, not a function: Playwright's would be an eval, which the pages' policy refuses.)
        onglet.locator("body", has_text="modifié à chaud").wait_for(timeout=120_000)
    finally:
        contexte.close()


def test_l_adresse_de_l_apercu_n_est_dite_qu_une_fois_qu_il_repond():
    """`make serve` prints the preview's address once the server answers (reperes.apercu), not
    a minute before: nothing while no server listens, the address as soon as one does."""
    import http.server
    import threading

    port = _port_libre()
    annonce = subprocess.Popen([sys.executable, "-m", "reperes.apercu", str(port)], stdout=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONPATH=str(RACINE / "_ext")))
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            annonce.wait(timeout=2)  # no server yet: still waiting, nothing said
        serveur = http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler)
        threading.Thread(target=serveur.serve_forever, daemon=True).start()
        try:
            sortie, _ = annonce.communicate(timeout=30)
        finally:
            serveur.shutdown()
        assert annonce.returncode == 0 and f"http://127.0.0.1:{port}/" in sortie
    finally:
        annonce.kill()
