/* CRM pages: small progressive enhancements. Every action also works as a
   plain form without JavaScript; this adds drag and drop on the pipeline
   board, "select all" for bulk actions and a copy button. */
(function () {
  "use strict";

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }

  // Bulk selection on the contacts list.
  document.addEventListener("change", function (evt) {
    var t = evt.target;
    if (t.classList && t.classList.contains("pick-all")) {
      document.querySelectorAll("input.pick").forEach(function (box) { box.checked = t.checked; });
    }
  });
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (form.id === "bulk") {
      var action = form.querySelector("[name=action]").value;
      if (!document.querySelector("input.pick:checked")) {
        evt.preventDefault();
        alert("Select at least one contact first.");
      } else if (action === "delete" && !confirm(form.querySelector("[data-confirm-delete]").dataset.confirmDelete)) {
        evt.preventDefault();
      }
    }
  });

  // Copy buttons (the invitation link).
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest && evt.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.dataset.copy);
    field.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(field.value); }
    else { document.execCommand("copy"); }
    button.textContent = "Copied";
  });

  // The pipeline board: drag a card to another column.
  function moveCard(board, contactId, stage, reason) {
    htmx.ajax("POST", board.dataset.moveUrl, {
      target: "#board", swap: "outerHTML",
      headers: { "X-CSRFToken": csrfToken() },
      values: { contact_id: contactId, stage: stage, reason: reason || "",
                owner: board.dataset.owner || "", q: board.dataset.q || "" }
    });
  }

  function reloadBoard() {
    htmx.ajax("GET", window.location.pathname + window.location.search, { target: "#board", swap: "outerHTML" });
  }

  function askLostReason(done) {
    var dialog = document.getElementById("lost-dialog");
    var input = document.getElementById("lost-reason");
    input.value = "";
    dialog.addEventListener("close", function onClose() {
      dialog.removeEventListener("close", onClose);
      done(dialog.returnValue === "ok" && input.value.trim() ? input.value.trim() : null);
    });
    dialog.showModal();
    input.focus();
  }

  function initBoard(root) {
    var board = root.id === "board" ? root : root.querySelector && root.querySelector("#board");
    if (!board || typeof Sortable === "undefined") return;
    board.querySelectorAll("ul.cards-list").forEach(function (list) {
      Sortable.create(list, {
        group: "pipeline", sort: false, animation: 120, filter: "details, summary, select, input, button",
        preventOnFilter: false, ghostClass: "dragging",
        onEnd: function (evt) {
          if (evt.from === evt.to) return;
          var id = evt.item.dataset.id, stage = evt.to.dataset.stage;
          if (stage === "closed_lost") {
            askLostReason(function (reason) { if (reason) { moveCard(board, id, stage, reason); } else { reloadBoard(); } });
          } else {
            moveCard(board, id, stage, "");
          }
        }
      });
    });
  }

  function start() {
    if (window.htmx) { htmx.onLoad(initBoard); } else { initBoard(document); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
