/* Settings → roles: the grants matrix. Rights other than "view" need "view"; an
   administrator role shows a note that the grants do not limit it. (CSP: no inline JS.) */
(function () {
  "use strict";

  function setupMatrix(form) {
    const admin = form.querySelector('input[name="is_admin"]');
    const note = form.querySelector("[data-admin-note]");
    const table = form.querySelector(".grants-matrix");

    function syncAdmin() {
      if (!admin || !note || !table) return;
      note.classList.toggle("d-none", !admin.checked);
      table.classList.toggle("opacity-50", admin.checked);
    }

    form.querySelectorAll("tr[data-module]").forEach(function (row) {
      const view = row.querySelector('input[data-right="view"]');
      const others = row.querySelectorAll('input[data-right]:not([data-right="view"])');
      others.forEach(function (box) {
        box.addEventListener("change", function () {
          if (box.checked && view) view.checked = true;
        });
      });
      const scope = row.querySelector("select");
      function syncRow() {
        // A module without the view right is hidden from the role: dim its scope.
        if (scope) scope.classList.toggle("opacity-50", !(view && view.checked));
      }
      if (view) {
        view.addEventListener("change", function () {
          if (!view.checked) others.forEach(function (box) { box.checked = false; });
          syncRow();
        });
      }
      others.forEach(function (box) { box.addEventListener("change", syncRow); });
      syncRow();
    });

    if (admin) admin.addEventListener("change", syncAdmin);
    syncAdmin();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-role-form]").forEach(setupMatrix);
  });
})();
