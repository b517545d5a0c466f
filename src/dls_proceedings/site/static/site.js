// Copy buttons for the citations: shown only when this script runs, so that without
// JavaScript a page shows the text alone (selectable as any text is).
"use strict";
(function () {
  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(element) {
    var text = element.innerText.trim();
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".status");
    if (!target || !status) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(target).then(
        function () {
          status.textContent = "Copied.";
        },
        function () {
          // No clipboard access (an old browser, a denied permission): select the
          // text so that the reader's own copy command takes it.
          select(target);
          status.textContent = "Selected: press Ctrl+C (⌘C) to copy.";
        }
      );
    });
  });
})();
