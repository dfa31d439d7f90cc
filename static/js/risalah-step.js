// The risalah step and title pages: add and remove table rows, keep autosave working across
// an expired session, and never let a refused save swallow the writer's text.
// No inline scripts anywhere: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  function newId() {
    // Ids of fishbone causes tie them to the cause test and the plan; 8 hex characters as on the server.
    const bytes = new Uint8Array(4);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function csrfCookie() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function rowsChanged(element) {
    const form = element.closest("form");
    if (form) {
      form.dispatchEvent(new Event("rowschanged", { bubbles: true }));
    }
  }

  document.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add-row]");
    if (add) {
      const template = document.getElementById(add.dataset.addRow);
      const target = document.getElementById(add.dataset.rowsTarget);
      if (!template || !target) {
        return;
      }
      const index = parseInt(target.dataset.nextIndex || "0", 10);
      target.dataset.nextIndex = String(index + 1);
      target.insertAdjacentHTML("beforeend", template.innerHTML.split(add.dataset.placeholder).join(String(index)));
      const row = target.lastElementChild;
      row.querySelectorAll("input[data-new-id]").forEach((input) => {
        if (!input.value) {
          input.value = newId();
        }
      });
      const first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) {
        first.focus();
      }
      return;
    }
    const remove = event.target.closest("[data-remove-row]");
    if (remove) {
      const row = remove.closest("[data-row]");
      const form = row ? row.closest("form") : null;
      if (row) {
        row.remove();
      }
      if (form) {
        rowsChanged(form);
      }
    }
  });

  // Testing the causes: one cause, one control. The field to type a cause by hand is shown only
  // while "another cause" is chosen (the server ignores its text otherwise).
  function showOtherCause(select) {
    const row = select.closest("[data-row]");
    const other = row ? row.querySelector("[data-other-cause]") : null;
    if (other) {
      other.hidden = select.value !== select.dataset.causeChoice;
    }
    return other;
  }

  document.addEventListener("change", (event) => {
    const select = event.target.closest("select[data-cause-choice]");
    if (select) {
      const other = showOtherCause(select);
      if (other && !other.hidden) {
        other.querySelector("input").focus();
      }
    }
  });
  // A choice the browser restored (back button, reload) shows its field too.
  document.querySelectorAll("select[data-cause-choice]").forEach(showOtherCause);

  // After logging in again in another tab the CSRF token changes: always send the current one.
  // Django reads the form field before the header, so both are replaced.
  document.addEventListener("htmx:configRequest", (event) => {
    const token = csrfCookie();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
      if (event.detail.parameters && event.detail.parameters.csrfmiddlewaretoken !== undefined) {
        event.detail.parameters.csrfmiddlewaretoken = token;
      }
      document.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach((field) => {
        field.value = token;
      });
    }
  });

  // A refused autosave (403 locked or read-only, 409 conflict) carries a message for the writer.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (status === 403 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A network failure must not look like a successful save.
  document.addEventListener("htmx:sendError", (event) => {
    const status = document.getElementById("autosave-status");
    if (status && event.detail.elt && event.detail.elt.matches("[data-autosave]")) {
      status.textContent = status.dataset.offlineMessage || "";
    }
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    const token = csrfCookie();
    const field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (token && field) {
      field.value = token;
    }
    // With the session gone, a full submit would end on the login page and lose the text:
    // try the autosave again instead (it succeeds once the writer has logged in elsewhere).
    if (form.matches("[data-autosave]") && form.querySelector("[data-save-state=expired]")) {
      event.preventDefault();
      if (window.htmx) {
        window.htmx.trigger(form, "retrysave");
      }
    }
  });
})();
