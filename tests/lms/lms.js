/* The test LMS: window.API from scorm-again (no commit URL: nothing leaves the page), each API
 * call recorded as [name, ...arguments, result] in window.journal, then the SCO launched. */
(function () {
  "use strict";
  var reglage = JSON.parse(decodeURIComponent(location.hash.slice(1)) || "{}");
  var api = new window.Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 5 });
  if (reglage.cmi) api.loadFromJSON(reglage.cmi, "");
  var journal = window.journal = [];
  /* Faults, from the hash or changed by a test at any time: window.pannes[name] = {mode: "false"
   * (the call returns "false", LMSGetLastError then says 101), "throw" or "absent" (no such
   * method), element: only LMSSetValue of this element}. */
  var pannes = window.pannes = reglage.pannes || {}, erreur = null;
  ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError",
   "LMSGetErrorString", "LMSGetDiagnostic"].forEach(function (nom) {
    var original = api[nom].bind(api);
    var appel = function () {
      var args = [].slice.call(arguments), panne = pannes[nom], resultat;
      if (panne && (!panne.element || panne.element === args[0])) {
        journal.push([nom].concat(args, [panne.mode]));
        erreur = "101";
        if (panne.mode === "throw") throw new Error("LMS en panne");
        return "false";
      }
      if (nom === "LMSGetLastError" && erreur) { resultat = erreur; erreur = null; }
      else { if (nom !== "LMSGetLastError") erreur = null; resultat = original.apply(null, args); }
      journal.push([nom].concat(args, [String(resultat)]));
      return resultat;
    };
    Object.defineProperty(api, nom, { configurable: true, get: function () {
      return pannes[nom] && pannes[nom].mode === "absent" ? undefined : appel;
    } });
  });
  window.API = api;
  document.addEventListener("DOMContentLoaded", function () {
    if (reglage.sco) document.getElementById("sco").src = reglage.sco;
  });
})();
