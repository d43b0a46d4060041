/* Settings → custom fields (drag order, type-dependent form parts) and the tag picker.
   Loaded as a static file: the CSP forbids inline scripts. Safe to load twice. */
(function () {
  "use strict";
  if (window.rapportCoreSettings) return;
  window.rapportCoreSettings = true;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) {
      return "";
    }
  }

  function toast(message, level) {
    if (window.rapportToast) window.rapportToast(message, level);
  }

  // --- drag to reorder custom fields (SortableJS) -----------------------------------------
  function setupSortable(tbody) {
    if (!window.Sortable || tbody.dataset.sortableReady) return;
    tbody.dataset.sortableReady = "1";
    window.Sortable.create(tbody, {
      handle: "[data-drag-handle]",
      animation: 150,
      ghostClass: "bg-primary-lt",
      onEnd: function (evt) {
        if (evt.oldIndex === evt.newIndex) return;
        const body = new FormData();
        body.append("entity", tbody.dataset.entity);
        tbody.querySelectorAll("tr[data-id]").forEach(function (row) {
          body.append("ids", row.dataset.id);
        });
        fetch(tbody.dataset.url, {
          method: "POST",
          body: body,
          headers: { "X-CSRFToken": csrfToken() },
          credentials: "same-origin",
        })
          .then(function (response) {
            return response.json().then(function (data) {
              if (!response.ok) throw new Error(data.error || response.statusText);
              toast(data.message, "success");
            });
          })
          .catch(function (err) {
            toast(err.message || "The order could not be saved.", "danger");
          });
      },
    });
  }

  // --- the custom-field definition form ----------------------------------------------------
  function slugify(text) {
    return text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^[^a-z]+/, "")
      .replace(/_+$/, "")
      .slice(0, 50);
  }

  function setupFieldForm(form) {
    const type = form.querySelector("[data-cf-type]");
    const choices = form.querySelector("[data-cf-choices]");
    const unique = form.querySelector("[data-cf-unique]");
    const hints = form.querySelectorAll("[data-cf-default-hint] [data-for]");
    const choiceTypes = (form.dataset.choiceTypes || "").split(" ");
    const uniqueTypes = (form.dataset.uniqueTypes || "").split(" ");

    function sync() {
      if (!type) return;
      const value = type.value;
      if (choices) choices.classList.toggle("d-none", choiceTypes.indexOf(value) < 0);
      if (unique) unique.classList.toggle("d-none", uniqueTypes.indexOf(value) < 0);
      hints.forEach(function (hint) {
        hint.classList.toggle("d-none", hint.dataset.for.split(" ").indexOf(value) < 0);
      });
    }
    if (type) type.addEventListener("change", sync);
    sync();

    // Suggest a key from the label while the key has not been typed by hand.
    const label = form.querySelector('input[name="label"]');
    const key = form.querySelector('input[name="key"]');
    if (label && key && !key.disabled) {
      let touched = key.value !== "";
      key.addEventListener("input", function () { touched = key.value !== ""; });
      label.addEventListener("input", function () {
        if (!touched) key.value = slugify(label.value);
      });
    }
  }

  // --- tag picker (Tom Select with coloured tags) ------------------------------------------
  function badgeClass(color) {
    return "badge bg-" + (color === "gray" ? "secondary" : color || "blue") + "-lt";
  }

  function setupTagPicker(select) {
    if (!window.TomSelect || select.tomselect) return;
    function colorOf(data) {
      return data.$option ? data.$option.dataset.color : data.color;
    }
    new window.TomSelect(select, {
      plugins: ["remove_button"],
      maxOptions: 500,
      hideSelected: true,
      closeAfterSelect: false,
      render: {
        option: function (data, escape) {
          return '<div><span class="' + badgeClass(colorOf(data)) + '">' + escape(data.text) + "</span></div>";
        },
        item: function (data, escape) {
          return '<div class="' + badgeClass(colorOf(data)) + ' me-1">' + escape(data.text) + "</div>";
        },
      },
    });
  }

  function enhance(root) {
    root.querySelectorAll("tbody[data-sortable-fields]").forEach(setupSortable);
    root.querySelectorAll("form[data-cf-form]").forEach(setupFieldForm);
    root.querySelectorAll("select[data-tag-picker]").forEach(setupTagPicker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  document.addEventListener("htmx:afterSwap", function (e) { enhance(e.target); });
})();
