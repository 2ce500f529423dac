"""Debian's Firefox ESR driven by marionette-driver (Mozilla's own client): what the Firefox
tests share.

Playwright cannot drive Debian's Firefox, so the tests start it themselves: ``firefox-esr
--headless --marionette -remote-allow-system-access --no-remote --profile <fresh temp dir>``,
the profile's ``user.js`` holding the marionette port (0: Firefox picks a free one and writes
it to ``MarionetteActivePort``) and the prefs that keep it from calling home. Every proxy
points to a local port that is bound but never listens, so any outside load fails at once;
on top of that a chrome-context observer records and cancels every http(s) request, so that
the tests can say which ones the page made. Firefox's own background calls are cancelled the
same way and kept apart (``Firefox.appels_du_navigateur``).

One Firefox per test session (fixture ``firefox`` in conftest.py); a ``VisiteFirefox`` is
one visit of a built site from disk, with the storage of every site emptied first.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

FIREFOX = shutil.which("firefox-esr") or "/usr/bin/firefox-esr"
ARTEFACTS = Path(__file__).parent / "artefacts"
# Release builds honour services.settings.server (remote settings) only with the devtools variable.
ENVIRONNEMENT = {**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1", "MOZ_HEADLESS": "1",
                 "MOZ_REMOTE_SETTINGS_DEVTOOLS": "1"}


def preferences(port_mort: int) -> dict:
    """The profile's prefs: a free marionette port, nothing that calls home, French UI."""
    proxy = {f"network.proxy.{p}": "127.0.0.1" for p in ("http", "ssl", "socks")}
    proxy |= {f"network.proxy.{p}_port": port_mort for p in ("http", "ssl", "socks")}
    return {
        "marionette.port": 0,
        # Every load outside file:// goes to a port where nothing listens; no DNS either.
        "network.proxy.type": 1, **proxy, "network.proxy.no_proxies_on": "",
        "network.proxy.allow_hijacking_localhost": True, "network.proxy.socks_remote_dns": True,
        "network.proxy.share_proxy_settings": True,
        "network.trr.mode": 5, "network.dns.disablePrefetch": True, "network.prefetch-next": False,
        "network.http.speculative-parallel-limit": 0, "browser.urlbar.speculativeConnect.enabled": False,
        "network.captive-portal-service.enabled": False, "network.connectivity-service.enabled": False,
        "captivedetect.canonicalURL": "", "security.OCSP.enabled": 0, "doh-rollout.disable-heuristics": True,
        # Updates (of Firefox, add-ons, search engines, plugins).
        "app.update.auto": False, "app.update.enabled": False, "app.update.checkInstallTime": False,
        "app.update.disabledForTesting": True, "extensions.update.enabled": False,
        "extensions.getAddons.cache.enabled": False, "extensions.systemAddon.update.enabled": False,
        "extensions.blocklist.enabled": False, "browser.search.update": False, "browser.search.geoip.url": "",
        "media.gmp-manager.url": "", "media.gmp-provider.enabled": False, "media.gmp-gmpopenh264.enabled": False,
        # Telemetry, studies, Normandy, Nimbus, remote settings.
        "datareporting.policy.dataSubmissionEnabled": False, "datareporting.healthreport.uploadEnabled": False,
        "datareporting.policy.firstRunURL": "", "toolkit.telemetry.enabled": False,
        "toolkit.telemetry.unified": False, "toolkit.telemetry.archive.enabled": False,
        "toolkit.telemetry.server": "", "browser.ping-centre.telemetry": False,
        "app.shield.optoutstudies.enabled": False, "app.normandy.enabled": False, "app.normandy.api_url": "",
        "messaging-system.rsexperimentloader.enabled": False, "browser.newtabpage.activity-stream.asrouter"
        ".providers.cfr": "{}", "services.settings.server": "data:,#remote-settings-dummy/v1",
        "browser.region.network.url": "", "browser.region.update.enabled": False, "geo.provider.network.url": "",
        "identity.fxaccounts.enabled": False, "signon.rememberSignons": False,
        "signon.management.page.breach-alerts.enabled": False, "dom.push.connection.enabled": False, "dom.push.serverURL": "",
        "browser.topsites.contile.enabled": False, "extensions.fxmonitor.enabled": False,
        # Safe Browsing (its list downloads) and tracking-protection lists.
        **{f"browser.safebrowsing.{k}.enabled": False for k in ("malware", "phishing", "downloads", "blockedURIs")},
        "browser.safebrowsing.downloads.remote.enabled": False,
        **{f"browser.safebrowsing.provider.{p}.{k}": "" for p in ("google", "google4", "mozilla")
           for k in ("updateURL", "gethashURL")},
        # First-run and start pages, default-browser check, session restore.
        "browser.shell.checkDefaultBrowser": False, "browser.startup.page": 0,
        "browser.startup.homepage": "about:blank", "browser.startup.homepage_override.mstone": "ignore",
        "startup.homepage_welcome_url": "", "startup.homepage_welcome_url.additional": "",
        "browser.aboutwelcome.enabled": False, "browser.newtabpage.enabled": False,
        "trailhead.firstrun.didSeeAboutWelcome": True, "browser.sessionstore.resume_from_crash": False,
        "toolkit.startup.max_resumed_crashes": -1, "browser.tabs.warnOnClose": False,
        # The agents' language.
        "intl.locale.requested": "fr-FR", "intl.accept_languages": "fr-FR, fr",
        "javascript.enabled": True,
    }


# Installed once in the chrome context (a sandbox kept between calls): every http(s) request
# is recorded (with whether a page made it) and cancelled.
GARDE = """
if (!globalThis.reperes) {
  const appels = [];
  const observateur = {
    observe(sujet) {
      const canal = sujet.QueryInterface(Ci.nsIChannel);
      const info = canal.loadInfo;
      let page = false;
      try { page = !!(info.browsingContext && info.browsingContext.isContent); } catch (e) {}
      if (!page && info.triggeringPrincipal && info.triggeringPrincipal.schemeIs("file")) page = true;
      appels.push({url: canal.URI.spec, page});
      canal.cancel(Cr.NS_ERROR_ABORT);
    },
  };
  Services.obs.addObserver(observateur, "http-on-modify-request");
  globalThis.reperes = {appels, observateur};
}
"""

# Script errors the console service kept (uncaught exceptions, failed loads, CSP…) from
# content, i.e. not Firefox's own chrome code.
ERREURS_DE_CONSOLE = """
const racine = arguments[0];
return Services.console.getMessageArray().flatMap(m => {
  if (!(m instanceof Ci.nsIScriptError)) return [];
  if (m.flags & (Ci.nsIScriptError.warningFlag | Ci.nsIScriptError.infoFlag)) return [];
  if (m.isFromChromeContext || (!m.sourceName.startsWith(racine) && !m.category.startsWith("content"))) return [];
  return [m.sourceName + ":" + m.lineNumber + ": " + m.errorMessage];
});
"""

# Set in the page itself after each load: console.error calls and unhandled rejections from then
# on are kept in window.__reperesErreurs. Marionette's scripts run in a sandbox that sees the page
# through X-rays, with the page's principal: the catcher is set on the page's objects directly,
# with no inline <script> (the pages' Content-Security-Policy would refuse one).
CAPTEUR = """
const page = window.wrappedJSObject;
if (!page.__reperesErreurs) {
  // The sandbox has the page's principal: the page may call a function made here.
  const erreurs = page.__reperesErreurs = new page.Array();
  const origine = page.console.error;
  page.console.error = function (...args) {
    erreurs.push(args.map(String).join(" "));
    return origine.apply(page.console, args);
  };
  page.addEventListener("unhandledrejection", e => { erreurs.push("promesse rejetée : " + e.reason); });
}
return !!page.__reperesErreurs;
"""

RECOLTE = """
const e = window.wrappedJSObject.__reperesErreurs;
return e ? JSON.stringify(e.splice(0)) : "[]";
"""


class FirefoxIntrouvable(RuntimeError):
    pass


class Firefox:
    """One headless Firefox ESR with a fresh profile, connected through marionette."""

    def __init__(self, binaire: str = FIREFOX, delai: float = 60):
        from marionette_driver.marionette import Marionette

        if not Path(binaire).exists():
            raise FirefoxIntrouvable(binaire)
        self.profil = Path(tempfile.mkdtemp(prefix="reperes-firefox-"))
        # A port bound (so no other program takes it) where nothing ever listens: the proxy.
        self._mort = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._mort.bind(("127.0.0.1", 0))
        self.port_mort = self._mort.getsockname()[1]
        (self.profil / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n"
                    for k, v in preferences(self.port_mort).items()), encoding="utf-8")
        self.journal = self.profil.parent / f"{self.profil.name}.log"
        self.processus = None
        self.pilote = None
        self.appels_du_navigateur: list[str] = []
        try:
            with open(self.journal, "wb") as sortie:
                self.processus = subprocess.Popen(
                    [binaire, "--headless", "--marionette", "-remote-allow-system-access", "--no-remote",
                     "--profile", str(self.profil)],
                    stdin=subprocess.DEVNULL, stdout=sortie, stderr=subprocess.STDOUT, start_new_session=True,
                    env=ENVIRONNEMENT)
            port = self._attendre_port(delai)
            self.pilote = Marionette(host="127.0.0.1", port=port, socket_timeout=delai)
            self.pilote.start_session(timeout=delai)
            self.pilote.timeout.page_load = 30
            self.pilote.timeout.script = 15
            with self.chrome():
                self.pilote.execute_script(GARDE, sandbox="reperes", new_sandbox=False)
        except BaseException:
            self.fermer()
            raise
        self.version = self.pilote.session["browserVersion"]

    def _attendre_port(self, delai: float) -> int:
        fichier = self.profil / "MarionetteActivePort"
        fin = time.monotonic() + delai
        while time.monotonic() < fin:
            if self.processus.poll() is not None:
                raise RuntimeError(f"firefox-esr s'est arrêté au démarrage ({self.processus.returncode}) :\n"
                                   + self.fin_du_journal())
            if fichier.exists() and fichier.read_text().strip():
                return int(fichier.read_text())
            time.sleep(0.05)
        raise RuntimeError(f"firefox-esr : pas de port marionette après {delai} s :\n" + self.fin_du_journal())

    def fin_du_journal(self, lignes: int = 40) -> str:
        try:
            return "\n".join(self.journal.read_text(errors="replace").splitlines()[-lignes:])
        except OSError:
            return ""

    def chrome(self):
        return self.pilote.using_context(self.pilote.CONTEXT_CHROME)

    def en_chrome(self, script: str, *args):
        with self.chrome():
            return self.pilote.execute_script(script, script_args=args, sandbox="reperes", new_sandbox=False)

    def appels(self) -> list[dict]:
        """The http(s) requests cancelled since the last call ({url, page}); Firefox's own
        (not made by a page) are also kept in ``appels_du_navigateur``."""
        appels = self.en_chrome("return reperes.appels.splice(0)")
        self.appels_du_navigateur += [a["url"] for a in appels if not a["page"]]
        return appels

    def preference(self, nom: str, valeur) -> None:
        self.pilote.set_pref(nom, valeur)

    def vider_les_stockages(self) -> None:
        """localStorage, sessionStorage, cookies and caches of every site (file:// included)."""
        with self.chrome():
            self.pilote.execute_async_script("""
                const fini = arguments[arguments.length - 1];
                const F = Ci.nsIClearDataService;
                Services.clearData.deleteData(F.CLEAR_DOM_QUOTA | F.CLEAR_COOKIES | F.CLEAR_ALL_CACHES
                                              | F.CLEAR_SESSION_HISTORY, () => fini(true));
            """, sandbox="reperes", new_sandbox=False)

    def fermer(self) -> None:
        """End the session, then this Firefox and its content processes (its own process group)."""
        if self.pilote is not None and self.pilote.session is not None:
            try:
                self.pilote.delete_session()
            except Exception:  # noqa: BLE001 - the process is killed below anyway
                pass
        if self.processus is not None and self.processus.poll() is None:
            try:
                os.killpg(self.processus.pid, signal.SIGTERM)
                self.processus.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.processus.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.processus.wait(10)
        self._mort.close()
        shutil.rmtree(self.profil, ignore_errors=True)
        self.journal.unlink(missing_ok=True)


class VisiteFirefox:
    """A visit of a built site from disk, like navigation.Visite: every storage emptied first,
    outside requests (the page's) and script errors recorded. ``with VisiteFirefox(ff, sortie) as v:``."""

    def __init__(self, firefox: Firefox, racine: Path, largeur=1280, hauteur=900, javascript=True):
        self.ff = firefox
        self.m = firefox.pilote
        self.racine = racine.resolve()
        self.externes: list[str] = []
        self._erreurs: list[str] = []
        self.javascript = javascript
        self.m.navigate("about:blank")
        firefox.vider_les_stockages()
        firefox.preference("javascript.enabled", javascript)
        self.m.set_window_rect(width=largeur, height=hauteur)
        firefox.en_chrome("Services.console.reset()")
        firefox.appels()

    def __enter__(self) -> "VisiteFirefox":
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.m.navigate("about:blank")
        finally:
            self.ff.preference("javascript.enabled", True)

    # -- pages -------------------------------------------------------------------------------
    def url(self, chemin: str) -> str:
        return f"{self.racine.as_uri()}/{chemin}"

    def ouvrir(self, chemin: str) -> None:
        self._recolter()
        self.m.navigate(self.url(chemin))
        self._apres_chargement()

    def suivre(self, chemin: str, condition=None, delai: float = 10) -> None:
        """After a click that opens a page of the site: wait until ``chemin`` (without its #…) is
        loaded (and ``condition()``, e.g. the page's script has run), then check it as ``ouvrir``."""
        def arrivee() -> bool:
            ici = self.m.get_url().split("#")[0].removeprefix(self.racine.as_uri() + "/")
            return ici == chemin and self.js("return document.readyState") == "complete" and (condition is None or condition())
        assert self.attendre(arrivee, delai), f"page attendue : {chemin}, ouverte : {self.m.get_url()}"
        self._apres_chargement()

    def recharger(self) -> None:
        self._recolter()
        self.m.refresh()
        self._apres_chargement()

    def _apres_chargement(self) -> None:
        etat = self.js("""
            const mauvais = [...document.querySelectorAll("link[rel=stylesheet]")].filter(l => !l.sheet)
                .map(l => l.href);
            const images = [...document.images].filter(i => i.loading !== "lazy" && !(i.complete && i.naturalWidth))
                .map(i => i.src);
            return {pret: document.readyState, mauvais, images,
                    ressources: performance.getEntriesByType("resource").map(r => r.name)};
        """)
        dedans = self.racine.as_uri() + "/"
        self.externes += [r for r in etat["ressources"] if not r.startswith((dedans, "data:", "blob:"))]
        # The page loaded fully: every stylesheet and image of it is there.
        assert etat["pret"] == "complete" and not etat["mauvais"] and not etat["images"], \
            f"page incomplète : {etat}, requêtes extérieures : {self.externes}"
        if self.javascript:
            assert self.js(CAPTEUR), "le capteur d'erreurs n'a pas pu être injecté"

    def _recolter(self) -> None:
        """Keep what the open page's catcher holds before it goes away."""
        if self.javascript:
            try:
                self._erreurs += json.loads(self.js(RECOLTE))
            except Exception:  # noqa: BLE001 - about:blank or a page closing
                pass
        self.externes += [a["url"] for a in self.ff.appels() if a["page"]]

    @property
    def erreurs(self) -> list[str]:
        self._recolter()
        return self._erreurs + self.ff.en_chrome(ERREURS_DE_CONSOLE, self.racine.as_uri())

    # -- the page ------------------------------------------------------------------------------
    def js(self, script: str, *args):
        return self.m.execute_script(script, script_args=args)

    def trouver(self, css: str, dans=None):
        return (dans or self.m).find_element("css selector", css)

    def tous(self, css: str, dans=None) -> list:
        return (dans or self.m).find_elements("css selector", css)

    def cliquer(self, css: str, dans=None) -> None:
        self.trouver(css, dans).click()

    def bouton(self, nom: str, dans=None):
        """The visible button whose text is ``nom`` (a regex-free role lookup)."""
        for b in self.tous("button", dans):
            if b.is_displayed() and " ".join(b.text.split()) == nom:
                return b
        raise AssertionError(f"pas de bouton visible « {nom} »")

    def taper(self, css: str, texte: str, dans=None) -> None:
        champ = self.trouver(css, dans)
        champ.clear()
        champ.send_keys(texte)

    def texte(self, css: str, dans=None) -> str:
        return self.trouver(css, dans).text

    def visible(self, css: str, dans=None) -> bool:
        elements = self.tous(css, dans)
        return bool(elements) and elements[0].is_displayed()

    def attendre(self, condition, delai: float = 10, pas: float = 0.1):
        fin = time.monotonic() + delai
        while True:
            valeur = condition()
            if valeur or time.monotonic() > fin:
                return valeur
            time.sleep(pas)

    # -- storage -------------------------------------------------------------------------------
    def lire_stockage(self, cle: str):
        return self.js("return localStorage.getItem(arguments[0])", cle)

    def ecrire_stockage(self, cle: str, valeur: str) -> None:
        self.js("localStorage.setItem(arguments[0], arguments[1])", cle, valeur)

    def capture(self, nom: str) -> None:
        ARTEFACTS.mkdir(exist_ok=True)
        with open(ARTEFACTS / f"{nom}.png", "wb") as f:
            self.m.save_screenshot(f, full=False)
