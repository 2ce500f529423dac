/* Repères — practice, module validation, « Ma progression », receipts, composer.
 * The HTML works without this file (forms, answer keys in <details>). No framework, no
 * network: progress lives in this browser's localStorage only (README, « Progression »).
 *
 * Stored under PREFIX + "reperes.progression.v2" (PREFIX: <html data-reperes-prefixe>, which a
 * SCORM package's bridge sets before this file runs, since every package on one LMS shares an
 * origin; or the script tag's data-prefixe):
 *   { version: 2,
 *     quiz:    { <quiz id>: { e: fingerprint, ok: true, d: "YYYY-MM-DD" } },   practice
 *     modules: { <module id>: { valide: { v, d, s, n },
 *                                dernier: { v, d, s, n, ok, rates: [ids], objectifs: [indexes], relire: [[href, text]],
 *                                           abandon: true if abandoned },
 *                                tentatives: passes ended (finished or abandoned), precedente: [ids of the last pass],
 *                                arelire: [hrefs of the sections still to open before the next pass] } },
 *     passes:  { <module id>: { v, graine, ids: [drawn quiz ids, in order], reponses: { <quiz id>: [indexes] }, d } },
 *              the pass under way (a pass without `ids`, from before the bank, is dropped)
 *     parcours: <chosen parcours id> }
 * A v1 record (practice only) is migrated on first read and left in place. */
(function () {
  "use strict";
  var script = document.currentScript;
  var PREFIXE = document.documentElement.dataset.reperesPrefixe || (script && script.dataset.prefixe) || "";
  var CLE = PREFIXE + "reperes.progression.v2", ANCIENNE = PREFIXE + "reperes.progression.v1";

  /* -- storage ----------------------------------------------------------------------------
   * Every read and write goes through `stockage`: localStorage when the browser allows it, this
   * page's memory when it refuses, throws or is full (then the agent is told that nothing will
   * be kept; a pass still runs to its score). window.ReperesMemoire is that memory, shared with
   * the SCORM bridge, which may put the LMS's copy there before this file runs.
   * A record that cannot be parsed is copied aside (<key>.illisible, never overwritten) and the
   * agent is told; every stored shape is checked and bad parts dropped (normaliser). A device
   * clock outside the receipt code's range (DEBUT + 8 191 days) stores nothing, with a message. */
  var memoire = window.ReperesMemoire = window.ReperesMemoire || {};
  var DEBUT = "2025-01-01", JOURS = 8192;  // attestation.EPOQUE and the code's 13 bits of days
  var alertes = {};
  var stockage = {
    ok: (function () {
      try { var s = window.localStorage, k = "reperes.essai"; s.setItem(k, "1"); s.removeItem(k); return true; }
      catch (e) { return false; }
    })(),
    lire: function (cle) {
      if (Object.prototype.hasOwnProperty.call(memoire, cle)) return memoire[cle];
      if (!this.ok) return null;
      try { return window.localStorage.getItem(cle); }
      catch (e) { this.panne(); return Object.prototype.hasOwnProperty.call(memoire, cle) ? memoire[cle] : null; }
    },
    ecrire: function (cle, valeur) {
      if (this.ok) {
        try { window.localStorage.setItem(cle, valeur); delete memoire[cle]; return true; } catch (e) { this.panne(); }
      }
      memoire[cle] = valeur;
      return false;
    },
    enlever: function (cle) {
      delete memoire[cle];
      try { if (this.ok) window.localStorage.removeItem(cle); } catch (e) { this.panne(); }
    },
    panne: function () {
      this.ok = false;
      signaler("stockage", "Ce navigateur ne garde pas votre progression (stockage refusé ou plein) : vous pouvez " +
        "vous entraîner et passer la validation jusqu’à son score, mais rien ne sera gardé en quittant la page.");
    }
  };
  /* A message to the agent, once per kind: at the top of the validation panel, or of the page. */
  function signaler(type, texte) {
    if (alertes[type]) return;
    alertes[type] = texte;
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", function () { afficherAlerte(type); }); }
    else afficherAlerte(type);
  }
  function afficherAlerte(type) {
    var lieu = document.querySelector(".reperes-validation") || document.querySelector("article, main") || document.body;
    if (!lieu || document.querySelector('.reperes-alerte-stockage[data-type="' + type + '"]')) return;
    var p = document.createElement("p");
    p.className = "reperes-alerte-stockage";
    p.dataset.type = type;
    p.setAttribute("role", "alert");
    p.textContent = alertes[type];
    lieu.insertBefore(p, lieu.firstChild);
  }
  function aujourdhui() { return new Date().toISOString().slice(0, 10); }
  var horlogeHors = false;  // the device's clock is out of range: this page's own dates are accepted
  function jour(texte, large) {  // a real "YYYY-MM-DD" within the code's range (any, when large), else null
    if (typeof texte !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(texte)) return null;
    var t = Date.parse(texte + "T00:00:00Z"), j = (t - Date.parse(DEBUT + "T00:00:00Z")) / 864e5;
    if (!(t === t) || new Date(t).toISOString().slice(0, 10) !== texte) return null;
    return large || horlogeHors || (j >= 0 && j < JOURS) ? texte : null;
  }
  function horlogeJuste() {
    if (jour(aujourdhui(), false) && !horlogeHors) return true;
    horlogeHors = true;
    signaler("horloge", "La date de cet appareil (" + new Date().toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" }) +
      ") est hors de la période que Repères sait enregistrer : rien n’est gardé. Corrigez la date et l’heure de " +
      "l’appareil, puis rechargez la page.");
    return false;
  }
  function vide() { return { version: 2, quiz: {}, modules: {}, passes: {} }; }
  function migrer(v1) {
    var e = vide();
    if (v1 && typeof v1.quiz === "object" && v1.quiz) e.quiz = v1.quiz;
    if (v1 && v1.parcours) e.parcours = v1.parcours;
    e.migre = "v1";
    return normaliser(e);
  }
  /* Only well-formed parts are kept: an id is lowercase letters, digits, - and _; a day within the
   * code's range; scores whole, 0 ≤ s ≤ n; answers are option indexes. */
  var ID = /^[a-z0-9][a-z0-9_-]{0,99}$/i, INDEX = /^\d{1,3}$/;
  function objet(x) { return !!x && typeof x === "object" && !Array.isArray(x); }
  function entier(x, min) { return typeof x === "number" && Math.floor(x) === x && x >= min && x <= 4294967295; }
  function chaine(x) { return typeof x === "string" && x.length > 0 && x.length <= 100; }
  function chaque(source, garder) {
    var sortie = {};
    if (!objet(source)) return sortie;
    Object.keys(source).forEach(function (id) {
      if (!ID.test(id)) return;
      var v = garder(source[id]);
      if (v) sortie[id] = v;
    });
    return sortie;
  }
  function resultat(r, dernier) {
    if (!objet(r) || !chaine(r.v) || !jour(r.d) || !entier(r.s, 0) || !entier(r.n, 1) || r.s > r.n) return null;
    var x = { v: r.v, d: r.d, s: r.s, n: r.n };
    if (dernier) {
      x.ok = r.ok === true;
      if (Array.isArray(r.rates)) x.rates = ids(r.rates);
      if (Array.isArray(r.objectifs)) x.objectifs = r.objectifs.filter(function (i) { return entier(i, 0) && i < 1000; });
      if (Array.isArray(r.relire)) {
        x.relire = r.relire.filter(function (l) { return Array.isArray(l) && l.length === 2 && lien(l[0]) && typeof l[1] === "string"; })
          .map(function (l) { return [l[0], l[1].slice(0, 300)]; });
      }
      if (r.abandon === true) x.abandon = true;
    }
    return x;
  }
  function ids(liste) { return Array.isArray(liste) ? liste.filter(function (id) { return typeof id === "string" && ID.test(id); }) : []; }
  // A guide section to reread: a relative link of the site (no scheme, no script).
  function lien(h) { return typeof h === "string" && h.length <= 300 && !/^[a-z][a-z0-9+.-]*:/i.test(h) && !/["<>\s]/.test(h); }
  function normaliser(e) {
    var n = vide();
    if (!objet(e)) return n;
    n.quiz = chaque(e.quiz, function (q) {
      return objet(q) && chaine(q.e) && q.ok === true && jour(q.d) ? { e: q.e, ok: true, d: q.d } : null;
    });
    n.modules = chaque(e.modules, function (m) {
      if (!objet(m)) return null;
      var x = {}, valide = resultat(m.valide, false), dernier = resultat(m.dernier, true);
      if (valide) x.valide = valide;
      if (dernier) x.dernier = dernier;
      if (entier(m.tentatives, 1)) x.tentatives = m.tentatives;
      if (Array.isArray(m.precedente)) x.precedente = ids(m.precedente);
      if (Array.isArray(m.arelire)) x.arelire = m.arelire.filter(lien);
      return Object.keys(x).length ? x : null;
    });
    n.passes = chaque(e.passes, function (p) {
      if (!objet(p) || !chaine(p.v) || !entier(p.graine, 0) || !jour(p.d)) return null;
      var x = { v: p.v, graine: p.graine, d: p.d, reponses: chaque(p.reponses, function (r) {
        if (!Array.isArray(r)) return null;
        var i = r.filter(function (x) { return typeof x === "string" && INDEX.test(x); });
        return i.length ? i : null;
      }) };
      if (Array.isArray(p.ids)) x.ids = ids(p.ids);  // a pass without them (from before the bank) is dropped by Module
      return x;
    });
    if (typeof e.parcours === "string" && (e.parcours === "" || ID.test(e.parcours))) n.parcours = e.parcours;
    if (e.migre === "v1") n.migre = "v1";
    return n;
  }
  /* An unreadable record is copied aside once (the first free <key>.illisible[-k]) and left in place
   * until the next write: the agent is told. */
  function mettreDeCote(cle, brut) {
    for (var k = 1; k <= 5; k++) {
      var cote = cle + ".illisible" + (k > 1 ? "-" + k : ""), deja = stockage.lire(cote);
      if (deja === brut) break;
      if (deja === null) { stockage.ecrire(cote, brut); break; }
    }
    signaler("illisible", "Votre progression enregistrée dans ce navigateur n’a pas pu être lue : elle est mise " +
      "de côté, sans être effacée, et cette page repart de zéro. Si vous aviez validé des modules, signalez-le " +
      "à votre formateur.");
  }
  function analyser(cle, brut) {
    try { return JSON.parse(brut); } catch (e) { mettreDeCote(cle, brut); return null; }
  }
  function lire() {
    var brut = stockage.lire(CLE);
    if (brut) return normaliser(analyser(CLE, brut));
    var ancien = stockage.lire(ANCIENNE);
    if (ancien) {
      var v1 = analyser(ANCIENNE, ancien);
      if (v1) { var m = migrer(v1); if (horlogeJuste()) stockage.ecrire(CLE, JSON.stringify(m)); return m; }
    }
    return vide();
  }
  if (!stockage.ok) stockage.panne();
  horlogeJuste();
  // Another tab wrote the progress: the page follows (Module.suivre, majPage).
  window.addEventListener("storage", function (ev) {
    if (ev.key === CLE || ev.key === null) document.dispatchEvent(new CustomEvent("reperes:ailleurs"));
  });
  function ecrire(etat) {
    // A device clock outside the code's range: what it would date is kept in this page only.
    if (horlogeJuste()) stockage.ecrire(CLE, JSON.stringify(etat)); else memoire[CLE] = JSON.stringify(etat);
    document.dispatchEvent(new CustomEvent("reperes:etat", { detail: { etat: etat } }));
  }

  /* -- pure helpers (also used by the tests and the SCORM bridge: window.Reperes) ---------- */
  function graineDe(texte) {  // FNV-1a, 32 bits
    var h = 2166136261;
    for (var i = 0; i < texte.length; i++) { h ^= texte.charCodeAt(i); h = Math.imul(h, 16777619); }
    return h >>> 0;
  }
  function alea(graine) {  // mulberry32
    return function () {
      graine = (graine + 0x6D2B79F5) | 0;
      var t = Math.imul(graine ^ (graine >>> 15), 1 | graine);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function melanger(n, graine) {
    var ordre = [], r = alea(graine);
    for (var i = 0; i < n; i++) ordre.push(i);
    for (i = n - 1; i > 0; i--) { var j = Math.floor(r() * (i + 1)), t = ordre[i]; ordre[i] = ordre[j]; ordre[j] = t; }
    return ordre;
  }
  function estValide(score, total, seuil) { return total > 0 && score * 100 >= seuil * total; }
  function nouvelleGraine() {
    try { var a = new Uint32Array(1); crypto.getRandomValues(a); return a[0]; } catch (e) { return Math.floor(Math.random() * 4294967296); }
  }
  // "id:empreinte id:empreinte" -> [[id, empreinte], …]
  function paires(texte) {
    return (texte || "").split(" ").filter(Boolean).map(function (p) { return p.split(":"); });
  }
  function reussi(etat, id, empreinte) { var q = etat.quiz[id]; return !!(q && q.ok && q.e === empreinte); }

  /* A module's state for the agent, from its data-module, data-version and data-quiz. */
  function bilanModule(etat, el) {
    var mid = el.dataset.module, version = el.dataset.version, qs = paires(el.dataset.quiz);
    var entraines = qs.filter(function (p) { return reussi(etat, p[0], p[1]); }).length;
    var m = etat.modules[mid] || {}, passe = etat.passes[mid];
    var valide = !!(m.valide && m.valide.v === version), enCours = !!(passe && passe.v === version && passe.ids);
    return { total: qs.length, entraines: entraines, valide: valide, date: valide ? m.valide.d : null,
             score: valide ? m.valide.s : null,
             enCours: enCours ? Object.keys(passe.reponses || {}).length : null,
             tirees: enCours ? passe.ids.length : null, tentatives: +m.tentatives || 0,
             aValider: !valide && qs.length > 0 && entraines === qs.length };
  }
  function texteEtat(b) {
    var t = b.tentatives ? " — " + b.tentatives + " tentative" + (b.tentatives > 1 ? "s" : "") : "";
    if (b.valide) return "validé le " + dateFr(b.date) + " ✓" + t;
    if (b.enCours !== null) return "validation en cours (" + b.enCours + "/" + b.tirees + ")" + t;
    if (b.aValider) return "à valider (toutes les questions d’entraînement réussies)" + t;
    if (b.entraines) return "entraînement en cours (" + b.entraines + "/" + b.total + ")" + t;
    return "à faire" + t;
  }
  function dateFr(iso) {
    return new Date(iso + "T12:00").toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
  }
  function pourcent(s, n) { return Math.round(100 * s / n) + "\u00a0%"; }

  /* -- one question ------------------------------------------------------------------------- */
  function Question(section) {
    this.section = section;
    this.id = section.dataset.quizId;
    this.empreinte = section.dataset.empreinte;
    this.multiple = section.dataset.multiple === "true";
    this.form = section.querySelector("form");
    this.liste = section.querySelector(".reperes-quiz-options");
    this.statut = section.querySelector(".reperes-quiz-statut");
    this.bouton = section.querySelector(".reperes-verifier");
    // The answer key leaves the page: it comes back only once the question is answered.
    this.corrige = section.querySelector(".reperes-corrige");
    if (this.corrige) this.corrige.remove();
    this.ordreInitial = [].slice.call(this.liste.children).map(function (li) { return li.dataset.index; });
    this.form.querySelector(".reperes-quiz-actions").hidden = false;
  }
  Question.prototype.justes = function () {
    return [].slice.call(this.corrige.querySelectorAll("[data-juste=true]")).map(function (li) { return li.dataset.index; });
  };
  Question.prototype.choisis = function () {
    return [].slice.call(this.form.querySelectorAll("input:checked")).map(function (i) { return i.value; });
  };
  Question.prototype.estJuste = function (choisis) {
    var justes = this.justes();
    return choisis.length === justes.length && choisis.every(function (i) { return justes.indexOf(i) >= 0; });
  };
  Question.prototype.effacer = function () {
    var s = this.section;
    s.querySelectorAll(".reperes-quiz-retour-place").forEach(function (p) { p.innerHTML = ""; });
    s.querySelectorAll(".reperes-quiz-option").forEach(function (li) { li.classList.remove("reperes-ok", "reperes-ko"); });
    s.querySelectorAll(".reperes-explication-affichee, .reperes-corrige-affiche").forEach(function (z) { z.remove(); });
    s.classList.remove("reperes-reussi", "reperes-repondu");
    this.statut.textContent = "";
  };
  Question.prototype.ordonner = function (ordre) {  // ordre: list of data-index, in display order
    var liste = this.liste, lis = {};
    [].slice.call(liste.children).forEach(function (li) { lis[li.dataset.index] = li; });
    ordre.forEach(function (i) { liste.appendChild(lis[i]); });
  };
  Question.prototype.verrouiller = function (oui) {
    this.form.querySelectorAll("input").forEach(function (i) { i.disabled = oui; });
    this.bouton.disabled = oui;
  };
  /* A feedback that already opens with its verdict (« Non : … », older content) gets no second one. */
  var VERDICT = /^\s*(Oui|Non|Juste|Faux)\s*[.:,;!\u2014\u2013-]/;
  function ditSonVerdict(retour) { return !!(retour && VERDICT.test(retour.textContent)); }
  /* Feedback under each chosen option, the explanation, and (complet) the whole key. */
  Question.prototype.corriger = function (choisis, complet) {
    var self = this;
    this.effacer();
    choisis.forEach(function (i) {
      var ligne = self.corrige.querySelector('.reperes-corrige-option[data-index="' + i + '"]');
      var place = document.getElementById("quiz-" + self.id + "-" + i + "-retour");
      var juste = ligne.dataset.juste === "true", retour = ligne.querySelector(".reperes-quiz-retour");
      place.parentNode.classList.add(juste ? "reperes-ok" : "reperes-ko");
      place.innerHTML = (ditSonVerdict(retour) ? "" : '<p class="reperes-verdict">' + (juste ? "Juste." : "Non.") + "</p>") +
        (retour ? retour.innerHTML : "");
    });
    var explication = this.corrige.querySelector(".reperes-explication");
    if (explication) {
      var zone = document.createElement("div");
      zone.className = "reperes-explication reperes-explication-affichee";
      zone.innerHTML = explication.innerHTML;
      this.form.after(zone);
    }
    if (complet) {
      var cle = this.corrige.cloneNode(true);
      cle.classList.add("reperes-corrige-affiche");
      cle.open = false;
      cle.querySelectorAll(".reperes-corrige-option").forEach(function (li) {
        var verdict = li.querySelector(".reperes-verdict");
        if (verdict && ditSonVerdict(li.querySelector(".reperes-quiz-retour"))) verdict.remove();
      });
      var ol = cle.querySelector("ol"), lis = {};
      [].slice.call(ol.children).forEach(function (li) { lis[li.dataset.index] = li; });
      [].slice.call(this.liste.children).forEach(function (li) { if (lis[li.dataset.index]) ol.appendChild(lis[li.dataset.index]); });
      (zone || this.form).after(cle);
    }
    var bon = this.estJuste(choisis);
    this.section.classList.toggle("reperes-reussi", bon);
    return bon;
  };
  /* Guide pages the question's feedback points to: what to review after a miss. */
  Question.prototype.liens = function () {
    return [].slice.call(this.corrige.querySelectorAll("a.reference.internal[href]")).filter(function (a) {
      return !/^#/.test(a.getAttribute("href"));
    });
  };

  /* -- a module page: practice, and the validation pass (README, « S'entraîner, valider un module »)
   * Practice questions are on the page, feedback at once. A pass draws its questions from the
   * module's bank (_static/banques/<module>.js, encoded by quiz/banque.py, decoded here only when
   * a pass starts or resumes), at least one per objective, preferring questions the previous
   * pass did not ask; nothing says right or wrong until « Terminer la validation ». Abandoning
   * counts as a failed attempt; after a failure the next pass opens once the sections to reread
   * have been opened. A site without banks (reperes_validation_banques = False) draws from the
   * practice questions, taken out of the page during the pass. */
  function decoderBanque(module, version) {
    var code = (window.ReperesBanques || {})[module];
    if (!code) return null;
    // Printable ASCII characters were permuted (quiz/banque.py): put each one back.
    var table = melanger(95, graineDe(module + ":" + version)), inverse = [], sortie = [];
    for (var i = 0; i < 95; i++) inverse[table[i]] = i;
    for (i = 0; i < code.length; i++) {
      var c = code.charCodeAt(i);
      sortie.push(c >= 32 && c < 127 ? String.fromCharCode(32 + inverse[c - 32]) : code.charAt(i));
    }
    try { return JSON.parse(sortie.join("")); } catch (e) { return null; }
  }
  /* n ids of the bank, seeded: one per objective first, then at random; questions the previous
   * pass asked come last, so two passes share at most what the bank's size forces. */
  function tirer(ids, objectifs, n, precedente, graine) {
    var r = alea(graine), pris = [], avant = {};
    (precedente || []).forEach(function (id) { avant[id] = true; });
    function melange(liste) {
      liste = liste.slice();
      for (var i = liste.length - 1; i > 0; i--) { var j = Math.floor(r() * (i + 1)), t = liste[i]; liste[i] = liste[j]; liste[j] = t; }
      return liste;
    }
    function libre(id) { return pris.indexOf(id) < 0; }
    (objectifs || []).forEach(function (o) {
      var siens = (o.questions || []).filter(function (id) { return ids.indexOf(id) >= 0; });
      if (!siens.length || pris.length >= n || !siens.every(libre)) return;
      var neufs = siens.filter(function (id) { return !avant[id]; });
      pris.push(melange(neufs.length ? neufs : siens)[0]);
    });
    var reste = ids.filter(libre);
    pris = pris.concat(melange(reste.filter(function (id) { return !avant[id]; })),
                       melange(reste.filter(function (id) { return avant[id]; }))).slice(0, n);
    return melange(pris);
  }
  function pluriel(n, mot) { return n + " " + mot + (n > 1 ? "s" : ""); }
  /* A section's name for the list to reread: a quoted rule's link says « règle du guide »; name
   * it by the rule's title (data-regles of the module card: anchor → title), or else by the start
   * of the rule it quotes. */
  function titresDesRegles() {
    var e = document.querySelector("[data-regles]");
    try { return e ? JSON.parse(e.dataset.regles) : {}; } catch (x) { return {}; }
  }
  function libelle(a) {
    var ancre = (a.getAttribute("href") || "").split("#")[1], regles = titresDesRegles();
    if (ancre && regles[ancre]) return regles[ancre] + " (règle du guide)";
    var texte = a.textContent.trim(), citation = a.closest(".reperes-regle-citation");
    if (!citation) return texte;
    var regle = citation.textContent.replace(a.textContent, "").replace(/\(\s*\)\s*$/, "").trim();
    if (regle.length > 90) regle = regle.slice(0, 90).replace(/\s+\S*$/, "") + "…";
    return "Règle du guide : « " + regle + " »";
  }
  /* After a result, the next step: the next module of the agent's parcours (catalogue order when no
   * parcours is chosen, or when this module is not in it) and « Ma progression ». */
  function suiteApresResultat(echec) {
    var nav = document.createElement("nav"), choisi = lire().parcours;
    nav.className = "reperes-validation-suite" + (echec ? " reperes-suite-apres-echec" : "");
    nav.setAttribute("aria-label", "Et maintenant");
    var li = choisi && document.querySelector('.reperes-parcours-nav li[data-parcours="' + choisi + '"]');
    var voisin = li ? li.querySelector(".reperes-parcours-suivant a") : document.querySelector(".reperes-catalogue-suivant a");
    var progression = document.querySelector(".reperes-lien-progression a");
    if (voisin) {
      var a = document.createElement("a");
      a.href = voisin.getAttribute("href"); a.className = "reperes-module-suivant";
      a.textContent = "Module suivant : " + voisin.textContent;
      nav.appendChild(a);
    } else if (li && !li.querySelector(".reperes-parcours-suivant")) {  // (in a SCORM package, links to other modules are text)
      var fin = document.createElement("span");
      fin.textContent = "C’était le dernier module de votre parcours.";
      nav.appendChild(fin);
    }
    if (progression) {
      var p = document.createElement("a");
      p.href = progression.getAttribute("href"); p.className = "reperes-vers-progression"; p.textContent = "Ma progression";
      nav.appendChild(p);
    }
    return nav.childNodes.length ? nav : document.createComment("reperes-suite");
  }
  function marquerRelu(li) {
    if (li.classList.contains("reperes-relu")) return;
    li.classList.add("reperes-relu");
    li.appendChild(document.createTextNode(" — ouverte ✓"));
  }

  function Module(panneau, sections) {
    var self = this;
    this.panneau = panneau;
    this.id = panneau.dataset.module;
    this.version = panneau.dataset.version;
    this.seuil = +panneau.dataset.seuil;
    this.tirage = +panneau.dataset.tirage || sections.length;
    this.aBanque = +panneau.dataset.banque > 0;
    try { this.objectifs = JSON.parse(panneau.dataset.objectifs || "[]"); } catch (e) { this.objectifs = []; }
    // Without a bank, the pass draws from the practice questions: their HTML, key included, taken
    // before the key leaves the page.
    if (!this.aBanque) this.source = sections.map(function (s) { return [s.dataset.quizId, s.outerHTML]; });
    this.questions = sections.map(function (s) { return new Question(s); });  // practice
    this.passeQs = [];
    this.statut = panneau.querySelector(".reperes-validation-statut");
    this.bilan = panneau.querySelector(".reperes-validation-bilan");
    this.outils = panneau.querySelector(".reperes-validation-outils");
    this.commencer = panneau.querySelector(".reperes-valider-commencer");
    panneau.querySelector(".reperes-validation-sansjs").hidden = true;
    this.outils.hidden = false;
    this.abandon = document.createElement("button");
    this.abandon.type = "button";
    this.abandon.className = "reperes-valider-abandonner";
    this.abandon.textContent = "Abandonner la validation";
    this.abandon.hidden = true;
    this.commencer.after(this.abandon);
    this.verrou = document.createElement("p");
    this.verrou.className = "reperes-validation-verrou";
    this.verrou.id = "reperes-validation-verrou";
    this.verrou.hidden = true;
    this.outils.appendChild(this.verrou);
    this.zone = document.createElement("div");
    this.zone.className = "reperes-passe";
    this.zone.hidden = true;
    panneau.after(this.zone);
    this.commencer.addEventListener("click", function () { self.demarrer(); });
    this.abandon.addEventListener("click", function () { self.abandonner(); });
    this.questions.forEach(function (q) {
      q.form.addEventListener("submit", function (ev) { ev.preventDefault(); self.repondre(q); });
    });
    // The sections to reread: a click (or a middle click, a new tab) on one of them counts as opened.
    function lu(ev) {
      var a = ev.target && ev.target.closest ? ev.target.closest("a.reperes-relire[href]") : null;
      if (a) self.marquerLu(a.getAttribute("href"));
    }
    this.bilan.addEventListener("click", lu);
    this.bilan.addEventListener("auxclick", lu);
    var etat = lire(), passe = etat.passes[this.id];
    if (passe && passe.v === this.version && passe.ids) {
      if (this.nettoyer(passe)) ecrire(etat);  // answers to questions the pass did not draw (storage, suspend_data) go
      this.appliquer(passe);
    }
    else {
      if (passe) { delete etat.passes[this.id]; ecrire(etat); }  // an old version's pass: its questions changed
      this.entrainement();
    }
  }
  /* Keeps, in a stored pass, only the answers to the questions it drew; true if anything went. */
  Module.prototype.nettoyer = function (passe) {
    var propres = {}, change = false;
    Object.keys(passe.reponses).forEach(function (id) { if (passe.ids.indexOf(id) >= 0) propres[id] = passe.reponses[id]; else change = true; });
    passe.reponses = propres;
    return change;
  };
  Module.prototype.passe = function () { var p = lire().passes[this.id]; return p && p.v === this.version && p.ids ? p : null; };
  Module.prototype.enCours = function () { return this.panneau.classList.contains("reperes-en-validation"); };
  /* {ids, html: {id: html}} of the bank, or null when its script is missing. */
  Module.prototype.banque = function () {
    if (!this._banque) {
      var liste = this.aBanque ? decoderBanque(this.id, this.version) : this.source;
      if (!liste) return null;
      var html = {};
      liste.forEach(function (x) { html[x[0]] = x[1]; });
      this._banque = { ids: liste.map(function (x) { return x[0]; }), html: html };
    }
    return this._banque;
  };
  /* Practice questions leave the page during a pass (and come back after). */
  Module.prototype.pratique = function (montrer) {
    this.questions.forEach(function (q) {
      if (!montrer && q.section.isConnected) {
        q.place = document.createComment("reperes-entrainement");
        q.section.replaceWith(q.place);
      } else if (montrer && q.place && q.place.parentNode) {
        q.place.replaceWith(q.section);
        q.place = null;
      }
    });
  };
  Module.prototype.dernier = function (etat) {
    var m = (etat || lire()).modules[this.id] || {};
    return { m: m, echec: !!(m.dernier && m.dernier.v === this.version && !m.dernier.ok) };
  };
  /* After a failure, the next pass waits until every section to reread has been opened. */
  Module.prototype.majVerrou = function () {
    var d = this.dernier(), reste = d.echec ? (d.m.arelire || []) : [];
    this.commencer.disabled = reste.length > 0;
    if (reste.length) this.commencer.setAttribute("aria-describedby", this.verrou.id);
    else this.commencer.removeAttribute("aria-describedby");
    this.verrou.hidden = !reste.length;
    this.verrou.textContent = reste.length ? "Avant une nouvelle validation, ouvrez les sections du guide à relire " +
      "indiquées ci-dessous (encore " + reste.length + ")." : "";
  };
  Module.prototype.marquerLu = function (href) {
    var etat = lire(), m = etat.modules[this.id];
    if (!m || !m.arelire || m.arelire.indexOf(href) < 0) return;
    m.arelire = m.arelire.filter(function (h) { return h !== href; });
    ecrire(etat);
    this.bilan.querySelectorAll("a.reperes-relire").forEach(function (a) {
      if (a.getAttribute("href") === href) marquerRelu(a.parentNode);
    });
    this.majVerrou();
  };
  /* Another tab changed the progress: show its pass, or say that the pass moved on there. */
  Module.prototype.suivre = function () {
    var passe = this.passe(), ici = this.enCours();
    if (passe) { this.nettoyer(passe); this.appliquer(passe); }
    else if (ici) {
      this.entrainement();
      this.statut.textContent = "Cette validation a été terminée ou abandonnée dans un autre onglet. " + this.statut.textContent;
    }
    majPage();
  };
  Module.prototype.entrainement = function () {
    var etat = lire();
    this.panneau.querySelectorAll(".reperes-validation-suite").forEach(function (n) { n.remove(); });
    this.zone.hidden = true; this.zone.innerHTML = ""; this.passeQs = [];
    this.pratique(true);
    this.questions.forEach(function (q) {
      q.effacer(); q.verrouiller(false); q.ordonner(q.ordreInitial);
      q.form.reset();
      q.bouton.textContent = "Vérifier";
      if (reussi(etat, q.id, q.empreinte)) {
        q.section.classList.add("reperes-deja-reussi");
        q.statut.textContent = "Vous avez déjà réussi cette question à l’entraînement.";
      }
    });
    this.panneau.classList.remove("reperes-en-validation");
    this.commencer.hidden = false; this.abandon.hidden = true;
    var d = this.dernier(etat), m = d.m;
    this.commencer.textContent = m.valide && m.valide.v === this.version ? "Refaire la validation" :
      (d.echec ? "Recommencer la validation" : "Commencer la validation");
    var tentatives = m.tentatives ? " " + pluriel(m.tentatives, "tentative") + " de validation." : "";
    if (m.valide && m.valide.v === this.version) {
      this.statut.textContent = "Module validé le " + dateFr(m.valide.d) + " (" + m.valide.s + " sur " + m.valide.n + ")." + tentatives;
      this.statut.after(suiteApresResultat());
    } else {
      this.statut.textContent = tentatives.trim();
      if (d.echec) this.afficherBilan(m.dernier);
    }
    this.majVerrou();
  };
  Module.prototype.demarrer = function () {
    var etat = lire(), d = this.dernier(etat), banque = this.banque();
    if (d.echec && (d.m.arelire || []).length) { this.majVerrou(); return; }
    if (!banque) { this.statut.textContent = "Les questions de validation de ce module n’ont pas pu être chargées : rechargez la page."; return; }
    var graine = nouvelleGraine();
    etat.passes[this.id] = { v: this.version, graine: graine, d: aujourdhui(), reponses: {},
      ids: tirer(banque.ids, this.objectifs, Math.min(this.tirage, banque.ids.length), d.m.precedente, graine) };
    ecrire(etat);
    this.bilan.hidden = true; this.bilan.innerHTML = "";
    this.appliquer(etat.passes[this.id]);
    var premiere = this.passeQs[0];
    if (premiere) premiere.section.querySelector("legend").scrollIntoView({ block: "start" });
    if (premiere) premiere.form.querySelector("input").focus({ preventScroll: true });
    majPage();
  };
  /* Show a pass: its drawn questions, options shuffled by its seed, the answers given so far. */
  Module.prototype.appliquer = function (passe) {
    var self = this, banque = this.banque();
    if (!banque) { this.entrainement(); this.statut.textContent = "Les questions de validation de ce module n’ont pas pu être chargées : rechargez la page."; return; }
    this.panneau.classList.add("reperes-en-validation");
    this.commencer.hidden = true; this.abandon.hidden = false; this.verrou.hidden = true;
    this.bilan.hidden = true;
    this.pratique(false);
    this.zone.innerHTML = "";
    var total = passe.ids.length;
    this.passeQs = passe.ids.filter(function (id) { return banque.html[id]; }).map(function (id, k) {
      var tmp = document.createElement("div");
      tmp.innerHTML = banque.html[id];
      var section = tmp.firstElementChild;
      self.zone.appendChild(section);
      var q = new Question(section);
      q.form.querySelector(".reperes-quiz-actions").hidden = true;
      section.classList.add("reperes-quiz-passe");
      q.section.querySelector("legend").textContent = "Question " + (k + 1) + " sur " + total;
      var ordre = melanger(q.ordreInitial.length, (passe.graine ^ graineDe(q.id)) >>> 0);
      q.ordonner(ordre.map(function (i) { return q.ordreInitial[i]; }));
      (passe.reponses[id] || []).forEach(function (i) {
        var input = q.form.querySelector('input[value="' + i + '"]'); if (input) input.checked = true;
      });
      q.form.addEventListener("change", function () { self.enregistrer(q); });
      q.form.addEventListener("submit", function (ev) { ev.preventDefault(); });
      return q;
    });
    var fin = document.createElement("p");
    fin.className = "reperes-passe-fin";
    var terminer = document.createElement("button");
    terminer.type = "button"; terminer.className = "reperes-valider-terminer"; terminer.textContent = "Terminer la validation";
    terminer.addEventListener("click", function () { self.terminer(); });
    fin.appendChild(terminer);
    this.zone.appendChild(fin);
    this.zone.hidden = false;
    this.majAvancement(passe);
  };
  Module.prototype.enregistrer = function (q) {
    var etat = lire(), passe = etat.passes[this.id];
    if (!passe || passe.v !== this.version || !passe.ids) { this.suivre(); return; }  // ended in another tab
    var choisis = q.choisis();
    if (choisis.length) passe.reponses[q.id] = choisis; else delete passe.reponses[q.id];
    ecrire(etat);
    this.majAvancement(passe);
    majPage();
  };
  Module.prototype.majAvancement = function (passe) {
    var faites = Object.keys(passe.reponses).length, n = passe.ids.length;
    this.statut.textContent = "Validation en cours : " + faites + " question" + (faites > 1 ? "s" : "") + " répondue" +
      (faites > 1 ? "s" : "") + " sur " + n + ". Rien ne dit si une réponse est juste avant la fin ; vous pouvez changer " +
      "vos réponses jusqu’à « Terminer la validation ».";
  };
  Module.prototype.repondre = function (q) {  // practice: answer, read, try again
    var choisis = q.choisis();
    if (!choisis.length) { q.statut.textContent = "Choisissez au moins une réponse, puis « " + q.bouton.textContent + " »."; return; }
    var bon = q.corriger(choisis, false);
    q.statut.textContent = bon ? "Bonne réponse." :
      (q.multiple ? "Pas tout à fait : il faut cocher exactement les bonnes réponses. " : "Ce n’est pas la bonne réponse. ") +
      "Lisez le retour sous votre choix, puis réessayez.";
    if (bon) {
      var etat = lire();
      etat.quiz[q.id] = { e: q.empreinte, ok: true, d: aujourdhui() };
      ecrire(etat);
    }
    majPage();
  };
  Module.prototype.terminer = function () {
    var passe = this.passe();
    if (!passe) { this.suivre(); return; }  // ended in another tab
    var manquent = passe.ids.filter(function (id) { return !(passe.reponses[id] || []).length; }).length;
    if (manquent) {
      this.statut.textContent = "Il reste " + pluriel(manquent, "question") + " sans réponse : répondez à chaque question, " +
        "puis « Terminer la validation ».";
      return;
    }
    this.finir(false);
  };
  /* The end of a pass, finished or abandoned: one attempt more. */
  Module.prototype.finir = function (abandon) {
    var etat = lire(), passe = etat.passes[this.id], self = this, score = 0, rates = [];
    if (!passe) return;
    this.passeQs.forEach(function (q) {
      if (q.estJuste(passe.reponses[q.id] || [])) score++; else rates.push(q.id);
    });
    var n = passe.ids.length, ok = !abandon && estValide(score, n, this.seuil), d = aujourdhui();
    // What to review: the objectives whose drawn questions were missed, and the guide sections
    // the feedback of those questions points to (never their keys).
    var objectifs = [], relire = [], vus = {};
    this.objectifs.forEach(function (o, i) {
      if ((o.questions || []).some(function (id) { return rates.indexOf(id) >= 0; })) objectifs.push(i);
    });
    this.passeQs.forEach(function (q) {
      if (rates.indexOf(q.id) < 0) return;
      q.liens().forEach(function (l) {
        var h = l.getAttribute("href");
        if (!vus[h]) { vus[h] = 1; relire.push([h, libelle(l)]); }
      });
    });
    var m = etat.modules[this.id] = etat.modules[this.id] || {};
    m.tentatives = (m.tentatives || 0) + 1;
    m.precedente = passe.ids.slice();
    m.dernier = { v: this.version, d: d, s: score, n: n, ok: ok, rates: rates, objectifs: objectifs, relire: relire };
    if (abandon) m.dernier.abandon = true;
    m.arelire = ok ? [] : relire.map(function (x) { return x[0]; });
    if (ok) m.valide = { v: this.version, d: d, s: score, n: n };
    delete etat.passes[this.id];
    ecrire(etat);
    this.panneau.classList.remove("reperes-en-validation");
    this.abandon.hidden = true; this.commencer.hidden = false;
    this.commencer.textContent = ok ? "Refaire la validation" : "Recommencer la validation";
    this.statut.textContent = pluriel(m.tentatives, "tentative") + " de validation.";
    if (ok) {  // passed: every question with its feedback
      this.passeQs.forEach(function (q) {
        var choisis = passe.reponses[q.id] || [];
        q.corriger(choisis, true);
        q.verrouiller(true);
        q.statut.textContent = q.estJuste(choisis) ? "Bonne réponse." : "Réponse fausse.";
      });
      var fin = this.zone.querySelector(".reperes-passe-fin");
      if (fin) fin.remove();
      var titre = document.createElement("h4");
      titre.textContent = "Vos réponses, avec le retour de chaque question";
      this.zone.insertBefore(titre, this.zone.firstChild);
    } else {  // failed: no key, the questions leave the page
      this.zone.hidden = true; this.zone.innerHTML = ""; this.passeQs = [];
      this.pratique(true);
    }
    this.afficherBilan(m.dernier);
    this.majVerrou();
    document.dispatchEvent(new CustomEvent("reperes:validation", {
      detail: { module: this.id, version: this.version, score: score, total: n, seuil: this.seuil, valide: ok,
                tentatives: m.tentatives } }));
    majPage();
    // The result, read out and shown from its first line (the score, then the next step), under the header.
    self.bilan.focus({ preventScroll: true });
    self.bilan.scrollIntoView({ block: "start" });
  };
  Module.prototype.afficherBilan = function (dernier) {
    var self = this, b = this.bilan, m = lire().modules[this.id] || {}, reste = m.arelire || [];
    b.innerHTML = "";
    var p = document.createElement("p");
    p.className = "reperes-validation-score";
    p.textContent = (dernier.abandon ? "Validation abandonnée : elle compte comme une tentative non validée. " : "") +
      "Score : " + dernier.s + " sur " + dernier.n + " (" + pourcent(dernier.s, dernier.n) + "). " +
      (dernier.ok ? "Module validé." : "Module non validé : il faut au moins " + this.seuil + "\u00a0% de bonnes réponses.");
    b.appendChild(p);
    b.appendChild(suiteApresResultat(!dernier.ok));
    function liste(titre, elements) {
      if (!elements.length) return;
      var intro = document.createElement("p");
      intro.textContent = titre;
      b.appendChild(intro);
      var ul = document.createElement("ul");
      elements.forEach(function (e) { ul.appendChild(e); });
      b.appendChild(ul);
    }
    if (!dernier.ok) {
      liste("Objectifs à retravailler :", (dernier.objectifs || []).filter(function (i) { return self.objectifs[i]; }).map(function (i) {
        var li = document.createElement("li"); li.textContent = self.objectifs[i].texte; return li;
      }));
      liste("Sections du guide à relire avant une nouvelle validation :", (dernier.relire || []).map(function (x) {
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = x[0]; a.className = "reperes-relire"; a.textContent = x[1] || x[0];
        li.appendChild(a);
        if (reste.indexOf(x[0]) < 0) marquerRelu(li);
        return li;
      }));
    }
    var retour = document.createElement("button");
    retour.type = "button"; retour.textContent = "Revenir à l’entraînement";
    retour.addEventListener("click", function () { b.hidden = true; self.entrainement(); });
    var para = document.createElement("p");
    para.appendChild(retour);
    b.appendChild(para);
    b.hidden = false;
  };
  Module.prototype.abandonner = function () {
    if (!window.confirm("Abandonner cette validation ? Elle comptera comme une tentative non validée.")) return;
    this.finir(true);
  };

  /* -- « mode séance »: the trainer projects the questions, one at a time, in large type.
   * Opened by #seance (the trainer's sheet links it) or its button; → and ← move, Espace reveals
   * the answer and the feedback, Échap closes. Nothing is stored. */
  function Seance(questions) {
    this.questions = questions;
    this.rang = 0;
    var vue = this.vue = document.createElement("div");
    vue.className = "reperes-seance";
    vue.setAttribute("role", "dialog");
    vue.setAttribute("aria-modal", "true");
    vue.setAttribute("aria-labelledby", "reperes-seance-titre");
    vue.tabIndex = -1;
    vue.hidden = true;
    vue.innerHTML = '<p class="reperes-seance-aide">← → : question précédente, suivante · Espace : révéler la réponse · Échap : fermer</p>' +
      '<h2 id="reperes-seance-titre" class="reperes-seance-titre"></h2><div class="reperes-seance-question"></div>' +
      '<p class="reperes-seance-statut" role="status" aria-live="polite"></p><p class="reperes-seance-boutons"></p>';
    var self = this, boutons = vue.querySelector(".reperes-seance-boutons");
    [["Question précédente", function () { self.aller(-1); }], ["Révéler la réponse", function () { self.reveler(); }],
     ["Question suivante", function () { self.aller(1); }], ["Plein écran", function () { self.plein(); }],
     ["Fermer", function () { self.fermer(); }]].forEach(function (b) {
      var e = document.createElement("button"); e.type = "button"; e.textContent = b[0];
      e.addEventListener("click", b[1]); boutons.appendChild(e); boutons.appendChild(document.createTextNode(" "));
    });
    vue.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowRight") { ev.preventDefault(); self.aller(1); }
      else if (ev.key === "ArrowLeft") { ev.preventDefault(); self.aller(-1); }
      else if (ev.key === " " && !(ev.target instanceof HTMLButtonElement)) { ev.preventDefault(); self.reveler(); }
      else if (ev.key === "Escape") { ev.preventDefault(); self.fermer(); }
    });
    document.body.appendChild(vue);
  }
  Seance.prototype.ouvrir = function () {
    this.ouvreur = document.activeElement;
    document.documentElement.classList.add("reperes-seance-ouverte");
    var vue = this.vue;
    vue.hidden = false; this.montrer(); vue.focus();
    window.addEventListener("load", function () { if (!vue.hidden) vue.focus(); }, { once: true });
  };
  Seance.prototype.fermer = function () {
    this.vue.hidden = true;
    document.documentElement.classList.remove("reperes-seance-ouverte");
    if (document.fullscreenElement && document.exitFullscreen) document.exitFullscreen();
    if (location.hash === "#seance") history.replaceState(null, "", location.pathname + location.search);
    if (this.ouvreur && this.ouvreur.focus) this.ouvreur.focus();
  };
  Seance.prototype.plein = function () {
    if (this.vue.requestFullscreen) this.vue.requestFullscreen().catch(function () { /* refused: stays full window */ });
  };
  Seance.prototype.aller = function (pas) {
    var rang = Math.min(this.questions.length - 1, Math.max(0, this.rang + pas));
    if (rang !== this.rang) { this.rang = rang; this.montrer(); }
  };
  Seance.prototype.montrer = function () {
    var q = this.questions[this.rang], zone = this.vue.querySelector(".reperes-seance-question");
    this.revele = false;
    this.vue.querySelector(".reperes-seance-titre").textContent =
      "Question " + (this.rang + 1) + " sur " + this.questions.length;
    zone.innerHTML = "";
    var enonce = q.section.querySelector(".reperes-quiz-enonce").cloneNode(true);
    enonce.removeAttribute("id");
    zone.appendChild(enonce);
    var ol = document.createElement("ol");
    ol.type = "a"; ol.className = "reperes-seance-options";
    [].slice.call(q.liste.children).forEach(function (li) {
      var o = document.createElement("li");
      o.dataset.index = li.dataset.index;
      o.innerHTML = '<span class="reperes-seance-texte">' + li.querySelector("label").innerHTML + "</span>";
      ol.appendChild(o);
    });
    zone.appendChild(ol);
    this.vue.querySelector(".reperes-seance-statut").textContent = "Réponse cachée : Espace pour la révéler.";
  };
  Seance.prototype.reveler = function () {
    if (this.revele) return;
    this.revele = true;
    var q = this.questions[this.rang], zone = this.vue.querySelector(".reperes-seance-question");
    zone.querySelectorAll(".reperes-seance-options > li").forEach(function (o) {
      var ligne = q.corrige.querySelector('.reperes-corrige-option[data-index="' + o.dataset.index + '"]');
      var juste = ligne.dataset.juste === "true", retour = ligne.querySelector(".reperes-quiz-retour");
      o.classList.add(juste ? "reperes-ok" : "reperes-ko");
      var p = document.createElement("div");
      p.className = "reperes-seance-retour";
      var dit = ditSonVerdict(retour);  // the feedback already says it
      p.innerHTML = (dit ? "" : "<strong>" + (juste ? "Juste." : "Non.") + "</strong> ") + (retour ? retour.innerHTML : "");
      o.appendChild(p);
    });
    var explication = q.corrige.querySelector(".reperes-explication");
    if (explication) {
      var e = document.createElement("div");
      e.className = "reperes-explication";
      e.innerHTML = explication.innerHTML;
      zone.appendChild(e);
    }
    var lettres = [].slice.call(zone.querySelectorAll(".reperes-seance-options > li")).map(function (o, i) {
      return o.classList.contains("reperes-ok") ? "abcdefghij"[i] : null; }).filter(Boolean);
    this.vue.querySelector(".reperes-seance-statut").textContent = "Réponse : " + lettres.join(", ") + ".";
  };

  /* Questions outside a module page (none today) work in practice mode only. */
  function initPage() {
    var sections = [].slice.call(document.querySelectorAll(".reperes-quiz"));
    var panneau = document.querySelector(".reperes-validation");
    if (panneau) {
      // « Mode séance » shows the practice questions only, and never during a pass. It is the
      // trainer's: opened from the trainer's sheet (#seance), never a button among the agent's controls.
      var module = new Module(panneau, sections), seance = new Seance(module.questions);
      // Another tab changed the stored state (storage event): follow it.
      document.addEventListener("reperes:ailleurs", function () { module.suivre(); });
      function parLien() { if (location.hash === "#seance" && !module.enCours() && module.questions.length) seance.ouvrir(); }
      parLien();
      window.addEventListener("hashchange", parLien);
      return;
    }
    sections.forEach(function (s) {
      var q = new Question(s);
      q.form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var choisis = q.choisis();
        if (!choisis.length) { q.statut.textContent = "Choisissez au moins une réponse, puis « Vérifier »."; return; }
        var bon = q.corriger(choisis, false);
        q.statut.textContent = bon ? "Bonne réponse." : "Ce n’est pas la bonne réponse. Lisez le retour sous votre choix, puis réessayez.";
      });
    });
  }

  /* -- state shown on any page: the module card, « Ma progression » ---------------------------- */
  function majPage() {
    var etat = lire();
    document.querySelectorAll(".reperes-module-progression").forEach(function (p) {
      var b = bilanModule(etat, p);
      p.textContent = "Votre progression : " + texteEtat(b) + ".";
    });
    document.querySelectorAll(".reperes-progression-module").forEach(function (li) {
      var b = bilanModule(etat, li), marque = li.querySelector(".reperes-etat");
      li.classList.toggle("reperes-fini", b.valide);
      if (marque) marque.textContent = " — " + texteEtat(b);
    });
    document.querySelectorAll(".reperes-progression-parcours").forEach(function (s) {
      var lis = s.querySelectorAll(".reperes-progression-module"), faits = s.querySelectorAll(".reperes-fini").length;
      var socle = s.querySelectorAll(".reperes-progression-module[data-socle]");
      var socleFait = s.querySelectorAll(".reperes-progression-module[data-socle].reperes-fini").length;
      // « Formé » follows the socle (README, « Pilotage »): the receipt comes with it.
      var forme = socle.length > 0 && socleFait === socle.length, fini = lis.length > 0 && faits === lis.length;
      var bilan = s.querySelector(".reperes-progression-bilan");
      if (bilan) {
        bilan.textContent = faits + " module" + (faits > 1 ? "s" : "") + " validé" + (faits > 1 ? "s" : "") + " sur " + lis.length
          + (socle.length ? " (socle : " + socleFait + " sur " + socle.length + ")." : ".")
          + (forme ? " Socle validé : vous êtes compté comme formé." : "")
          + (fini ? " Parcours complet : tous ses modules sont validés." : "");
      }
      var actions = s.querySelector(".reperes-progression-actions");
      s.classList.toggle("reperes-parcours-fini", fini);
      s.classList.toggle("reperes-socle-valide", forme);
      if (actions) actions.hidden = !forme;
      resteDuSocle(s, [].filter.call(socle, function (li) { return !li.classList.contains("reperes-fini"); }));
    });
  }

  /* « Ma progression », first in each parcours: the socle's modules still to validate, the first
   * one as a button (the parcours is kept by the link: #parcours=…). */
  function resteDuSocle(s, manquants) {
    var zone = s.querySelector(".reperes-progression-reste");
    if (!zone) return;
    zone.textContent = "";
    zone.hidden = !manquants.length;
    if (!manquants.length) return;
    function lien(li, texte) {
      var source = li.querySelector("a"), a = document.createElement("a");
      a.href = source.getAttribute("href").split("#")[0] + "#parcours=" + s.dataset.parcours;
      a.textContent = texte || source.textContent;
      return a;
    }
    var minutes = manquants.reduce(function (t, li) { return t + (+li.dataset.duree || 0); }, 0);
    var titre = document.createElement("p");
    titre.className = "reperes-progression-reste-titre";
    titre.textContent = "Reste à valider pour le socle : " + pluriel(manquants.length, "module") + ", " + minutes + " min.";
    zone.appendChild(titre);
    var suite = document.createElement("p");
    suite.className = "reperes-bouton";
    suite.appendChild(lien(manquants[0], "Continuer : " + manquants[0].dataset.titre));
    zone.appendChild(suite);
    var ol = document.createElement("ol");
    manquants.forEach(function (li) {
      var e = document.createElement("li");
      e.appendChild(lien(li));
      e.appendChild(document.createTextNode(" — " + li.dataset.duree + " min"));
      ol.appendChild(e);
    });
    zone.appendChild(ol);
  }

  /* -- receipt of a validated socle (README, « Attestations », « Format du code ») --------------
   * 5 symbols: parcours code (12 bits) and days since data-epoque (13); 6: socle versions digest (30);
   * 4: the agent check, first 20 bits of SHA-1("AGENT:parcours:days:versions"); then the check c:
   * Σ vᵢ·α^(15−i) = 0 in GF(32) (x⁵+x²+1). Nothing is stored: neither the name nor the identifier. */
  function fois(s) { return (s << 1) ^ (s & 16 ? 37 : 0); }
  function symboles(n, k) { var r = []; while (k--) { r.unshift(n % 32); n = Math.floor(n / 32); } return r; }
  function sha1(texte) {  // hex digest of the UTF-8 bytes (no crypto.subtle: it is asynchronous, and off on some file:// pages)
    var o = unescape(encodeURIComponent(texte)), n = o.length, mots = [], i, j;
    for (i = 0; i < n; i++) mots[i >> 2] |= o.charCodeAt(i) << (24 - 8 * (i & 3));
    mots[n >> 2] |= 0x80 << (24 - 8 * (n & 3));
    var total = (((n + 8) >> 6) + 1) * 16;
    for (i = 0; i < total; i++) mots[i] = mots[i] | 0;
    mots[total - 1] = n * 8;
    var h = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0], w = [];
    function rot(x, k) { return (x << k) | (x >>> (32 - k)); }
    for (i = 0; i < total; i += 16) {
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
      for (j = 0; j < 80; j++) {
        w[j] = j < 16 ? mots[i + j] : rot(w[j - 3] ^ w[j - 8] ^ w[j - 14] ^ w[j - 16], 1);
        var f = j < 20 ? (b & c) | (~b & d) : j < 40 ? b ^ c ^ d : j < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
        var k = j < 20 ? 0x5A827999 : j < 40 ? 0x6ED9EBA1 : j < 60 ? 0x8F1BBCDC : 0xCA62C1D6;
        var t = (rot(a, 5) + f + e + k + w[j]) | 0;
        e = d; d = c; c = rot(b, 30); b = a; a = t;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0; h[4] = (h[4] + e) | 0;
    }
    return h.map(function (x) { return ("00000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }
  var AGENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;  // a pseudonym, as in the records file (suivi.AGENT)
  function codeRecu(alphabet, parcours, jours, versions, agent) {
    var id = agent.trim().toUpperCase();
    var etiquette = parseInt(sha1(id + ":" + parcours + ":" + jours + ":" + versions).slice(0, 5), 16);
    var v = symboles(parcours * 8192 + jours, 5).concat(symboles(versions, 6), symboles(etiquette, 4)), c = 0;
    v.forEach(function (x) { c = fois(c) ^ x; });
    v.push(fois(c));
    return v.map(function (x) { return alphabet[x]; }).join("").replace(/(....)(?!$)/g, "$1-");
  }
  function dates(s, etat, selecteur) {  // validation dates of the parcours's modules (or of its socle's)
    return [].slice.call(s.querySelectorAll(selecteur || ".reperes-progression-module")).map(function (li) {
      var m = etat.modules[li.dataset.module]; return m && m.valide ? m.valide.d : "";
    });
  }
  function initAttestation(racine) {
    var vue = racine.querySelector(".reperes-attestation"), html = document.documentElement, ouvreur, courant;
    if (!vue) return;
    var nom = vue.querySelector("#attestation-nom"), agent = vue.querySelector("#attestation-agent");
    var ul = vue.querySelector("ul"), d0 = racine.dataset, sortie = vue.querySelector(".reperes-attestation-code");
    function majCode() {
      if (!courant) return;
      var id = agent.value.trim();
      if (!id) { sortie.textContent = "saisissez d’abord votre identifiant d’agent"; return; }
      if (!AGENT.test(id)) { sortie.textContent = "identifiant invalide : lettres, chiffres, « - _ . », sans espace (jamais un nom)"; return; }
      sortie.textContent = codeRecu(d0.alphabet, +courant.dataset.codeParcours, courant.jours, +courant.dataset.codeVersions, id);
    }
    agent.addEventListener("input", majCode);
    racine.querySelectorAll(".reperes-attestation-obtenir").forEach(function (b) {
      b.addEventListener("click", function () {
        var s = b.closest(".reperes-progression-parcours"), etat = lire();
        var d = dates(s, etat, ".reperes-progression-module[data-socle]").reduce(function (a, x) { return x > a ? x : a; }, "") || aujourdhui();
        ul.textContent = "";
        s.querySelectorAll(".reperes-progression-module[data-socle]").forEach(function (li) {
          var e = document.createElement("li");
          e.textContent = li.dataset.titre + " — version " + li.dataset.version;
          ul.appendChild(e);
        });
        courant = s;
        s.jours = Math.round((Date.parse(d) - Date.parse(d0.epoque)) / 864e5);
        vue.querySelector(".reperes-attestation-complet").textContent = s.classList.contains("reperes-parcours-fini")
          ? "Parcours complet : tous ses modules sont validés." : "Les modules spécifiques du parcours restent à valider ; ils ne changent pas ce reçu.";
        vue.querySelector(".reperes-attestation-parcours").textContent = s.dataset.titre;
        vue.querySelector(".reperes-attestation-date").textContent = dateFr(d);
        majCode();
        ouvreur = b; vue.hidden = false; html.classList.add("reperes-attestation-ouverte");
        vue.querySelector("h2").focus();
      });
    });
    vue.querySelector(".reperes-imprimer").addEventListener("click", function () { window.print(); });
    vue.querySelector(".reperes-fermer").addEventListener("click", function () {
      nom.value = ""; agent.value = ""; sortie.textContent = ""; courant = null;
      vue.hidden = true; html.classList.remove("reperes-attestation-ouverte");
      if (ouvreur) ouvreur.focus();
    });
  }

  /* A calendar file with the day the parcours stops counting: the first module validated + N years − 1 day. */
  function ics(titre, finIso, parcours) {
    var jour = finIso.replace(/-/g, ""), stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15) + "Z";
    function plier(l) { var r = []; while (l.length > 74) { r.push(l.slice(0, 74)); l = " " + l.slice(74); } r.push(l); return r.join("\r\n"); }
    function echapper(t) { return t.replace(/([,;\\])/g, "\\$1"); }
    return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Repères//Progression//FR", "CALSCALE:GREGORIAN", "BEGIN:VEVENT",
      "UID:" + parcours + "-" + jour + "@reperes", "DTSTAMP:" + stamp, "DTSTART;VALUE=DATE:" + jour,
      plier("SUMMARY:" + echapper("Renouveler ma formation Repères : " + titre)),
      plier("DESCRIPTION:" + echapper("Dernier jour où ma validation de ce parcours compte. Refaites la validation des modules dans « Ma progression » avant cette date.")),
      "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P30D", "DESCRIPTION:" + echapper("Renouveler ma formation Repères"), "END:VALARM",
      "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
  }
  function finValidite(iso, annees) {  // last day counted: D + N years − 1 day (29 February: 28 February)
    var a = +iso.slice(0, 4) + annees, m = +iso.slice(5, 7), j = +iso.slice(8, 10);
    var d = new Date(Date.UTC(a, m - 1, j));
    if (d.getUTCMonth() !== m - 1) d = new Date(Date.UTC(a, m - 1, 28)); else d = new Date(d.getTime() - 864e5);
    return d.toISOString().slice(0, 10);
  }
  function initCalendrier(racine) {
    racine.querySelectorAll(".reperes-calendrier").forEach(function (b) {
      b.addEventListener("click", function () {
        var s = b.closest(".reperes-progression-parcours"), premieres = dates(s, lire(), ".reperes-progression-module[data-socle]").filter(Boolean).sort();
        if (!premieres.length) return;
        var fin = finValidite(premieres[0], +(racine.dataset.validiteAnnees || 3));
        var url = URL.createObjectURL(new Blob([ics(s.dataset.titre, fin, s.dataset.parcours)], { type: "text/calendar" }));
        var a = document.createElement("a");
        a.href = url; a.download = "reperes-" + s.dataset.parcours + ".ics";
        document.body.appendChild(a); a.click(); a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
        var note = s.querySelector(".reperes-calendrier-note") || document.createElement("p");
        note.className = "reperes-calendrier-note";
        note.textContent = "Fichier d’agenda enregistré : renouvellement à faire au plus tard le " + dateFr(fin) + ".";
        b.closest("p").after(note);
      });
    });
  }

  function initProgression(racine) {
    var sections = racine.querySelectorAll(".reperes-progression-parcours");
    var note = racine.querySelector(".reperes-progression-note");
    note.textContent = "Votre progression est enregistrée dans ce navigateur seulement : rien n’est envoyé.";
    // Choice of parcours, remembered.
    var label = document.createElement("label"), select = document.createElement("select");
    label.textContent = "Mon parcours : ";
    label.htmlFor = select.id = "reperes-choix-parcours";
    var tous = document.createElement("option");
    tous.value = ""; tous.textContent = "tous les parcours";
    select.appendChild(tous);
    sections.forEach(function (s) {
      var o = document.createElement("option");
      o.value = s.dataset.parcours; o.textContent = s.dataset.libelle;
      select.appendChild(o);
    });
    select.value = lire().parcours || "";
    function filtrer() {
      sections.forEach(function (s) { s.hidden = !!select.value && s.dataset.parcours !== select.value; });
    }
    select.addEventListener("change", function () { var e = lire(); e.parcours = select.value; ecrire(e); filtrer(); });
    var p = document.createElement("p");
    p.className = "reperes-mon-parcours";
    p.appendChild(label); p.appendChild(select);
    note.after(p);
    // A trainer's link: #modules=a,b,c shows exactly those modules.
    var m = /modules=([a-z0-9,-]+)/.exec(location.hash);
    if (m) {
      var voulus = m[1].split(","), selection = racine.querySelector(".reperes-selection");
      selection.hidden = false;
      selection.querySelectorAll(".reperes-progression-module").forEach(function (li) {
        li.hidden = voulus.indexOf(li.dataset.module) < 0;
      });
      sections.forEach(function (s) { s.hidden = true; });
      p.hidden = true;
    } else {
      filtrer();
    }
    var effacer = document.createElement("button");
    effacer.type = "button"; effacer.className = "reperes-effacer"; effacer.textContent = "Effacer ma progression";
    effacer.addEventListener("click", function () {
      if (window.confirm("Effacer toute votre progression enregistrée dans ce navigateur ?")) {
        stockage.enlever(CLE); stockage.enlever(ANCIENNE);
        majPage();
      }
    });
    racine.appendChild(effacer);
    initAttestation(racine);
    initCalendrier(racine);
  }

  /* -- composer for trainers ---------------------------------------------------------------- */
  function initComposeur(form) {
    var sortie = form.querySelector(".reperes-composeur-sortie");
    var cible = form.querySelector(".reperes-composeur-cible a").getAttribute("href");
    function maj() {
      var ids = [].slice.call(form.querySelectorAll("input[name=module]:checked")).map(function (i) { return i.value; });
      if (!ids.length) { sortie.textContent = "Cochez au moins un module."; return; }
      var lien = cible + "#modules=" + ids.join(",");
      var absolu = new URL(lien, location.href).href;
      sortie.innerHTML = "";
      var p = document.createElement("p"), a = document.createElement("a");
      a.href = lien; a.textContent = "Ouvrir la liste de ces " + ids.length + " modules";
      p.appendChild(a);
      var champ = document.createElement("input");
      champ.type = "text"; champ.readOnly = true; champ.value = absolu; champ.className = "reperes-lien";
      champ.setAttribute("aria-label", "Lien à transmettre aux agents");
      var imprimer = document.createElement("button");
      imprimer.type = "button"; imprimer.textContent = "Imprimer la liste";
      imprimer.addEventListener("click", function () { window.print(); });
      sortie.appendChild(p); sortie.appendChild(champ); sortie.appendChild(imprimer);
    }
    form.addEventListener("change", maj);
    form.querySelectorAll("button[data-modules]").forEach(function (b) {
      b.addEventListener("click", function () {
        var voulus = b.dataset.modules.split(",");
        form.querySelectorAll("input[name=module]").forEach(function (i) { i.checked = voulus.indexOf(i.value) >= 0; });
        maj();
      });
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  }

  /* -- the agent's parcours as the way through ------------------------------------------------ */
  function parcoursDuLien() {  // a trainer's or a parcours page's link: …#parcours=parcours-atsem
    var m = /(?:^#|[#&])parcours=([a-z0-9-]+)/.exec(location.hash);
    if (!m) return;
    var etat = lire();
    if (etat.parcours !== m[1]) { etat.parcours = m[1]; ecrire(etat); }
  }
  function initNavigationParcours(nav) {
    var choisi = lire().parcours, li = choisi && nav.querySelector('li[data-parcours="' + choisi + '"]');
    if (!li) return;  // no parcours chosen, or not one of this module's: every parcours stays listed
    nav.querySelectorAll("li[data-parcours]").forEach(function (x) { x.hidden = x !== li; });
    nav.classList.add("reperes-parcours-choisi");
    nav.querySelector(".reperes-parcours-nav-titre").textContent = "Votre parcours :";
    // The page's own « Précédent » / « Suivant » follow the parcours, not the catalogue.
    [["precedent", ".prev-next-area a.left-prev"], ["suivant", ".prev-next-area a.right-next"]].forEach(function (x) {
      var voisin = li.querySelector(".reperes-parcours-" + x[0] + " a"), pied = document.querySelector(x[1]);
      if (!pied) return;
      if (!voisin) { pied.hidden = true; return; }
      pied.href = voisin.getAttribute("href");
      var titre = pied.querySelector(".prev-next-title");
      if (titre) titre.textContent = voisin.textContent;
      pied.title = voisin.textContent;
    });
    ordonnerBarreLaterale(li.dataset.ordre ? li.dataset.ordre.split(" ") : []);
  }
  /* The sidebar lists the catalogue's modules (catalogue order, from the build); with a parcours
   * chosen, its modules come first, in the parcours's order, the others after. */
  function ordonnerBarreLaterale(ordre) {
    var items = {};
    document.querySelectorAll(".bd-sidenav a.reference.internal[href]").forEach(function (a) {
      var chemin = new URL(a.getAttribute("href"), location.href).pathname;
      ordre.forEach(function (doc) {
        if (chemin.slice(-(doc.length + 6)) === "/" + doc + ".html") items[doc] = a.closest("li");
      });
    });
    var siens = ordre.map(function (doc) { return items[doc]; }).filter(Boolean);
    if (!siens.length) return;
    var ul = siens[0].parentNode, tete = document.createDocumentFragment();
    siens.forEach(function (x) { if (x.parentNode === ul) tete.appendChild(x); });
    ul.insertBefore(tete, ul.firstChild);
    siens.forEach(function (x) { x.classList.add("reperes-dans-le-parcours"); });
  }

  window.Reperes = { melanger: melanger, graineDe: graineDe, migrer: migrer, estValide: estValide, cle: CLE,
                     finValidite: finValidite, lire: lire, sha1: sha1, codeRecu: codeRecu, tirer: tirer };

  function init() {
    parcoursDuLien();
    document.querySelectorAll(".reperes-parcours-nav").forEach(initNavigationParcours);
    initPage();
    document.querySelectorAll(".reperes-progression").forEach(initProgression);
    document.querySelectorAll(".reperes-composeur").forEach(initComposeur);
    majPage();
    document.addEventListener("reperes:ailleurs", majPage);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
