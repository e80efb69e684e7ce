"""Command-line start-up: Logis against a bare Wagtail project, whole processes, paired runs.

    .venv/bin/python bench/cli_startup.py [--runs 10] [--bare-venv /tmp/logis-bench-bare-venv]

The reference is what ``wagtail start`` creates, in a virtualenv of its own
holding only the Wagtail and Django versions Logis runs (created on first use,
from the package index). Each round runs Logis then the reference, one after
the other, so that a machine whose speed drifts moves both; the figures are
the CPU seconds (user + system) of each whole process, read from the kernel,
their medians, and the median of the per-round ratios. Issue 13's target:
``manage.py check`` at most 1.5 times the reference.

Does not import this project's code: it only starts processes (``harness``
would configure Django in this process, which is not what is measured here).
"""

import argparse
import importlib.metadata
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5


def bare_project(venv, workdir):
    """A project made by ``wagtail start`` with ``venv``'s Wagtail, created if missing."""
    python = Path(venv) / "bin" / "python"
    if not python.exists():
        versions = [f"{name}=={importlib.metadata.version(name)}" for name in ("wagtail", "django")]
        print(f"Création de l'environnement de référence {venv} ({', '.join(versions)})…", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *versions], check=True)
    project = Path(workdir) / "bare"
    project.mkdir()
    subprocess.run([str(Path(venv) / "bin" / "wagtail"), "start", "bare", str(project)], check=True,
                   stdout=subprocess.DEVNULL)
    return python, project


def timed(command, cwd, env):
    """(cpu seconds, wall seconds) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def paired(logis_cmd, bare_cmd, bare_cwd, runs, logis_env, bare_env):
    pairs = []
    for n in range(runs + 1):  # the first round warms the file cache and writes .pyc files; not counted
        a = timed(logis_cmd, ROOT, logis_env)
        b = timed(bare_cmd, bare_cwd, bare_env)
        if n:
            pairs.append((a, b))
    return pairs


def report(label, pairs):
    med = statistics.median
    a_cpu, b_cpu = med(a[0] for a, _ in pairs), med(b[0] for _, b in pairs)
    a_wall, b_wall = med(a[1] for a, _ in pairs), med(b[1] for _, b in pairs)
    ratios = sorted(a[0] / b[0] for a, b in pairs)
    ratio = med(ratios)
    verdict = "atteint" if ratio <= TARGET else "NON atteint"
    print(f"{label:<34} {a_cpu:6.2f} s  {b_cpu:6.2f} s  ×{ratio:5.2f} (min ×{ratios[0]:.2f}, max ×{ratios[-1]:.2f})"
          f"  mur {a_wall:5.2f} s / {b_wall:5.2f} s   cible ≤ ×{TARGET} : {verdict}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--bare-venv", default=os.path.join(tempfile.gettempdir(), "logis-bench-bare-venv"))
    args = parser.parse_args()
    logis = str(Path(sys.executable).with_name("logis"))
    with tempfile.TemporaryDirectory() as workdir:
        python, project = bare_project(args.bare_venv, workdir)
        clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
        logis_env = {**clean, "LOGIS_VAR_DIR": os.path.join(workdir, "var"), "PYTHONDONTWRITEBYTECODE": ""}
        print(f"{runs_line(args.runs)}\n{'commande':<34} {'Logis':>8}  {'Wagtail nu':>8}  rapport (CPU, médianes)")
        bare_check = [str(python), "manage.py", "check"]
        report("manage.py check", paired([sys.executable, "manage.py", "check"], bare_check, project, args.runs, logis_env, clean))
        report("logis help (liste des commandes)", paired([logis, "help"], [str(python), "manage.py", "help"], project,
                                                          args.runs, logis_env, clean))


def runs_line(runs):
    return f"{runs} paires (Logis puis référence), processus entiers, secondes CPU utilisateur + système"


if __name__ == "__main__":
    main()
