// Genealogy tree: a node's toggle loads its recruits once (htmx), then shows
// and hides them. Without JavaScript the name links still open each person's
// own page, which lists their recruits.
(function () {
  "use strict";
  function toggle(button) {
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) return;
    var open = button.getAttribute("aria-expanded") === "true";
    var name = button.getAttribute("aria-label").replace(/^(Show|Hide) recruits of /, "");
    if (open) {
      list.hidden = true;
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-label", "Show recruits of " + name);
      return;
    }
    var shown = function () {
      list.hidden = false;
      button.setAttribute("aria-expanded", "true");
      button.setAttribute("aria-label", "Hide recruits of " + name);
    };
    if (list.dataset.loaded === "true") { shown(); return; }
    button.setAttribute("aria-busy", "true");
    window.htmx.ajax("GET", button.dataset.url, { target: list, swap: "innerHTML" }).then(function () {
      list.dataset.loaded = "true";
      button.removeAttribute("aria-busy");
      shown();
    }, function () { button.removeAttribute("aria-busy"); });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button.gtoggle");
    if (button) { event.preventDefault(); toggle(button); }
  });
})();
