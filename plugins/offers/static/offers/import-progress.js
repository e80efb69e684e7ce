// Polls GET /api/jobs/{id} and fills the progress bar, then the row-by-row report.
(function () {
  const root = document.getElementById("offers-import");
  if (!root) return;
  const bar = root.querySelector("progress");
  const message = root.querySelector("[data-role=message]");
  const summary = root.querySelector("[data-role=summary]");
  const table = root.querySelector("[data-role=problems]");

  function showReport(report) {
    summary.textContent = report.summary;
    if (!report.problems.length) return;
    const body = table.querySelector("tbody");
    for (const problem of report.problems) {
      const row = body.insertRow();
      for (const value of [problem.line, problem.column, problem.message]) {
        row.insertCell().textContent = value;
      }
    }
    table.hidden = false;
  }

  async function poll() {
    const response = await fetch(root.dataset.progressUrl, { credentials: "same-origin" });
    if (!response.ok) { message.textContent = "Avancement indisponible (" + response.status + ")."; return; }
    const job = await response.json();
    bar.value = job.percent;
    message.textContent = job.message || job.status;
    if (job.status === "finished") { message.textContent = "Terminé."; showReport(job.result); return; }
    if (job.status === "failed") { message.textContent = job.error; return; }
    setTimeout(poll, 1000);
  }
  poll();
})();
