/* Settings → API tokens: copy the new token, select it on focus. (CSP: no inline scripts.) */
(function () {
  "use strict";

  function copied(button) {
    var label = button.querySelector("span");
    if (!label) return;
    var before = label.textContent;
    label.textContent = button.dataset.copiedLabel || before;
    button.classList.add("btn-success");
    setTimeout(function () { label.textContent = before; button.classList.remove("btn-success"); }, 2000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-select-on-focus]").forEach(function (input) {
      input.addEventListener("focus", function () { input.select(); });
    });
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = document.querySelector(button.dataset.copy);
        if (!input) return;
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(function () { copied(button); });
        } else {
          input.focus();
          input.select();
          if (document.execCommand("copy")) copied(button);
        }
      });
    });
  });
})();
