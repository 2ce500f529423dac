/* Repères — the search page (loaded there only, after Sphinx's searchtools.js):
 * numbers stay in the query (« 119 », « 17 », « 434-3 »), on equal terms the parcours and the
 * guide's pages come first and the trainers' pages last (marked « Pour les formateurs »), and
 * each result gets its one-line summary from reperes-resumes.js (a glossary hit: its term's).
 * Works without storage (no highlight terms kept then). */
(function () {
  "use strict";
  var resumes = null;

  window.ReperesRecherche = {
    setResumes: function (r) { resumes = r; completer(); }
  };

  if (typeof Search === "undefined") return;

  /* A reference (« 434-3 », « L226-2-1 ») stays one term, as the index holds it. */
  splitQuery = function (query) {
    return query.match(/[\p{L}\p{N}_]*\p{N}+(?:-\p{N}+)+|[\p{L}\p{N}_\p{Emoji_Presentation}]+/gu) || [];
  };

  /* Sphinx's _parseQuery, without the line that skips terms made of digits. */
  Search._parseQuery = function (query) {
    var stemmer = new Stemmer(), searchTerms = new Set(), excludedTerms = new Set(), highlightTerms = new Set();
    var objectTerms = new Set(splitQuery(query.toLowerCase().trim()));
    splitQuery(query.trim()).forEach(function (queryTerm) {
      var bas = queryTerm.toLowerCase();
      if (stopwords.has(bas)) return;
      var word = /\d/.test(bas) ? bas : stemmer.stemWord(bas);
      if (word[0] === "-") excludedTerms.add(word.substr(1));
      else { searchTerms.add(word); highlightTerms.add(bas); }
    });
    // Highlighting on the result pages is a comfort: a browser that refuses storage still searches.
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED) {
      try { localStorage.setItem("sphinx_highlight_terms", Array.from(highlightTerms).join(" ")); } catch (e) { /* storage off */ }
    }
    return [query, searchTerms, excludedTerms, highlightTerms, objectTerms];
  };

  /* Equal terms: a parcours (the agent's way in), then the guide (what to do), before modules,
   * fiches and the rest; the trainers' sheets and booklets after every agents' page. */
  var FORMATEURS = /^training\/(formateurs|livrets)\//;
  Scorer.score = function (result) {
    var docname = result[0], score = result[4];
    if (FORMATEURS.test(docname)) return score - 20;
    return score + (/^training\/parcours\//.test(docname) ? 4 : /^guide\//.test(docname) ? 3 : 0);
  };

  function docDe(lien) {
    var racine = document.documentElement.dataset.content_root || "";
    var morceaux = lien.getAttribute("href").split("#"), href = morceaux[0];
    if (racine && href.indexOf(racine) === 0) href = href.slice(racine.length);
    return { doc: href.replace(/\.html$/, ""), ancre: (morceaux[1] || "").split("?")[0] };
  }
  function completer() {
    if (!resumes) return;
    document.querySelectorAll("#search-results ul.search li").forEach(function (li) {
      if (li.dataset.reperes) return;
      var lien = li.querySelector("a");
      if (!lien) return;
      li.dataset.reperes = "1";
      var cible = docDe(lien);
      if (FORMATEURS.test(cible.doc)) {
        var marque = document.createElement("span");
        marque.className = "reperes-pour-formateurs";
        marque.textContent = "Pour les formateurs";
        lien.insertAdjacentElement("afterend", marque);
      }
      var texte = (cible.ancre && resumes[cible.doc + "#" + cible.ancre]) || resumes[cible.doc];
      if (!texte) return;
      var p = document.createElement("p");
      p.className = "reperes-resume";
      p.textContent = texte;
      li.appendChild(p);
    });
  }
  new MutationObserver(completer).observe(document.documentElement, { childList: true, subtree: true });
})();
/* The search field gets the focus on the search page (the theme did it in an inline script). */
(function () {
  "use strict";
  function focus() {
    var champ = document.querySelector(".bd-search-container form.bd-search input, form.bd-search input");
    if (champ) { champ.focus(); champ.select(); }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focus); else focus();
})();
