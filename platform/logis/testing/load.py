"""Drive the Locust scenarios of ``bench/load/locustfile.py`` headless and read their figures.

Shared by the CI short mode (``tests/reliability/test_load.py``, against the
test server) and the full mode (``bench/load/run.py``, against gunicorn with
production settings): Locust runs in its own process (it patches the
standard library with gevent), writes its CSV statistics, and this module
turns them into figures per endpoint.
"""

import csv
import subprocess
import sys
from pathlib import Path

LOCUSTFILE = Path(__file__).resolve().parents[3] / "bench" / "load" / "locustfile.py"


def run_locust(host, users, seconds, workdir, spawn_rate=None, timeout=None, locustfile=LOCUSTFILE, user_classes=()):
    """Run the scenarios against ``host``; return ``{"endpoints": [...], "total": {...}, "failures": [...]}``.

    ``user_classes`` names the classes of ``locustfile`` to run (all of them when empty).
    """
    prefix = Path(workdir) / "locust"
    command = [
        sys.executable, "-m", "locust", "-f", str(locustfile), "--headless", "--host", host,
        "--users", str(users), "--spawn-rate", str(spawn_rate or users), "--run-time", f"{seconds}s",
        "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5", *user_classes,
    ]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=timeout or seconds + 120)
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
    failures_path = Path(f"{prefix}_failures.csv")
    failures = list(csv.DictReader(open(failures_path, encoding="utf-8"))) if failures_path.exists() else []
    endpoints = [_figures(row) for row in rows if row["Name"] != "Aggregated"]
    total = next((_figures(row) for row in rows if row["Name"] == "Aggregated"), None)
    return {"endpoints": endpoints, "total": total, "failures": failures, "exit_code": finished.returncode, "log": finished.stderr[-3000:]}


def _figures(row):
    def number(key):
        value = row.get(key) or "0"
        return float(value) if value not in ("N/A", "") else 0.0

    return {
        "name": f"{row['Type']} {row['Name']}".strip(), "requests": int(number("Request Count")), "failures": int(number("Failure Count")),
        "rps": round(number("Requests/s"), 1), "p50": number("50%"), "p95": number("95%"), "p99": number("99%"),
    }


def table(result):
    """The figures as a Markdown table, one line per endpoint and the total."""
    lines = ["| point d'accès | requêtes | échecs | req/s | p50 ms | p95 ms | p99 ms |", "|---|---:|---:|---:|---:|---:|---:|"]
    for row in [*sorted(result["endpoints"], key=lambda r: r["name"]), *([result["total"]] if result["total"] else [])]:
        lines.append(f"| {row['name']} | {row['requests']} | {row['failures']} | {row['rps']} | {row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} |")
    return "\n".join(lines)


BASELINE_HOST = "baseline.localhost"


def baseline_site():
    """Serve Wagtail's own welcome page (``wagtailcore/page.html``, no plugin, no theme) on ``baseline.localhost``: the baseline."""
    from wagtail.models import Page, Site

    plain = Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").first()
    if plain is not None:
        Site.objects.get_or_create(hostname=BASELINE_HOST, defaults={"port": 80, "root_page": plain})
    return plain
