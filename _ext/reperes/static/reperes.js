/* Repères — enhances the quizzes, « Ma progression » and the composer.
 * The HTML works without this file (answers in <details>). No framework, no network:
 * progress lives in this browser’s localStorage only, keyed by quiz id, with the
 * question’s fingerprint so that an edited question resets stale progress. */
(function () {
  "use strict";
  var CLE = "reperes.progression.v1";

  function lire() {
    try { return JSON.parse(localStorage.getItem(CLE)) || { quiz: {} }; } catch (e) { return { quiz: {} }; }
  }
  function ecrire(etat) {
    try { localStorage.setItem(CLE, JSON.stringify(etat)); } catch (e) { /* storage off: nothing kept */ }
  }
  function reussi(etat, id, empreinte) {
    var q = etat.quiz[id];
    return !!(q && q.ok && q.e === empreinte);
  }
  // "id:empreinte id:empreinte" -> [[id, empreinte], …]
  function paires(texte) {
    return (texte || "").split(" ").filter(Boolean).map(function (p) { return p.split(":"); });
  }
  function bilanModule(etat, el) {
    var qs = paires(el.dataset.quiz), faits = qs.filter(function (p) { return reussi(etat, p[0], p[1]); });
    return { total: qs.length, faits: faits.length, fini: qs.length > 0 && faits.length === qs.length };
  }

  /* -- quizzes ------------------------------------------------------------------------ */
  function initQuiz(section) {
    var form = section.querySelector("form"), id = section.dataset.quizId;
    var statut = section.querySelector(".reperes-quiz-statut");
    var corrige = section.querySelector(".reperes-corrige");
    form.querySelector(".reperes-quiz-actions").hidden = false;
    if (reussi(lire(), id, section.dataset.empreinte)) {
      section.classList.add("reperes-deja-reussi");
      statut.textContent = "Vous avez déjà réussi cette question.";
    }
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var choisis = [].slice.call(form.querySelectorAll("input:checked")).map(function (i) { return i.value; });
      section.querySelectorAll(".reperes-quiz-retour-place").forEach(function (p) { p.innerHTML = ""; });
      section.querySelectorAll(".reperes-quiz-option").forEach(function (li) {
        li.classList.remove("reperes-ok", "reperes-ko");
      });
      if (!choisis.length) { statut.textContent = "Choisissez au moins une réponse, puis « Vérifier »."; return; }
      var justes = [].slice.call(corrige.querySelectorAll("[data-juste=true]")).map(function (li) { return li.dataset.index; });
      choisis.forEach(function (i) {
        var ligne = corrige.querySelector('.reperes-corrige-option[data-index="' + i + '"]');
        var place = document.getElementById("quiz-" + id + "-" + i + "-retour");
        var option = place.parentNode, juste = ligne.dataset.juste === "true";
        option.classList.add(juste ? "reperes-ok" : "reperes-ko");
        var retour = ligne.querySelector(".reperes-quiz-retour");
        place.innerHTML = '<p class="reperes-verdict">' + (juste ? "Juste." : "Non.") + "</p>" + (retour ? retour.innerHTML : "");
      });
      var bon = choisis.length === justes.length && choisis.every(function (i) { return justes.indexOf(i) >= 0; });
      var explication = corrige.querySelector(".reperes-explication");
      var zone = section.querySelector(".reperes-explication-affichee");
      if (explication && !zone) {
        zone = document.createElement("div");
        zone.className = "reperes-explication reperes-explication-affichee";
        zone.innerHTML = explication.innerHTML;
        form.after(zone);
      }
      statut.textContent = bon ? "Bonne réponse." :
        (section.dataset.multiple === "true" ? "Pas tout à fait : il faut cocher exactement les bonnes réponses. " : "Ce n’est pas la bonne réponse. ") +
        "Lisez le retour sous votre choix, puis réessayez.";
      section.classList.toggle("reperes-reussi", bon);
      if (bon) {
        var etat = lire();
        etat.quiz[id] = { e: section.dataset.empreinte, ok: true, d: new Date().toISOString().slice(0, 10) };
        ecrire(etat);
        majModules();
      }
    });
  }

  /* -- module progress (card of a module page) ------------------------------------------ */
  function majModules() {
    var etat = lire();
    document.querySelectorAll(".reperes-module-progression").forEach(function (p) {
      var b = bilanModule(etat, p);
      p.textContent = b.fini ? "Module terminé : toutes les questions réussies (" + b.total + "/" + b.total + ")." :
        "Votre progression : " + b.faits + " question" + (b.faits > 1 ? "s" : "") + " réussie" + (b.faits > 1 ? "s" : "") + " sur " + b.total + ".";
    });
    majProgression(etat);
  }

  /* -- « Ma progression » ---------------------------------------------------------------- */
  function majProgression(etat) {
    document.querySelectorAll(".reperes-progression-module").forEach(function (li) {
      var b = bilanModule(etat, li), marque = li.querySelector(".reperes-etat");
      li.classList.toggle("reperes-fini", b.fini);
      if (marque) marque.textContent = b.fini ? " — terminé ✓" : (b.faits ? " — en cours (" + b.faits + "/" + b.total + ")" : " — à faire");
    });
    document.querySelectorAll(".reperes-progression-parcours").forEach(function (s) {
      var lis = s.querySelectorAll(".reperes-progression-module"), faits = s.querySelectorAll(".reperes-fini").length;
      var bilan = s.querySelector(".reperes-progression-bilan");
      if (bilan) bilan.textContent = faits + " module" + (faits > 1 ? "s" : "") + " terminé" + (faits > 1 ? "s" : "") + " sur " + lis.length + ".";
      var fini = lis.length > 0 && faits === lis.length, ob = s.querySelector(".reperes-attestation-obtenir");
      s.classList.toggle("reperes-parcours-fini", fini);
      if (ob) ob.hidden = !fini;
    });
  }

  /* -- receipt of a finished parcours (README, « Attestations ») ------------------------------
   * 5 symbols: parcours code (12 bits) and days since data-epoque (13); 6: versions digest (30);
   * then the check c: Σ vᵢ·α^(11−i) = 0 in GF(32) (x⁵+x²+1). Nothing is stored, the name neither. */
  function fois(s) { return (s << 1) ^ (s & 16 ? 37 : 0); }
  function symboles(n, k) { var r = []; while (k--) { r.unshift(n % 32); n = Math.floor(n / 32); } return r; }
  function initAttestation(racine) {
    var vue = racine.querySelector(".reperes-attestation"), html = document.documentElement, ouvreur;
    if (!vue) return;
    var nom = vue.querySelector("input"), ul = vue.querySelector("ul"), d0 = racine.dataset;
    racine.querySelectorAll(".reperes-attestation-obtenir").forEach(function (b) {
      b.addEventListener("click", function () {
        var s = b.closest(".reperes-progression-parcours"), etat = lire(), d = "", c = 0;
        ul.textContent = "";
        s.querySelectorAll(".reperes-progression-module").forEach(function (li) {
          paires(li.dataset.quiz).forEach(function (p) { var q = etat.quiz[p[0]]; if (q && q.d > d) d = q.d; });
          var e = document.createElement("li");
          e.textContent = li.dataset.titre + " — version " + li.dataset.version;
          ul.appendChild(e);
        });
        d = d || new Date().toISOString().slice(0, 10);  // completion: the last right answer
        var v = symboles(s.dataset.codeParcours * 8192 + Math.round((Date.parse(d) - Date.parse(d0.epoque)) / 864e5), 5)
          .concat(symboles(+s.dataset.codeVersions, 6));
        v.forEach(function (x) { c = fois(c) ^ x; });
        v.push(fois(c));
        vue.querySelector(".reperes-attestation-code").textContent =
          v.map(function (x) { return d0.alphabet[x]; }).join("").replace(/(....)(?!$)/g, "$1-");
        vue.querySelector(".reperes-attestation-parcours").textContent = s.dataset.titre;
        vue.querySelector(".reperes-attestation-date").textContent =
          new Date(d + "T12:00").toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
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
    var etat = lire();
    select.value = etat.parcours || "";
    function filtrer() {
      sections.forEach(function (s) { s.hidden = !!select.value && s.dataset.parcours !== select.value; });
    }
    select.addEventListener("change", function () { var e = lire(); e.parcours = select.value; ecrire(e); filtrer(); });
    var p = document.createElement("p");
    p.className = "reperes-choix";
    p.appendChild(label); p.appendChild(select);
    note.after(p);
    // A trainer’s link: #modules=a,b,c shows exactly those modules.
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
        try { localStorage.removeItem(CLE); } catch (e) { /* nothing stored */ }
        majModules();
        document.querySelectorAll(".reperes-deja-reussi,.reperes-reussi").forEach(function (s) {
          s.classList.remove("reperes-deja-reussi", "reperes-reussi");
        });
      }
    });
    racine.appendChild(effacer);
    initAttestation(racine);
  }

  /* -- composer for trainers ---------------------------------------------------------------- */
  function initComposeur(form) {
    var sortie = form.querySelector(".reperes-composeur-sortie");
    function maj() {
      var ids = [].slice.call(form.querySelectorAll("input[name=module]:checked")).map(function (i) { return i.value; });
      if (!ids.length) { sortie.textContent = "Cochez au moins un module."; return; }
      var lien = form.dataset.cible + "#modules=" + ids.join(",");
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

  function init() {
    document.querySelectorAll(".reperes-quiz").forEach(initQuiz);
    document.querySelectorAll(".reperes-progression").forEach(initProgression);
    document.querySelectorAll(".reperes-composeur").forEach(initComposeur);
    majModules();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
