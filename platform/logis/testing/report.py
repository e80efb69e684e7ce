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
import tempfile
from pathlib import Path


def report_dir():
    from django.conf import settings

    return Path(os.environ.get("LOGIS_REPORT_DIR") or Path(settings.VAR_DIR) / "reliability")


def time_budget():
    """Seconds a suite may spend before it stops drawing new cases (``LOGIS_SUITE_MINUTES``), None: no limit.

    ``bench/reliability_full.py --minutes`` sets it so that a full run on a
    slow machine ends with the figures of what was done, marked as cut short.
    """
    minutes = float(os.environ.get("LOGIS_SUITE_MINUTES") or 0)
    return minutes * 60 or None


def record(suite, **figures):
    """Merge ``figures`` into the suite's record for this database engine, then rewrite ``report.md``.

    Several processes may record at once (pytest-xdist workers, two CI passes
    on one machine): a lock on the folder serialises them, so that the last
    ``report.md`` holds every suite, and each file is replaced whole (never
    read half-written).
    """
    from django.db import connection

    directory = report_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        path = directory / f"{suite}.{connection.vendor}.json"
        current = json.loads(path.read_text()) if path.exists() else {}
        current.update(figures)
        _replace(path, json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True))
        render(directory)


def render(directory):
    lines = ["# Rapport de fiabilité (dernier passage)", ""]
    for path in sorted(directory.glob("*.json")):
        suite, engine = path.stem.rsplit(".", 1)
        lines += [f"## {suite} ({engine})", ""]
        lines += [f"- {key} : {value}" for key, value in json.loads(path.read_text()).items()]
        lines.append("")
    _replace(directory / "report.md", "\n".join(lines))


def _replace(path, text):
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path`` (atomic on one file system)."""
    with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=f".{path.name}.", delete=False, encoding="utf-8") as file:
        file.write(text)
    os.chmod(file.name, 0o644)
    os.replace(file.name, path)
