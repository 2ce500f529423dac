/* Repères — practice, module validation, « Ma progression », receipts, composer.
 * The HTML works without this file (forms, answer keys in <details>). No framework, no
 * network: progress lives in this browser's localStorage only (README, « Progression »).
 *
 * Stored under PREFIX + "reperes.progression.v2" (PREFIX: <html data-reperes-prefixe>, which a
 * SCORM package's bridge sets before this file runs, since every package on one LMS shares an
 * origin; or the script tag's data-prefixe):
 *   { version: 2,
 *     quiz:    { <quiz id>: { e: fingerprint, ok: true, d: "YYYY-MM-DD" } },   practice
 *     modules: { <module id>: { valide: { v, d, s, n }, dernier: { v, d, s, n, ok, rates: [ids] } } },
 *     passes:  { <module id>: { v, graine, reponses: { <quiz id>: [indexes] }, d } },  pass under way
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
      if (Array.isArray(r.rates)) x.rates = r.rates.filter(function (id) { return typeof id === "string" && ID.test(id); });
    }
    return x;
  }
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
      return valide || dernier ? x : null;
    });
    n.passes = chaque(e.passes, function (p) {
      if (!objet(p) || !chaine(p.v) || !entier(p.graine, 0) || !jour(p.d)) return null;
      return { v: p.v, graine: p.graine, d: p.d, reponses: chaque(p.reponses, function (r) {
        if (!Array.isArray(r)) return null;
        var i = r.filter(function (x) { return typeof x === "string" && INDEX.test(x); });
        return i.length ? i : null;
      }) };
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
    var valide = !!(m.valide && m.valide.v === version);
    return { total: qs.length, entraines: entraines, valide: valide, date: valide ? m.valide.d : null,
             score: valide ? m.valide.s : null,
             enCours: !!(passe && passe.v === version) ? Object.keys(passe.reponses || {}).length : null,
             aValider: !valide && qs.length > 0 && entraines === qs.length };
  }
  function texteEtat(b) {
    if (b.valide) return "validé le " + dateFr(b.date) + " ✓";
    if (b.enCours !== null) return "validation en cours (" + b.enCours + "/" + b.total + ")";
    if (b.aValider) return "à valider (toutes les questions réussies à l’entraînement)";
    if (b.entraines) return "entraînement en cours (" + b.entraines + "/" + b.total + ")";
    return "à faire";
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
  /* Feedback under each chosen option, the explanation, and (complet) the whole key. */
  Question.prototype.corriger = function (choisis, complet) {
    var self = this;
    this.effacer();
    choisis.forEach(function (i) {
      var ligne = self.corrige.querySelector('.reperes-corrige-option[data-index="' + i + '"]');
      var place = document.getElementById("quiz-" + self.id + "-" + i + "-retour");
      var juste = ligne.dataset.juste === "true", retour = ligne.querySelector(".reperes-quiz-retour");
      place.parentNode.classList.add(juste ? "reperes-ok" : "reperes-ko");
      place.innerHTML = '<p class="reperes-verdict">' + (juste ? "Juste." : "Non.") + "</p>" + (retour ? retour.innerHTML : "");
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

  /* -- a module page: practice and validation ---------------------------------------------------- */
  function Module(panneau, sections) {
    var self = this;
    this.panneau = panneau;
    this.id = panneau.dataset.module;
    this.version = panneau.dataset.version;
    this.seuil = +panneau.dataset.seuil;
    this.questions = sections.map(function (s) { return new Question(s); });
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
    this.commencer.addEventListener("click", function () { self.demarrer(); });
    this.abandon.addEventListener("click", function () { self.abandonner(); });
    this.questions.forEach(function (q) {
      q.form.addEventListener("submit", function (ev) { ev.preventDefault(); self.repondre(q); });
    });
    var etat = lire(), passe = etat.passes[this.id];
    if (passe && passe.v === this.version) {
      if (this.nettoyer(passe)) ecrire(etat);  // answers this page cannot show (storage, suspend_data) go
      this.appliquer(passe);
    }
    else {
      if (passe) { delete etat.passes[this.id]; ecrire(etat); }  // an old version's pass: its questions changed
      this.entrainement();
    }
  }
  /* Keeps, in a stored pass, only this page's questions and their options; true if anything went. */
  Module.prototype.nettoyer = function (passe) {
    var propres = {}, change = false;
    this.questions.forEach(function (q) {
      var r = (passe.reponses[q.id] || []).filter(function (i) { return q.ordreInitial.indexOf(i) >= 0; });
      if (r.length) propres[q.id] = r;
    });
    Object.keys(passe.reponses).forEach(function (id) { if (!propres[id] || propres[id].length !== passe.reponses[id].length) change = true; });
    passe.reponses = propres;
    return change;
  };
  Module.prototype.passe = function () { var p = lire().passes[this.id]; return p && p.v === this.version ? p : null; };
  /* Another tab changed the progress: show its pass, or say that the pass moved on there. */
  Module.prototype.suivre = function () {
    var passe = this.passe(), ici = this.panneau.classList.contains("reperes-en-validation");
    if (passe) this.appliquer(passe);
    else if (ici) {
      this.entrainement();
      this.statut.textContent = "Cette validation a été terminée ou abandonnée dans un autre onglet. " + this.statut.textContent;
    }
    majPage();
  };
  Module.prototype.entrainement = function () {
    var etat = lire();
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
    this.commencer.textContent = "Commencer la validation";
    var m = etat.modules[this.id] || {};
    if (m.valide && m.valide.v === this.version) {
      this.statut.textContent = "Module validé le " + dateFr(m.valide.d) + " (" + m.valide.s + " sur " + m.valide.n + ").";
      this.commencer.textContent = "Refaire la validation";
    } else if (m.dernier && m.dernier.v === this.version && !m.dernier.ok) {
      this.statut.textContent = "";
      this.afficherBilan(m.dernier);
    }
  };
  Module.prototype.demarrer = function () {
    var etat = lire();
    etat.passes[this.id] = { v: this.version, graine: nouvelleGraine(), reponses: {}, d: aujourdhui() };
    ecrire(etat);
    this.bilan.hidden = true; this.bilan.innerHTML = "";
    this.appliquer(etat.passes[this.id]);
    var premiere = this.questions[0];
    if (premiere) premiere.section.querySelector("legend").scrollIntoView({ block: "start" });
    if (premiere) premiere.form.querySelector("input").focus({ preventScroll: true });
  };
  /* Show a pass: its order, its answered questions locked with their correction. */
  Module.prototype.appliquer = function (passe) {
    var self = this;
    this.panneau.classList.add("reperes-en-validation");
    this.commencer.hidden = true; this.abandon.hidden = false;
    this.questions.forEach(function (q) {
      q.section.classList.remove("reperes-deja-reussi");
      q.form.reset();
      q.bouton.textContent = "Valider ma réponse";
      var ordre = melanger(q.ordreInitial.length, (passe.graine ^ graineDe(q.id)) >>> 0);
      q.ordonner(ordre.map(function (i) { return q.ordreInitial[i]; }));
      var choisis = (passe.reponses[q.id] || []).filter(function (i) { return q.ordreInitial.indexOf(i) >= 0; });
      if (choisis.length) {
        choisis.forEach(function (i) { var input = q.form.querySelector('input[value="' + i + '"]'); if (input) input.checked = true; });
        var bon = q.corriger(choisis, true);
        q.verrouiller(true);
        q.statut.textContent = (bon ? "Bonne réponse." : "Réponse fausse.") + " Réponse comptée pour la validation.";
      } else {
        q.effacer(); q.verrouiller(false);
      }
    });
    this.majAvancement(passe);
  };
  Module.prototype.majAvancement = function (passe) {
    var faites = this.questions.filter(function (q) { return passe.reponses[q.id]; }).length;
    this.statut.textContent = "Validation en cours : " + faites + " question" + (faites > 1 ? "s" : "") + " répondue" +
      (faites > 1 ? "s" : "") + " sur " + this.questions.length + ". Votre première réponse à chaque question compte.";
  };
  Module.prototype.repondre = function (q) {
    var choisis = q.choisis(), passe = this.passe();
    if (!choisis.length) { q.statut.textContent = "Choisissez au moins une réponse, puis « " + q.bouton.textContent + " »."; return; }
    if (!passe && this.panneau.classList.contains("reperes-en-validation")) { this.suivre(); return; }  // ended in another tab
    if (!passe) {  // practice: answer, read, try again
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
      return;
    }
    if (passe.reponses[q.id]) return;  // the first answer counts
    var etat2 = lire();
    etat2.passes[this.id].reponses[q.id] = choisis;
    ecrire(etat2);
    var juste = q.corriger(choisis, true);
    q.verrouiller(true);
    q.statut.textContent = (juste ? "Bonne réponse." : "Réponse fausse.") + " Réponse comptée pour la validation.";
    var suivante = this.questions.filter(function (x) { return !etat2.passes[this.id].reponses[x.id]; }, this)[0];
    if (suivante) { this.majAvancement(etat2.passes[this.id]); }
    else this.terminer();
    majPage();
  };
  Module.prototype.terminer = function () {
    var etat = lire(), passe = etat.passes[this.id], self = this, score = 0, rates = [];
    this.questions.forEach(function (q) {
      if (q.estJuste(passe.reponses[q.id] || [])) score++; else rates.push(q.id);
    });
    var n = this.questions.length, ok = estValide(score, n, this.seuil), d = aujourdhui();
    var m = etat.modules[this.id] = etat.modules[this.id] || {};
    m.dernier = { v: this.version, d: d, s: score, n: n, ok: ok, rates: rates };
    if (ok) m.valide = { v: this.version, d: d, s: score, n: n };
    delete etat.passes[this.id];
    ecrire(etat);
    this.panneau.classList.remove("reperes-en-validation");
    this.abandon.hidden = true; this.commencer.hidden = false;
    this.commencer.textContent = ok ? "Refaire la validation" : "Recommencer la validation";
    this.statut.textContent = "";
    this.afficherBilan(m.dernier);
    document.dispatchEvent(new CustomEvent("reperes:validation", {
      detail: { module: this.id, version: this.version, score: score, total: n, seuil: this.seuil, valide: ok } }));
    majPage();
    self.bilan.focus();
  };
  Module.prototype.afficherBilan = function (dernier) {
    var self = this, b = this.bilan;
    b.innerHTML = "";
    var p = document.createElement("p");
    p.className = "reperes-validation-score";
    p.textContent = "Score : " + dernier.s + " sur " + dernier.n + " (" + pourcent(dernier.s, dernier.n) + "). " +
      (dernier.ok ? "Module validé." : "Module non validé : il faut au moins " + this.seuil + "\u00a0% de bonnes réponses.");
    b.appendChild(p);
    if (!dernier.ok && dernier.rates && dernier.rates.length) {
      var intro = document.createElement("p");
      intro.textContent = "À revoir avant une nouvelle validation :";
      b.appendChild(intro);
      var ul = document.createElement("ul"), vus = {};
      dernier.rates.forEach(function (qid) {
        var q = self.questions.filter(function (x) { return x.id === qid; })[0];
        if (!q) return;
        var li = document.createElement("li"), a = document.createElement("a");
        a.href = "#quiz-" + qid; a.textContent = q.section.querySelector("legend").textContent;
        li.appendChild(a);
        var guide = q.liens().filter(function (l) { var h = l.getAttribute("href"); if (vus[h]) return false; vus[h] = 1; return true; });
        if (guide.length) {
          li.appendChild(document.createTextNode(" — dans le guide : "));
          guide.forEach(function (l, k) {
            if (k) li.appendChild(document.createTextNode(", "));
            var g = document.createElement("a"); g.href = l.getAttribute("href"); g.textContent = l.textContent.trim();
            li.appendChild(g);
          });
        }
        ul.appendChild(li);
      });
      b.appendChild(ul);
    }
    if (dernier.ok || !dernier.rates) { /* nothing more to review */ }
    var retour = document.createElement("button");
    retour.type = "button"; retour.textContent = "Revenir à l’entraînement";
    retour.addEventListener("click", function () { b.hidden = true; self.entrainement(); });
    var para = document.createElement("p");
    para.appendChild(retour);
    b.appendChild(para);
    b.hidden = false;
  };
  Module.prototype.abandonner = function () {
    if (!window.confirm("Abandonner cette validation ? Les réponses déjà données ne seront pas comptées.")) return;
    var etat = lire();
    delete etat.passes[this.id];
    ecrire(etat);
    this.entrainement();
    majPage();
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
      var dit = retour && /^\s*(Oui|Non)\b/.test(retour.textContent);  // the feedback already says it
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
      var module = new Module(panneau, sections), seance = new Seance(module.questions);
      document.addEventListener("reperes:ailleurs", function () { module.suivre(); });
      var bouton = document.createElement("button");
      bouton.type = "button"; bouton.className = "reperes-seance-ouvrir"; bouton.textContent = "Mode séance (formateur)";
      bouton.addEventListener("click", function () { seance.ouvrir(); });
      panneau.querySelector(".reperes-validation-boutons").appendChild(bouton);
      if (location.hash === "#seance") seance.ouvrir();
      window.addEventListener("hashchange", function () { if (location.hash === "#seance") seance.ouvrir(); });
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
      var bilan = s.querySelector(".reperes-progression-bilan");
      if (bilan) bilan.textContent = faits + " module" + (faits > 1 ? "s" : "") + " validé" + (faits > 1 ? "s" : "") + " sur " + lis.length + ".";
      var fini = lis.length > 0 && faits === lis.length, actions = s.querySelector(".reperes-progression-actions");
      s.classList.toggle("reperes-parcours-fini", fini);
      if (actions) actions.hidden = !fini;
    });
  }

  /* -- receipt of a validated parcours (README, « Attestations ») -----------------------------
   * 5 symbols: parcours code (12 bits) and days since data-epoque (13); 6: versions digest (30);
   * then the check c: Σ vᵢ·α^(11−i) = 0 in GF(32) (x⁵+x²+1). Nothing is stored, the name neither. */
  function fois(s) { return (s << 1) ^ (s & 16 ? 37 : 0); }
  function symboles(n, k) { var r = []; while (k--) { r.unshift(n % 32); n = Math.floor(n / 32); } return r; }
  function dates(s, etat) {  // validation dates of the parcours's modules
    return [].slice.call(s.querySelectorAll(".reperes-progression-module")).map(function (li) {
      var m = etat.modules[li.dataset.module]; return m && m.valide ? m.valide.d : "";
    });
  }
  function initAttestation(racine) {
    var vue = racine.querySelector(".reperes-attestation"), html = document.documentElement, ouvreur;
    if (!vue) return;
    var nom = vue.querySelector("input"), ul = vue.querySelector("ul"), d0 = racine.dataset;
    racine.querySelectorAll(".reperes-attestation-obtenir").forEach(function (b) {
      b.addEventListener("click", function () {
        var s = b.closest(".reperes-progression-parcours"), etat = lire(), c = 0;
        var d = dates(s, etat).reduce(function (a, x) { return x > a ? x : a; }, "") || aujourdhui();
        ul.textContent = "";
        s.querySelectorAll(".reperes-progression-module").forEach(function (li) {
          var e = document.createElement("li");
          e.textContent = li.dataset.titre + " — version " + li.dataset.version;
          ul.appendChild(e);
        });
        var v = symboles(s.dataset.codeParcours * 8192 + Math.round((Date.parse(d) - Date.parse(d0.epoque)) / 864e5), 5)
          .concat(symboles(+s.dataset.codeVersions, 6));
        v.forEach(function (x) { c = fois(c) ^ x; });
        v.push(fois(c));
        vue.querySelector(".reperes-attestation-code").textContent =
          v.map(function (x) { return d0.alphabet[x]; }).join("").replace(/(....)(?!$)/g, "$1-");
        vue.querySelector(".reperes-attestation-parcours").textContent = s.dataset.titre;
        vue.querySelector(".reperes-attestation-date").textContent = dateFr(d);
        ouvreur = b; vue.hidden = false; html.classList.add("reperes-attestation-ouverte");
        vue.querySelector("h2").focus();
      });
    });
    vue.querySelector(".reperes-imprimer").addEventListener("click", function () { window.print(); });
    vue.querySelector(".reperes-fermer").addEventListener("click", function () {
      nom.value = ""; vue.hidden = true; html.classList.remove("reperes-attestation-ouverte");
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
        var s = b.closest(".reperes-progression-parcours"), premieres = dates(s, lire()).filter(Boolean).sort();
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
    p.className = "reperes-choix";
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
  }

  window.Reperes = { melanger: melanger, graineDe: graineDe, migrer: migrer, estValide: estValide, cle: CLE,
                     finValidite: finValidite, lire: lire };

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
