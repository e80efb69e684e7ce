"""The reliability report: each suite records its figures, the session writes them as one Markdown file.

Figures go to ``$LOGIS_REPORT_DIR`` (default ``var/reliability/``), one JSON
file per suite and database engine, so that the SQLite and the PostgreSQL
passes of the CI keep theirs; ``report.md`` beside them is rewritten at the
end of every session from all of them. ``docs/reliability.md`` explains the
suites and keeps the figures of a full run.
"""

import fcntl
import json
import os
from pathlib import Path


def report_dir():
    from django.conf import settings

    return Path(os.environ.get("LOGIS_REPORT_DIR") or Path(settings.VAR_DIR) / "reliability")


def record(suite, **figures):
    """Merge ``figures`` into the suite's record for this database engine."""
    from django.db import connection

    directory = report_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{suite}.{connection.vendor}.json"
    # pytest-xdist workers record at the same time: one at a time reads, merges and writes.
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = json.loads(path.read_text()) if path.exists() else {}
        current.update(figures)
        path.write_text(json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True))
        render(directory)


def render(directory):
    lines = ["# Rapport de fiabilité (dernier passage)", ""]
    for path in sorted(directory.glob("*.json")):
        suite, engine = path.stem.rsplit(".", 1)
        lines += [f"## {suite} ({engine})", ""]
        lines += [f"- {key} : {value}" for key, value in json.loads(path.read_text()).items()]
        lines.append("")
    (directory / "report.md").write_text("\n".join(lines))
