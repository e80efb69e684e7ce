"""Production settings: refuse to start without a secret, pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys


def logis(args, tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    base.update(LOGIS_ENV="production", LOGIS_VAR_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-m", "logis.cli", *args], env=base, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = logis(["check"], tmp_path, ALLOWED_HOSTS="logis.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire en production" in result.stderr


def test_check_deploy_is_clean(tmp_path):
    result = logis(["check", "--deploy", "--fail-level", "WARNING"], tmp_path,
                   SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="logis.example.org")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
