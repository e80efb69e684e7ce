// Fills the row-by-row report when the core progress bar announces the end of the import job
// ("logis:job-done"); a reload shows the same report rendered by the server.
(function () {
  "use strict";
  const root = document.getElementById("offers-import");
  if (!root) return;
  root.addEventListener("logis:job-done", function (event) {
    const report = event.detail.result;
    if (!report) return;
    root.querySelector("[data-role=summary]").textContent = report.summary;
    const table = root.querySelector("[data-role=problems]");
    const body = table.querySelector("tbody");
    body.replaceChildren();
    for (const problem of report.problems) {
      const row = body.insertRow();
      for (const value of [problem.line, problem.column, problem.message]) {
        row.insertCell().textContent = value;
      }
    }
    table.hidden = report.problems.length === 0;
  });
})();
