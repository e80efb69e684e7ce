#!/usr/bin/env python3
"""The two set-up commands: ``python3.11 dev.py run`` and ``python3.11 dev.py test``.

Needs nothing but Python 3.11: creates ``.venv`` and installs Logis the first
time (again whenever pyproject.toml changes), then runs the platform on
embedded parts or the whole test suite (extra arguments go to pytest).
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"


def ensure_installed():
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("Création de l'environnement virtuel .venv…", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installation de Logis et de ses dépendances…", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def main(argv):
    if sys.version_info[:2] != (3, 11):
        sys.exit("Logis demande Python 3.11 : lancez « python3.11 dev.py … ».")
    if not argv or argv[0] not in ("run", "test"):
        sys.exit("Usage : python3.11 dev.py run | test [arguments de pytest]")
    ensure_installed()
    os.chdir(ROOT)
    if argv[0] == "run":
        command = [str(BIN / "logis"), "serve", *argv[1:]]
    else:
        command = [str(BIN / "python"), "-m", "pytest", *argv[1:]]
    sys.exit(subprocess.run(command).returncode)


if __name__ == "__main__":
    main(sys.argv[1:])
