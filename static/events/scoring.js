// The score form on a phone: every criterion is saved as it is entered (one POST per change,
// with an idempotency key made here, per jury, group, round, criterion and edit). When the POST
// fails for the network (offline, timeout, 5xx) the entry is kept in localStorage and sent again
// when the connection returns; the server counts a resent key once. Without this file the form
// is a plain POST of all criteria.
(function () {
  "use strict";

  const TIMEOUT_MS = 8000;
  const RETRY_MS = 10000;

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(36) + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  }

  ready(function () {
    const form = document.getElementById("score-form");
    if (!form) return;
    const storeKey = "kbk-score-queue:" + form.dataset.queueScope;
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const banner = document.getElementById("score-unsent");
    const refused = document.getElementById("score-refused");
    const inflight = new Set();

    function load() {
      try {
        return JSON.parse(window.localStorage.getItem(storeKey) || "[]");
      } catch (error) {
        return [];
      }
    }

    function store(queue) {
      if (queue.length) window.localStorage.setItem(storeKey, JSON.stringify(queue));
      else window.localStorage.removeItem(storeKey);
      showBanner(queue);
    }

    function put(entry) {
      const queue = load().filter((e) => !(e.url === entry.url && e.criterion === entry.criterion));
      queue.push(entry);
      store(queue);
    }

    function drop(entry) {
      store(load().filter((e) => e.key !== entry.key));
    }

    function showBanner(queue) {
      banner.hidden = queue.length === 0;
      banner.querySelector("[data-unsent-text]").textContent = form.dataset.msgUnsentCount + " " + queue.length;
    }

    function fieldset(entry) {
      if (entry.url !== form.dataset.saveUrl) return null;
      return form.querySelector('fieldset[data-criterion="' + entry.criterion + '"]');
    }

    function mark(box, state, text) {
      if (!box) return;
      const stateEl = box.querySelector("[data-score-state]");
      const errorEl = box.querySelector("[data-score-error]");
      const input = box.querySelector("[data-score-points]");
      stateEl.className = "small mt-1 score-state-" + state;
      stateEl.textContent = state === "error" ? "" : text;
      errorEl.textContent = state === "error" ? text : "";
      input.classList.toggle("is-invalid", state === "error");
      input.classList.toggle("is-valid", state === "saved");
    }

    function send(entry) {
      if (inflight.has(entry.key)) return Promise.resolve();
      inflight.add(entry.key);
      const body = new FormData();
      body.append("criterion", entry.criterion);
      body.append("points", entry.points);
      body.append("comment", entry.comment);
      body.append("key", entry.key);
      const controller = new AbortController();
      const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
      return fetch(entry.url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        signal: controller.signal,
      })
        .then((response) => {
          if (response.status >= 500) throw new Error("server " + response.status);
          return response.json().then((data) => {
            drop(entry);
            if (response.ok && data.ok) {
              mark(fieldset(entry), "saved", form.dataset.msgSaved);
            } else {
              mark(fieldset(entry), "error", data.error || response.statusText);
              if (response.status === 409) {
                refused.hidden = false;
                refused.textContent = form.dataset.msgRefused + " " + data.error;
              }
            }
          });
        })
        .catch(() => {
          mark(fieldset(entry), "unsent", form.dataset.msgUnsent);
        })
        .finally(() => {
          window.clearTimeout(timer);
          inflight.delete(entry.key);
        });
    }

    function retryAll() {
      load().forEach(send);
    }

    function entered(box) {
      const points = box.querySelector("[data-score-points]").value.trim();
      if (!points) return;
      const entry = {
        url: form.dataset.saveUrl,
        criterion: box.dataset.criterion,
        points: points,
        comment: box.querySelector("[data-score-comment]").value,
        key: newKey(),
      };
      put(entry);
      mark(box, "saving", form.dataset.msgSaving);
      send(entry);
    }

    form.querySelectorAll("fieldset[data-criterion]").forEach((box) => {
      box.querySelectorAll("[data-score-points], [data-score-comment]").forEach((input) => {
        input.addEventListener("change", () => entered(box));
      });
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      form.querySelectorAll("fieldset[data-criterion]").forEach(entered);
    });
    banner.querySelector("[data-score-retry]").addEventListener("click", retryAll);
    window.addEventListener("online", retryAll);
    window.setInterval(() => {
      if (load().length) retryAll();
    }, RETRY_MS);

    // Entries left from before (this page or another group's): show them, then send them.
    const queue = load();
    showBanner(queue);
    queue.forEach((entry) => {
      const box = fieldset(entry);
      if (box) {
        box.querySelector("[data-score-points]").value = entry.points;
        box.querySelector("[data-score-comment]").value = entry.comment;
        mark(box, "unsent", form.dataset.msgUnsent);
      }
    });
    retryAll();
  });
})();
