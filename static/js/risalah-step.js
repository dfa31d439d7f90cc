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

  // --- autosave answers -------------------------------------------------------------------
  // Our answers name their state in the KBK-Save-State header (saved, invalid 400, session-expired
  // 401, refused 403, conflict 409) and are shown as they come. Anything else (a server error, a
  // proxy's page, no answer at all) is a failed save: said so, never the old "Saved".

  function autosaveForm(event) {
    const detail = event.detail || {};
    const elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
    return elt && elt.matches && elt.matches("[data-autosave]") ? elt : null;
  }

  function showFailure(message) {
    const status = document.getElementById("autosave-status");
    if (!status) {
      return;
    }
    const box = document.createElement("div");
    box.className = "alert alert-danger mb-0 py-2";
    box.dataset.saveState = "failed";
    box.textContent = message;
    status.replaceChildren(box);
  }

  function clearFieldErrors(form) {
    form.querySelectorAll("[data-autosave-error]").forEach((element) => element.remove());
    form.querySelectorAll(".is-invalid").forEach((element) => {
      element.classList.remove("is-invalid");
      element.removeAttribute("aria-invalid");
    });
  }

  // The errors of a refused save, beside their fields as after a full save.
  function showFieldErrors(form) {
    clearFieldErrors(form);
    document.querySelectorAll("#autosave-status [data-field]").forEach((item) => {
      const field = item.dataset.field ? document.getElementById(item.dataset.field) : null;
      if (!field || !form.contains(field)) {
        return;
      }
      field.classList.add("is-invalid");
      field.setAttribute("aria-invalid", "true");
      const feedback = document.createElement("div");
      feedback.className = "invalid-feedback d-block";
      feedback.dataset.autosaveError = "";
      feedback.textContent = item.dataset.error || item.textContent;
      field.insertAdjacentElement("afterend", feedback);
    });
  }

  // --- what the browser keeps ------------------------------------------------------------
  // Until a save is confirmed, the step's input is also kept in this browser's storage: a
  // reload, a closed tab or a crash after a failed save loses nothing. The next visit offers it.

  const sent = new WeakMap();

  function entries(form) {
    return Array.from(new FormData(form)).filter(
      ([name, value]) => typeof value === "string" && name !== "csrfmiddlewaretoken"
    );
  }

  function draftKey(form) {
    return "kbk-draft:" + new URL(form.action, window.location.href).pathname;
  }

  function readDraft(form) {
    try {
      const draft = JSON.parse(window.localStorage.getItem(draftKey(form)) || "null");
      return draft && Array.isArray(draft.fields) ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function keepDraft(form, extra) {
    try {
      const draft = { at: Date.now(), fields: entries(form), ...extra };
      window.localStorage.setItem(draftKey(form), JSON.stringify(draft));
    } catch (error) {
      // Storage full or disabled: the text is still on the page.
    }
  }

  function forgetDraft(form) {
    try {
      window.localStorage.removeItem(draftKey(form));
    } catch (error) {
      // Nothing kept.
    }
  }

  function withoutVersion(fields) {
    return JSON.stringify(fields.filter(([name]) => name !== "version"));
  }

  function versionOf(fields) {
    const found = fields.find(([name]) => name === "version");
    return found ? parseInt(found[1], 10) : NaN;
  }

  function restoreDraft(form, draft) {
    // The server rebuilds the rows from the kept input and shows it, unsaved, in the form.
    const restore = document.createElement("form");
    restore.method = "post";
    restore.action = form.action;
    restore.hidden = true;
    const token = csrfCookie();
    const pairs = [...draft.fields, ["then", "restore"]];
    if (token) {
      pairs.push(["csrfmiddlewaretoken", token]);
    }
    pairs.forEach(([name, value]) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      restore.appendChild(input);
    });
    document.body.appendChild(restore);
    restore.submit();
  }

  function offerDraft(form) {
    const draft = readDraft(form);
    const notice = document.getElementById("draft-notice");
    if (!draft || !notice) {
      return;
    }
    const now = entries(form);
    const savedSince = draft.submitted && versionOf(now) > versionOf(draft.fields);
    if (savedSince || withoutVersion(now) === withoutVersion(draft.fields)) {
      forgetDraft(form);
      return;
    }
    const text = notice.querySelector("[data-draft-text]");
    const time = new Date(draft.at).toLocaleTimeString(document.documentElement.lang || undefined, {
      hour: "2-digit",
      minute: "2-digit",
    });
    text.textContent = text.dataset.draftText.replace("{time}", time);
    notice.hidden = false;
    notice.querySelector("[data-draft-restore]").addEventListener("click", () => restoreDraft(form, draft));
    notice.querySelector("[data-draft-discard]").addEventListener("click", () => {
      forgetDraft(form);
      notice.hidden = true;
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("form[data-autosave]");
    if (!form) {
      return;
    }
    offerDraft(form);
    ["input", "change", "rowschanged"].forEach((type) => form.addEventListener(type, () => keepDraft(form)));
  });

  document.addEventListener("htmx:configRequest", (event) => {
    const form = autosaveForm(event);
    if (form) {
      sent.set(form, JSON.stringify(entries(form)));
    }
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const form = autosaveForm(event);
    if (!form) {
      return;
    }
    const xhr = event.detail.xhr;
    const state = xhr.getResponseHeader("KBK-Save-State");
    if (!state) {
      event.detail.shouldSwap = false;
      const status = document.getElementById("autosave-status");
      showFailure((status ? status.dataset.errorMessage || "" : "").replace("{status}", String(xhr.status)));
      keepDraft(form);
      return;
    }
    event.detail.shouldSwap = true;
    event.detail.isError = false;
    if (state === "saved") {
      clearFieldErrors(form);
      // Forgotten only when nothing was typed while the save was on its way.
      if (sent.get(form) === JSON.stringify(entries(form))) {
        forgetDraft(form);
      }
    } else {
      keepDraft(form);
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    // Dispatched on the swapped element (the status), not on the form.
    const form = event.target.id === "autosave-status" ? event.target.closest("form[data-autosave]") : null;
    if (form && event.detail.xhr.getResponseHeader("KBK-Save-State") === "invalid") {
      showFieldErrors(form);
    }
  });

  // No answer at all (offline, the server unreachable, a timeout).
  ["htmx:sendError", "htmx:timeout"].forEach((type) => {
    document.addEventListener(type, (event) => {
      const form = autosaveForm(event);
      const status = document.getElementById("autosave-status");
      if (form && status) {
        showFailure(status.dataset.offlineMessage || "");
        keepDraft(form);
      }
    });
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    const token = csrfCookie();
    const field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (token && field) {
      field.value = token;
    }
    if (form.matches("[data-autosave]")) {
      // A full save: if it does not get through, the next visit offers the kept text.
      keepDraft(form, { submitted: true });
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
