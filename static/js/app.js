/* Every page: the behaviours that would otherwise be inline handlers, which
   the Content-Security-Policy (script-src 'self') does not run.
   - <form data-confirm="Question?"> asks before it is sent;
   - <button data-print> prints the page. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });
})();
