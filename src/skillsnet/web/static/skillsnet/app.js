/* skillsnet: small behaviours, no inline script (CSP). */
(function () {
  "use strict";
  // The navigation's sections: one open at a time; a click outside or Escape closes it.
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (!(d instanceof HTMLDetailsElement) || !d.open || !d.closest("nav.menu")) return;
    document.querySelectorAll("nav.menu details[open]").forEach(function (o) { if (o !== d) o.open = false; });
  }, true);
  document.addEventListener("click", function (e) {
    if (e.target.closest("nav.menu")) return;
    document.querySelectorAll("nav.menu details[open]").forEach(function (o) { o.open = false; });
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    document.querySelectorAll("nav.menu details[open]").forEach(function (o) {
      o.open = false; o.querySelector("summary").focus();
    });
  });
  // Tabs loaded by htmx: the selected tab follows the URL.
  document.addEventListener("htmx:afterSwap", function (e) {
    var tabs = e.detail.requestConfig && e.detail.requestConfig.elt && e.detail.requestConfig.elt.closest("[role=tablist]");
    if (!tabs) return;
    tabs.querySelectorAll("[role=tab]").forEach(function (t) {
      t.setAttribute("aria-selected", t === e.detail.requestConfig.elt ? "true" : "false");
    });
  });
})();
