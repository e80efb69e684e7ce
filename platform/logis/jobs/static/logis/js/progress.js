/* Progress bars of background jobs: poll GET /api/jobs/{id} until the job ends.
 * Each [data-logis-progress] element updates its role="progressbar" (aria-valuenow,
 * aria-valuetext) and its status line, then fires "logis:job-done" (bubbling) with
 * the last progress in event.detail. */
(function () {
  "use strict";
  if (window.LogisProgress) return;  // the template may include this script once per bar
  var DONE = ["finished", "failed"];

  function describe(el, data) {
    var labels = JSON.parse(el.dataset.statusLabels || "{}");
    var parts = [data.percent + " %", labels[data.status] || data.status];
    if (data.total) parts.push(data.done + " / " + data.total);
    if (data.message) parts.push(data.message);
    if (data.status === "failed") parts.push(data.error || el.dataset.failedText);
    return parts.join(" — ");
  }

  function render(el, data) {
    var bar = el.querySelector('[role="progressbar"]');
    var fill = el.querySelector(".logis-progress__bar");
    var text = describe(el, data);
    bar.setAttribute("aria-valuenow", String(data.percent));
    bar.setAttribute("aria-valuetext", text);
    fill.style.width = data.percent + "%";
    fill.className = "logis-progress__bar logis-progress__bar--" + data.status;
    el.querySelector("[data-progress-text]").textContent = text;
  }

  function poll(el, delay) {
    fetch(el.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        render(el, data);
        if (DONE.indexOf(data.status) >= 0) {
          el.dispatchEvent(new CustomEvent("logis:job-done", { bubbles: true, detail: data }));
        } else {
          window.setTimeout(function () { poll(el, 1500); }, delay);
        }
      })
      .catch(function () {
        if (delay > 30000) {
          el.querySelector("[data-progress-text]").textContent = el.dataset.unavailableText;
          return;
        }
        window.setTimeout(function () { poll(el, delay * 2); }, delay);
      });
  }

  function start(root) {
    (root || document).querySelectorAll("[data-logis-progress]").forEach(function (el) {
      if (el.dataset.started) return;
      el.dataset.started = "true";
      if (el.dataset.polling === "true") poll(el, 1500);
    });
  }

  window.LogisProgress = { start: start };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(); });
  } else {
    start();
  }
})();
