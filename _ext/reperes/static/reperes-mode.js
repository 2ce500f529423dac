/* Repères — the theme's colour mode, set before the page is drawn (pydata-sphinx-theme's inline
 * script, as a file for the Content-Security-Policy). Loaded synchronously in <head>, its tag
 * carrying the site's default mode; a browser that refuses storage gets the default. */
(function () {
  "use strict";
  var defaut = (document.currentScript && document.currentScript.dataset.mode) || "auto", html = document.documentElement;
  function lire(cle) { try { return window.localStorage.getItem(cle); } catch (e) { return null; } }
  html.dataset.mode = lire("mode") || defaut;
  html.dataset.theme = lire("theme") || defaut;
})();
