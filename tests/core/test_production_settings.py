"""Production settings: refuse to start without a secret, pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys

import pytest


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


@pytest.mark.parametrize("key", ["trop-court", "a" * 60, "django-insecure-" + secrets.token_urlsafe(50),
                                 "dev-only-insecure-key-never-used-in-production-0123456789abcdef"],
                         ids=["short", "one-character", "django-generated", "development-key"])
def test_production_refuses_a_weak_secret_key(tmp_path, key):
    result = logis(["check"], tmp_path, SECRET_KEY=key, ALLOWED_HOSTS="logis.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY trop faible pour la production" in result.stderr


SHOW = "from django.conf import settings as s; print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None), s.LOGIS_API_DOCS_PUBLIC)"


def test_proxy_headers_are_trusted_only_behind_a_declared_proxy_and_api_docs_closed_by_default(tmp_path):
    key = secrets.token_urlsafe(64)
    direct = logis(["shell", "-c", SHOW], tmp_path, SECRET_KEY=key, ALLOWED_HOSTS="logis.example.org")
    assert direct.stdout.split()[-2:] == ["None", "False"], direct.stderr
    proxied = logis(["shell", "-c", SHOW], tmp_path, SECRET_KEY=key, ALLOWED_HOSTS="logis.example.org",
                    LOGIS_TRUSTED_PROXY="1", LOGIS_API_DOCS_PUBLIC="1")
    assert proxied.stdout.split()[-1] == "True" and "HTTP_X_FORWARDED_PROTO" in proxied.stdout, proxied.stderr


def test_api_docs_and_schema_need_a_login_unless_declared_public(client, settings, django_user_model, db):
    settings.LOGIS_API_DOCS_PUBLIC = False
    for url in ("/api/docs", "/api/openapi.json"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(settings.LOGIN_URL), url
    client.force_login(django_user_model.objects.create_user("agent", "a@example.org", "x" * 14))
    assert client.get("/api/openapi.json").status_code == 200
    client.logout()
    settings.LOGIS_API_DOCS_PUBLIC = True
    assert client.get("/api/openapi.json").status_code == 200
