/* Rapport's small shared behaviours. No inline scripts anywhere: the CSP forbids them. */
(function () {
  "use strict";

  function isTyping(el) {
    return el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
  }

  // Keyboard: "/" focuses the search box, "n" follows the page's "new record" link.
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || isTyping(document.activeElement)) return;
    if (e.key === "/") {
      const box = document.querySelector('[data-shortcut="/"]');
      if (box) { e.preventDefault(); box.focus(); box.select(); }
    } else if (e.key === "n") {
      const link = document.querySelector('[data-shortcut="n"]');
      if (link) { e.preventDefault(); link.click(); }
    }
  });

  function showToast(message, level) {
    const box = document.getElementById("toasts");
    if (!box) return;
    const toast = document.createElement("div");
    toast.className = "toast show align-items-center border-0 text-bg-" + (level || "success");
    toast.setAttribute("role", "status");
    const row = document.createElement("div");
    row.className = "d-flex";
    const body = document.createElement("div");
    body.className = "toast-body";
    body.textContent = message;
    row.appendChild(body);
    toast.appendChild(row);
    box.appendChild(toast);
    setTimeout(function () { toast.remove(); }, 5000);
  }
  window.rapportToast = showToast;

  function autohideToasts(root) {
    root.querySelectorAll('[data-autohide="1"]').forEach(function (t) {
      setTimeout(function () { t.remove(); }, 6000);
    });
  }

  function enhance(root) {
    if (window.TomSelect) {
      root.querySelectorAll("select[data-picker]").forEach(function (el) {
        if (!el.tomselect) new window.TomSelect(el, { allowEmptyOption: true, maxOptions: 200 });
      });
    }
    root.querySelectorAll("[data-relative-time]").forEach(function (el) {
      el.setAttribute("title", el.getAttribute("data-relative-time"));
    });
    root.querySelectorAll("[data-check-all]").forEach(function (box) {
      box.addEventListener("change", function () {
        const form = box.closest("form") || document;
        form.querySelectorAll('input[name="' + box.dataset.checkAll + '"]').forEach(function (c) {
          c.checked = box.checked;
        });
        form.dispatchEvent(new Event("selection-changed"));
      });
    });
    root.querySelectorAll("[data-confirm]").forEach(function (el) {
      el.addEventListener("click", function (e) {
        if (!window.confirm(el.dataset.confirm)) { e.preventDefault(); e.stopImmediatePropagation(); }
      });
    });
    root.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form && el.form.requestSubmit(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    autohideToasts(document);
    enhance(document);
  });

  document.addEventListener("htmx:afterSwap", function (e) {
    enhance(e.target);
    if (e.target.id === "modal-dialog" && window.bootstrap) {
      window.bootstrap.Modal.getOrCreateInstance(document.getElementById("modal")).show();
    }
  });

  // Server events: HX-Trigger {"toast": {"message": "...", "level": "success"}} and "closeModal".
  document.addEventListener("toast", function (e) { showToast(e.detail.message, e.detail.level); });
  document.addEventListener("closeModal", function () {
    const m = document.getElementById("modal");
    if (m && window.bootstrap) window.bootstrap.Modal.getOrCreateInstance(m).hide();
  });
  document.addEventListener("htmx:responseError", function (e) {
    showToast(e.detail.xhr.status === 409 ? "This record changed meanwhile; reload it." : "Something went wrong (" + e.detail.xhr.status + ").", "danger");
  });
})();
