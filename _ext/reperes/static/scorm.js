/* Repères — bridge between a module page and the LMS's SCORM 1.2 API (scorm builder only).
 *
 * Loaded on module pages of a SCORM package, after scorm-paquet.js (which names the package
 * in <html data-reperes-paquet>) and before reperes.js (deferred). Synchronously, while the
 * page is parsed:
 *   1. finds the LMS's API: window.parent, its parent… (at most 10 levels), then
 *      window.opener and its parents; with no API (or no package name) it does nothing at all,
 *      and the page behaves exactly like the site;
 *   2. LMSInitialize(""); sets <html data-reperes-prefixe="<package>."> so that reperes.js
 *      keeps this package's progress under its own localStorage key (every package on one
 *      LMS shares an origin);
 *   3. puts back the agent's place from cmi.suspend_data into localStorage, unless this
 *      browser holds a newer copy;
 *   4. lesson_status "incomplete", unless the LMS already says "passed".
 * Then:
 *   - on each "reperes:etat" (every storage write), cmi.suspend_data = this module's state as
 *     compact JSON, never over SCORM 1.2's 4 096 characters (see compacter: practice answers
 *     go first, the validation never);
 *   - on "reperes:validation", cmi.core.score.raw (0–100), min 0, max 100, lesson_status
 *     "passed" or "failed", and LMSCommit. A module once validated stays "passed" with the
 *     score of the pass that validated it (reperes.js keeps that validation too);
 *   - a link clicked in the SCO opens in a new window: leaving the page would end the SCO;
 *   - on "pagehide": session_time (HHHH:MM:SS.SS), exit, LMSCommit(""), LMSFinish("").
 *
 * suspend_data: {"m": module id, "t": time of writing (ms), "r": {valide, dernier, tentatives, arelire,
 *   precedente} (the attempts, the sections still to reread, the last pass's questions),
 *   "p": pass under way, "q": {quiz id: practice record}} — the shapes of reperes.js's state.
 * No global but window.ReperesScorm (the compaction, for the tests). */
(function () {
  "use strict";
  var html = document.documentElement, paquet = html.dataset.reperesPaquet, MAX = 4096;

  function trouver(fenetre) {
    for (var n = 0; fenetre && n <= 10; n++) {
      try { if (fenetre.API) return fenetre.API; } catch (e) { /* another origin: look higher */ }
      var parent = null;
      try { parent = fenetre.parent; } catch (e) { parent = null; }
      if (!parent || parent === fenetre) return null;
      fenetre = parent;
    }
    return null;
  }
  function vide() { return { version: 2, quiz: {}, modules: {}, passes: {} }; }

  /* The module's state as JSON of at most MAX characters. Parts go, least useful first
   * (practice answers, the review list of the last pass, the last pass's result, a pass under
   * way) until it fits; then those that still fit come back, most useful first. The
   * validation always stays. */
  function compacter(etat, module, quiz, t) {
    var m = (etat.modules || {})[module] || {}, passe = (etat.passes || {})[module], pratique = etat.quiz || {}, q = {};
    quiz.forEach(function (id) { if (pratique[id]) q[id] = pratique[id]; });
    var parties = ["q", "rates", "dernier", "p"];
    var garde = { q: Object.keys(q).length > 0, rates: !!(m.dernier && m.dernier.rates), dernier: !!m.dernier, p: !!passe };
    function json() {
      var s = { m: module, t: t }, r = {};
      if (m.valide) r.valide = m.valide;
      // Attempts count (issue 21): they always stay, with what the next pass waits for.
      if (m.tentatives) r.tentatives = m.tentatives;
      if (m.arelire && m.arelire.length) r.arelire = m.arelire;
      if (m.precedente) r.precedente = m.precedente;
      if (garde.dernier) {
        r.dernier = {};
        Object.keys(m.dernier).forEach(function (k) { if (k !== "rates" || garde.rates) r.dernier[k] = m.dernier[k]; });
      }
      if (Object.keys(r).length) s.r = r;
      if (garde.p) s.p = passe;
      if (garde.q) s.q = q;
      return JSON.stringify(s);
    }
    var enleves = [], i;
    for (i = 0; i < parties.length && json().length > MAX; i++) {
      if (garde[parties[i]]) { garde[parties[i]] = false; enleves.push(parties[i]); }
    }
    for (i = enleves.length - 1; i >= 0; i--) {
      garde[enleves[i]] = true;
      if (json().length > MAX) garde[enleves[i]] = false;
    }
    var resultat = json();
    return resultat.length <= MAX ? resultat : JSON.stringify({ m: module, t: t }).slice(0, MAX);
  }
  window.ReperesScorm = { compacter: compacter, MAX: MAX };

  var api = trouver(window);
  try { if (!api && window.opener) api = trouver(window.opener); } catch (e) { api = null; }
  if (!api || !paquet) return;
  if (String(api.LMSInitialize("")) !== "true") return;

  var PREFIXE = paquet + ".", CLE = PREFIXE + "reperes.progression.v2", debut = Date.now(), fini = false;
  html.dataset.reperesPrefixe = PREFIXE;
  function lireLms(element) { var v = api.LMSGetValue(element); return v === null || v === undefined ? "" : String(v); }
  function ecrireLms(element, valeur) { return String(api.LMSSetValue(element, String(valeur))) === "true"; }
  function cleTemps(module) { return PREFIXE + "reperes.scorm.t." + module; }

  /* 3. The agent's place: the LMS's copy, unless this browser wrote a newer one. */
  (function restaurer() {
    var s;
    try { s = JSON.parse(lireLms("cmi.suspend_data") || "null"); } catch (e) { return; }
    if (!s || typeof s !== "object" || typeof s.m !== "string") return;
    try {
      if (+(localStorage.getItem(cleTemps(s.m)) || 0) >= (+s.t || 0)) return;
      var etat = JSON.parse(localStorage.getItem(CLE) || "null");
      if (!etat || typeof etat !== "object") etat = vide();
      ["quiz", "modules", "passes"].forEach(function (k) { if (!etat[k] || typeof etat[k] !== "object") etat[k] = {}; });
      var local = etat.modules[s.m] || {}, r = s.r || {}, m = {};
      if (r.dernier) m.dernier = r.dernier;
      // Attempts are never lost either: the larger count, and the LMS's sections to reread with its result.
      var tentatives = Math.max(+r.tentatives || 0, +local.tentatives || 0);
      if (tentatives) m.tentatives = tentatives;
      if (r.arelire) m.arelire = r.arelire;
      if (r.precedente) m.precedente = r.precedente;
      // A validation is never lost: the later of the two.
      var valide = r.valide && local.valide ? (local.valide.d > r.valide.d ? local.valide : r.valide) : (r.valide || local.valide);
      if (valide) m.valide = valide;
      if (Object.keys(m).length) etat.modules[s.m] = m; else delete etat.modules[s.m];
      if (s.p) etat.passes[s.m] = s.p; else delete etat.passes[s.m];
      Object.keys(s.q || {}).forEach(function (id) { etat.quiz[id] = s.q[id]; });
      localStorage.setItem(CLE, JSON.stringify(etat));
      localStorage.setItem(cleTemps(s.m), String(+s.t || 0));
    } catch (e) { /* storage off: the page starts empty, as on the site */ }
  })();

  /* 4. Status at launch. */
  var statut = lireLms("cmi.core.lesson_status");
  if (statut !== "passed") ecrireLms("cmi.core.lesson_status", "incomplete");

  function moduleDeLaPage() {
    var panneau = document.querySelector(".reperes-validation");
    return panneau ? panneau.dataset.module : null;
  }
  function quizDeLaPage() {
    // The practice questions, as the module card lists them (during a pass they leave the page).
    var carte = document.querySelector(".reperes-module-progression[data-quiz]");
    if (carte) return carte.dataset.quiz.split(" ").filter(Boolean).map(function (p) { return p.split(":")[0]; });
    return [].slice.call(document.querySelectorAll(".reperes-quiz[data-quiz-id]")).map(function (s) { return s.dataset.quizId; });
  }

  document.addEventListener("reperes:etat", function (ev) {
    var module = moduleDeLaPage();
    if (fini || !module || !ev.detail || !ev.detail.etat) return;
    var t = Date.now();
    ecrireLms("cmi.suspend_data", compacter(ev.detail.etat, module, quizDeLaPage(), t));
    try { localStorage.setItem(cleTemps(module), String(t)); } catch (e) { /* storage off */ }
  });

  document.addEventListener("reperes:validation", function (ev) {
    var d = ev.detail;
    if (fini || !d || !d.total) return;
    var etat = window.Reperes && window.Reperes.lire ? window.Reperes.lire() : vide();
    var m = (etat.modules || {})[d.module] || {}, valide = !!(m.valide && m.valide.v === d.version);
    var s = valide ? m.valide.s : d.score, n = valide ? m.valide.n : d.total;
    statut = valide || d.valide ? "passed" : "failed";
    ecrireLms("cmi.core.score.raw", Math.max(0, Math.min(100, Math.round(100 * s / n))));
    ecrireLms("cmi.core.score.min", 0);
    ecrireLms("cmi.core.score.max", 100);
    ecrireLms("cmi.core.lesson_status", statut);
    api.LMSCommit("");
  });

  /* Leaving the page ends the SCO: the guide opens beside it. */
  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href]") : null;
    if (!a || ev.defaultPrevented || a.target) return;
    var href = a.getAttribute("href");
    if (!href || href.charAt(0) === "#") return;
    a.target = "_blank";
    a.rel = "noopener";
  });

  function duree(ms) {  // CMITimespan: HHHH:MM:SS.SS
    var cs = Math.min(Math.round(ms / 10), 9999 * 360000 + 359999), h = Math.floor(cs / 360000);
    var mn = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
    return ("000" + h).slice(-4) + ":" + ("0" + mn).slice(-2) + ":" + (s < 10 ? "0" : "") + s.toFixed(2);
  }
  window.addEventListener("pagehide", function () {
    if (fini) return;
    fini = true;
    ecrireLms("cmi.core.session_time", duree(Date.now() - debut));
    ecrireLms("cmi.core.exit", statut === "passed" ? "" : "suspend");
    api.LMSCommit("");
    api.LMSFinish("");
  });
})();
