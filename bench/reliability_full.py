#!/usr/bin/env python3
"""Every reliability suite in full mode, then the report: what CI samples, run whole.

    .venv/bin/python bench/reliability_full.py [--only crawler,schema,forms,hostile,uploads] [--seed 2026] [--minutes 20]

- the access-control crawler on every (account, route, object) visit
  (``LOGIS_CRAWL_SAMPLE=0``);
- schemathesis with 100 cases per operation, account and mode for the two
  accounts of one role, 20 for every other role and the anonymous visitor
  (``LOGIS_SCHEMA_EXAMPLES=100``, ``LOGIS_SCHEMA_ROLE_EXAMPLES=20``, ``LOGIS_SCHEMA_ROLES=0``);
- every form found, 20 hostile bodies each (``LOGIS_FORM_SAMPLE=0``,
  ``LOGIS_FORM_EXAMPLES=20``);
- hostile query strings on every admin screen (``LOGIS_HOSTILE_ADMIN_SAMPLE=0``);
- 200 files per property for every upload parser (``LOGIS_UPLOAD_EXAMPLES=200``).

``--minutes`` bounds each suite (``LOGIS_SUITE_MINUTES``): past it, a suite
stops drawing new cases and records what it did, marked as cut short.

Each suite records its figures in ``var/reliability/`` (the database engine of
``DATABASE_URL``, SQLite when unset); the script prints ``report.md`` at the
end and exits non-zero when a suite failed. The load run has its own script,
``bench/load/run.py`` (it needs gunicorn and PostgreSQL).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITES = {
    "crawler": ("tests/reliability/test_access_crawler.py", {"LOGIS_CRAWL_SAMPLE": "0"}),
    "schema": ("tests/reliability/test_api_schema.py", {"LOGIS_SCHEMA_EXAMPLES": "100", "LOGIS_SCHEMA_ROLE_EXAMPLES": "20",
                                                      "LOGIS_SCHEMA_ROLES": "0"}),
    "forms": ("tests/reliability/test_form_fuzz.py", {"LOGIS_FORM_SAMPLE": "0", "LOGIS_FORM_EXAMPLES": "20"}),
    "hostile": ("tests/reliability/test_hostile_queries.py", {"LOGIS_HOSTILE_ADMIN_SAMPLE": "0"}),
    "uploads": ("tests/reliability/test_import_hostile.py tests/reliability/test_upload_fuzz.py", {"LOGIS_UPLOAD_EXAMPLES": "200"}),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SUITES), help="suites, séparées par des virgules : " + ", ".join(SUITES))
    parser.add_argument("--seed", default=os.environ.get("LOGIS_CRAWL_SEED", "2026"))
    parser.add_argument("--minutes", default=os.environ.get("LOGIS_SUITE_MINUTES", "0"),
                        help="durée au-delà de laquelle une suite ne tire plus de cas (0 : aucune limite)")
    args = parser.parse_args()
    failed = []
    for name in args.only.split(","):
        path, overrides = SUITES[name]
        env = {**os.environ, **overrides, "LOGIS_CRAWL_SEED": args.seed, "LOGIS_SUITE_MINUTES": args.minutes}
        start = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:logging", *path.split()], cwd=ROOT, env=env).returncode
        print(f"== {name} : {'réussi' if code == 0 else 'ÉCHEC'} en {time.perf_counter() - start:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    report = Path(os.environ.get("LOGIS_REPORT_DIR") or ROOT / "var" / "reliability") / "report.md"
    if report.exists():
        print(report.read_text())
    if failed:
        print("Suites en échec : " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
