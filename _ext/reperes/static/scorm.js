/* Repères — bridge between a module page and the LMS's SCORM 1.2 API (scorm builder only).
 *
 * Loaded (deferred, so the page is parsed) on module pages of a SCORM package, after
 * scorm-paquet.js (which names the package in <html data-reperes-paquet>) and before reperes.js:
 *   1. finds the LMS's API: window.parent, its parent… (at most 10 levels), then
 *      window.opener and its parents; with no API (or no package name) it does nothing at all,
 *      and the page behaves exactly like the site;
 *   2. LMSInitialize(""); if the LMS refuses, the agent is told that the result will not reach it;
 *   3. keys this learner's progress in this activity: <html data-reperes-prefixe="<package>.<h>.">,
 *      h a digest of cmi.core.student_id and the package's folder on the LMS (two activities made
 *      from one zip, or two agents on one computer, never share a record);
 *   4. puts back the agent's place from cmi.suspend_data, unless this browser wrote later in the
 *      same attempt (a counter "n", not a clock); « not attempted » with no suspend_data is a new
 *      attempt: this module's local state goes; a validation is never lost;
 *   5. lesson_status "incomplete" (unless the LMS says "passed"), committed at once.
 * Then:
 *   - on each "reperes:etat" (every storage write), cmi.suspend_data = this module's state as
 *     compact JSON, never over SCORM 1.2's 4 096 characters (see compacter: practice answers
 *     go first, the validation never), committed at most every 3 s (the last one always);
 *   - on "reperes:validation", score (0–100), min 0, max 100, status "passed" or "failed", and
 *     LMSCommit at once. Once passed (here or on the LMS), a later failed pass changes nothing
 *     on the LMS and the score never goes down;
 *   - every call's result and LMSGetLastError are checked, with one immediate retry; a value the
 *     LMS did not take waits and goes again (2, 4, 8… s); the agent is told plainly while the LMS
 *     has not recorded their progress, and when it has again;
 *   - a link clicked in the SCO opens in a new window: leaving the page would end the SCO;
 *   - on "pagehide": session_time (HHHH:MM:SS.SS), exit, LMSCommit(""), LMSFinish("").
 *
 * suspend_data: {"m": module id, "n": write counter, "r": {valide, dernier, tentatives, arelire,
 *   precedente} (the attempts, the sections still to reread, the last pass's questions),
 *   "p": pass under way, "q": {quiz id: practice record}} — the shapes of reperes.js's state.
 * No global but window.ReperesScorm (the compaction, for the tests) and window.ReperesMemoire
 * (the page's memory when storage is refused, shared with reperes.js). */
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
  function empreinte(texte) {  // FNV-1a, 32 bits, base 36: the learner's id never stored as such
    var h = 2166136261;
    for (var i = 0; i < texte.length; i++) { h ^= texte.charCodeAt(i); h = Math.imul(h, 16777619); }
    return (h >>> 0).toString(36);
  }

  /* The module's state as JSON of at most MAX characters. Parts go, least useful first
   * (practice answers, the review list of the last pass, the last pass's result, a pass under
   * way) until it fits; then those that still fit come back, most useful first. The
   * validation always stays. */
  function compacter(etat, module, quiz, n) {
    var m = (etat.modules || {})[module] || {}, passe = (etat.passes || {})[module], pratique = etat.quiz || {}, q = {};
    quiz.forEach(function (id) { if (pratique[id]) q[id] = pratique[id]; });
    var parties = ["q", "rates", "dernier", "p"];
    var garde = { q: Object.keys(q).length > 0, rates: !!(m.dernier && m.dernier.rates), dernier: !!m.dernier, p: !!passe };
    function json() {
      var s = { m: module, n: n }, r = {};
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
    return resultat.length <= MAX ? resultat : JSON.stringify({ m: module, n: n }).slice(0, MAX);
  }
  window.ReperesScorm = { compacter: compacter, MAX: MAX };

  var api = trouver(window);
  try { if (!api && window.opener) api = trouver(window.opener); } catch (e) { api = null; }
  if (!api || !paquet) return;

  /* -- every call checked: its result, then LMSGetLastError; one immediate retry. ------------- */
  function code() {
    try { return typeof api.LMSGetLastError === "function" ? String(api.LMSGetLastError()) : "0"; } catch (e) { return "exception"; }
  }
  function appel(nom, args) {
    var dernier = "absent";
    if (typeof api[nom] !== "function") return { ok: false, code: "absent" };
    for (var essai = 0; essai < 2; essai++) {
      var r;
      try { r = api[nom].apply(api, args); } catch (e) { dernier = "exception"; continue; }
      if (nom === "LMSGetValue") {
        var c = code();
        if (c === "0" || c === "") return { ok: true, valeur: r === null || r === undefined ? "" : String(r) };
        dernier = c;
      } else if (String(r) === "true") return { ok: true };
      else dernier = code();
    }
    return { ok: false, code: dernier };
  }
  function lireLms(element) { var r = appel("LMSGetValue", [element]); if (!r.ok) panne(r.code); return r.ok ? r.valeur : null; }

  /* -- what the agent is told -------------------------------------------------------------------- */
  function dire(texte, role) {
    var lieu = document.querySelector(".reperes-validation") || document.querySelector("article, main") || document.body;
    var p = document.querySelector(".reperes-lms-alerte");
    if (!p && lieu) {
      p = document.createElement("p");
      p.className = "reperes-lms-alerte";
      lieu.insertBefore(p, lieu.firstChild);
    }
    if (!p) return;
    p.setAttribute("role", role || "alert");
    p.textContent = texte;
    p.hidden = !texte;
  }
  var enPanne = false;
  function panne(c) {
    enPanne = true;
    dire("La plateforme de formation n’a pas enregistré votre progression (erreur " + c + ") : nouvel essai en " +
      "cours. Gardez cette page ouverte ; si ce message reste affiché, notez votre score et prévenez votre formateur.");
  }
  function retabli() {
    if (enPanne) dire("Votre progression est de nouveau enregistrée par la plateforme de formation.", "status");
    enPanne = false;
  }

  var init = appel("LMSInitialize", [""]);
  html.dataset.reperesPrefixe = paquet + ".";
  if (!init.ok) {
    dire("La plateforme de formation n’a pas ouvert la session de ce module (erreur " + init.code + ") : vous " +
      "pouvez vous entraîner et passer la validation, mais votre résultat ne lui sera pas transmis. Fermez le " +
      "module et rouvrez-le ; si ce message revient, prévenez votre formateur.");
    return;
  }

  /* -- the key: this learner in this activity (the package's folder on the LMS) ---------------- */
  var panneau = document.querySelector(".reperes-validation");
  var module = panneau ? panneau.dataset.module : null, version = panneau ? panneau.dataset.version : null;
  // The practice questions, as the module card lists them (during a pass they leave the page).
  var carte = document.querySelector(".reperes-module-progression[data-quiz]");
  var quiz = carte ? carte.dataset.quiz.split(" ").filter(Boolean).map(function (p) { return p.split(":")[0]; }) :
    [].slice.call(document.querySelectorAll(".reperes-quiz[data-quiz-id]")).map(function (s) { return s.dataset.quizId; });
  var apprenant = lireLms("cmi.core.student_id") || "";
  var activite = new URL(html.dataset.content_root || "./", location.href).pathname;
  var PREFIXE = paquet + "." + empreinte(apprenant + "|" + activite) + ".", CLE = PREFIXE + "reperes.progression.v2";
  html.dataset.reperesPrefixe = PREFIXE;
  var debut = Date.now(), fini = false, attente = {}, ordre = [], minuterie = null, dernierEnvoi = 0, reprises = 0;
  var statutLu = lireLms("cmi.core.lesson_status"), brutLu = lireLms("cmi.suspend_data");
  var statut = statutLu || "", brut = brutLu || "";
  var scoreLms = parseFloat(lireLms("cmi.core.score.raw") || ""), dejaPasse = statut === "passed";
  function cleNumero() { return PREFIXE + "reperes.scorm.n." + module; }

  /* Local storage, or the page's memory (shared with reperes.js) when the browser refuses it. */
  var memoire = window.ReperesMemoire = window.ReperesMemoire || {};
  function lireLocal(cle) {
    if (Object.prototype.hasOwnProperty.call(memoire, cle)) return memoire[cle];
    try { return window.localStorage.getItem(cle); } catch (e) { return null; }
  }
  function ecrireLocal(cle, valeur) {
    try { window.localStorage.setItem(cle, valeur); delete memoire[cle]; } catch (e) { memoire[cle] = valeur; }
  }
  function objet(x) { return !!x && typeof x === "object" && !Array.isArray(x); }
  function plusUtile(a, b) {  // of two validations, the current version's, else the later: never lost
    if (!objet(a)) return objet(b) ? b : null;
    if (!objet(b)) return a;
    if ((a.v === version) !== (b.v === version)) return a.v === version ? a : b;
    return String(b.d) > String(a.d) ? b : a;
  }

  /* The agent's place. The LMS's copy wins unless this browser wrote later in the same attempt
   * (a counter, not a clock); a new attempt (« not attempted », no suspend_data) starts empty here
   * too; a validation is never lost. reperes.js checks every part when it reads the result. */
  if (module) (function restaurer() {
    var s = null, etat = null, texte = lireLocal(CLE);
    try { s = JSON.parse(brut || "null"); } catch (e) { s = null; }
    if (!objet(s) || s.m !== module) s = null;
    try { etat = JSON.parse(texte || "null"); } catch (e) {
      if (lireLocal(CLE + ".illisible") === null) ecrireLocal(CLE + ".illisible", texte);  // kept aside, as reperes.js does
      etat = null;
    }
    if (!objet(etat)) etat = vide();
    ["quiz", "modules", "passes"].forEach(function (k) { if (!objet(etat[k])) etat[k] = {}; });
    var local = objet(etat.modules[module]) ? etat.modules[module] : {}, nLocal = +lireLocal(cleNumero()) || 0;
    if (brutLu === "" && (statutLu === "not attempted" || statutLu === "")) {  // read, and empty: a new attempt
      delete etat.modules[module]; delete etat.passes[module];
      quiz.forEach(function (id) { delete etat.quiz[id]; });
      nLocal = 0;
    } else if (s && nLocal <= (+s.n || 0)) {
      var r = objet(s.r) ? s.r : {}, m = {}, valide = plusUtile(r.valide, local.valide);
      if (objet(r.dernier)) m.dernier = r.dernier;
      // Attempts are never lost either: the larger count, and the LMS's sections to reread with its result.
      var tentatives = Math.max(+r.tentatives || 0, +local.tentatives || 0);
      if (tentatives) m.tentatives = tentatives;
      if (r.arelire) m.arelire = r.arelire;
      if (r.precedente) m.precedente = r.precedente;
      if (valide) m.valide = valide;
      if (Object.keys(m).length) etat.modules[module] = m; else delete etat.modules[module];
      if (objet(s.p)) etat.passes[module] = s.p; else delete etat.passes[module];
      if (objet(s.q)) Object.keys(s.q).forEach(function (id) { if (quiz.indexOf(id) >= 0) etat.quiz[id] = s.q[id]; });
      nLocal = +s.n || 0;
    } else if (s && objet(s.r)) {  // this browser is ahead: it keeps its state, with the LMS's validation and attempts
      if (s.r.valide) local.valide = plusUtile(local.valide, s.r.valide);
      var plus = Math.max(+s.r.tentatives || 0, +local.tentatives || 0);
      if (plus) local.tentatives = plus;
      if (Object.keys(local).length) etat.modules[module] = local;
    }
    ecrireLocal(CLE, JSON.stringify(etat));
    ecrireLocal(cleNumero(), String(nLocal));
  })();
  var numero = +lireLocal(cleNumero()) || 0;

  /* -- sending: values wait in `attente` until the LMS accepted them and a commit succeeded ---- */
  function poser(element, valeur) {
    if (!(element in attente)) ordre.push(element);
    attente[element] = String(valeur);
  }
  function envoyer() {
    if (minuterie) { clearTimeout(minuterie); minuterie = null; }
    var echec = null;
    ordre.slice().forEach(function (el) {
      var r = appel("LMSSetValue", [el, attente[el]]);
      if (r.ok || /^(201|401|402|403|405)$/.test(r.code)) {  // accepted, or never will be
        delete attente[el]; ordre.splice(ordre.indexOf(el), 1);
      }
      if (!r.ok && !echec) echec = r.code;
    });
    var c = appel("LMSCommit", [""]);
    if (!c.ok && !echec) echec = c.code;
    dernierEnvoi = Date.now();
    if (echec) {
      panne(echec);
      if (!fini && reprises < 6) { reprises++; minuterie = setTimeout(envoyer, 2000 * Math.pow(2, reprises)); }
      return false;
    }
    reprises = 0;
    retabli();
    return true;
  }
  var ECART = 3000;  // at most one commit every 3 s while answering; the last one always goes
  function planifier() {
    if (minuterie || fini) return;
    var attendre = dernierEnvoi + ECART - Date.now();
    if (attendre <= 0) envoyer(); else minuterie = setTimeout(envoyer, attendre);
  }

  /* Status at launch, committed at once: « incomplete », unless the LMS already says « passed »;
   * a module validated here whose result the LMS never recorded is sent again. */
  if (!dejaPasse) poser("cmi.core.lesson_status", "incomplete");
  (function () {
    var etat = null;
    try { etat = JSON.parse(lireLocal(CLE) || "null"); } catch (e) { etat = null; }
    var v = etat && objet(etat.modules) && objet(etat.modules[module]) ? etat.modules[module].valide : null;
    if (!dejaPasse && objet(v) && v.v === version && +v.n > 0) {
      poser("cmi.core.score.raw", Math.max(0, Math.min(100, Math.round(100 * v.s / v.n))));
      poser("cmi.core.score.min", 0); poser("cmi.core.score.max", 100);
      poser("cmi.core.lesson_status", "passed");
      dejaPasse = true; statut = "passed";
    }
  })();
  envoyer();

  document.addEventListener("reperes:etat", function (ev) {
    if (fini || !module || !ev.detail || !ev.detail.etat) return;
    numero++;
    ecrireLocal(cleNumero(), String(numero));
    poser("cmi.suspend_data", compacter(ev.detail.etat, module, quiz, numero));
    planifier();
  });

  document.addEventListener("reperes:validation", function (ev) {
    var d = ev.detail;
    if (fini || !d || !d.total) return;
    var etat = window.Reperes && window.Reperes.lire ? window.Reperes.lire() : vide();
    var m = (etat.modules || {})[d.module] || {}, valide = !!(m.valide && m.valide.v === d.version);
    if (valide || d.valide) {
      var s = valide ? m.valide.s : d.score, n = valide ? m.valide.n : d.total, note = Math.max(0, Math.min(100, Math.round(100 * s / n)));
      if (!(dejaPasse && scoreLms > note)) {  // a validated module keeps its best score on the LMS
        poser("cmi.core.score.raw", note); poser("cmi.core.score.min", 0); poser("cmi.core.score.max", 100);
        scoreLms = note;
      }
      poser("cmi.core.lesson_status", "passed");
      dejaPasse = true; statut = "passed";
    } else if (!dejaPasse) {  // once passed, a later failed pass changes nothing on the LMS
      poser("cmi.core.score.raw", Math.max(0, Math.min(100, Math.round(100 * d.score / d.total))));
      poser("cmi.core.score.min", 0); poser("cmi.core.score.max", 100);
      poser("cmi.core.lesson_status", "failed");
      statut = "failed";
    }
    if (!envoyer()) {
      var bilan = document.querySelector(".reperes-validation-bilan"), p = document.createElement("p");
      p.className = "reperes-lms-non-enregistre";
      p.setAttribute("role", "alert");
      p.textContent = "Attention : la plateforme de formation n’a pas enregistré ce résultat. Gardez cette page " +
        "ouverte (un nouvel essai est en cours) ; si l’avertissement reste, notez votre score et prévenez votre formateur.";
      if (bilan) bilan.insertBefore(p, bilan.firstChild);
    }
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
    poser("cmi.core.session_time", duree(Date.now() - debut));
    poser("cmi.core.exit", statut === "passed" ? "" : "suspend");
    fini = true;
    envoyer();
    appel("LMSFinish", [""]);
  });
})();
