/* The test LMS: window.API from scorm-again (no commit URL: nothing leaves the page), each API
 * call recorded as [name, ...arguments, result] in window.journal, then the SCO launched. */
(function () {
  "use strict";
  var reglage = JSON.parse(decodeURIComponent(location.hash.slice(1)) || "{}");
  var api = new window.Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 5 });
  if (reglage.cmi) api.loadFromJSON(reglage.cmi, "");
  var journal = window.journal = [];
  ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError",
   "LMSGetErrorString", "LMSGetDiagnostic"].forEach(function (nom) {
    var original = api[nom].bind(api);
    api[nom] = function () {
      var args = [].slice.call(arguments), resultat = original.apply(null, args);
      journal.push([nom].concat(args, [String(resultat)]));
      return resultat;
    };
  });
  window.API = api;
  document.addEventListener("DOMContentLoaded", function () {
    if (reglage.sco) document.getElementById("sco").src = reglage.sco;
  });
})();
