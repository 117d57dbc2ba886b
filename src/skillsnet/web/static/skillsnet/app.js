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
  // Record pickers (core/pickers.py): a match chosen fills the hidden key; clearing the box clears it.
  function picked(picker, key, label) {
    var hidden = picker.querySelector("[data-pick-key]"), box = picker.querySelector("[data-pick-search]");
    hidden.value = key;
    box.value = label;
    picker.querySelector(".picker-matches").innerHTML = "";
    picker.dispatchEvent(new CustomEvent("picked", { bubbles: true }));
  }
  document.addEventListener("click", function (e) {
    var option = e.target.closest("[data-pick-value]");
    if (!option) return;
    var picker = option.closest("[data-picker]");
    if (!picker) return;
    picked(picker, option.getAttribute("data-pick-value"), option.getAttribute("data-pick-label"));
    picker.querySelector("[data-pick-search]").focus();
  });
  document.addEventListener("input", function (e) {
    var box = e.target.closest("[data-pick-search]");
    if (!box || box.value.trim()) return;
    var picker = box.closest("[data-picker]");
    if (picker.querySelector("[data-pick-key]").value) picked(picker, "", "");
  });
  document.addEventListener("keydown", function (e) {
    // Enter in a picker's box chooses its only match instead of sending the form with a half-typed name
    var box = e.target.closest && e.target.closest("[data-pick-search]");
    if (!box || e.key !== "Enter") return;
    var options = box.closest("[data-picker]").querySelectorAll("[data-pick-value]");
    if (options.length === 1) { e.preventDefault(); options[0].click(); }
    else if (options.length > 1) { e.preventDefault(); options[0].focus(); }
  });
})();
