"""Security headers on a public page, an admin page and an API response; CSP without inline script or CDN (issue 9.6)."""

import json
import logging
import re

import pytest

from content.models import GuidePage



def _directives(response):
    policy = response["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())


def _common_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    directives = _directives(response)
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'" and directives["report-uri"] == "/csp-report/"
    return directives


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin.csp", "a@example.org", "x" * 14))
    return client


def test_public_page_has_a_strict_policy_and_every_script_is_ours_or_nonced(client, imported):
    page = GuidePage.objects.get(slug="cotation-principes")
    for url in (page.url, "/", "/recherche/?q=cotation"):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = _common_headers(response)
        # a nonce is sent only when the page has a script that carries it
        match = re.fullmatch(r"'self'( 'nonce-([A-Za-z0-9+/=]+)')?", directives["script-src"])
        assert match, directives["script-src"]
        nonce = match.group(2) or "no nonce sent"
        assert "unsafe" not in response["Content-Security-Policy"]
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            local = re.search(r'src="/static/', tag)
            data = 'type="application/json"' in tag or 'type="application/ld+json"' in tag
            assert local or data or f'nonce="{nonce}"' in tag, (url, tag)
        assert not re.search(r"""<(script|link)\b[^>]*(src|href)=["']https?://""", response.content.decode()), url


def test_dsfr_scripts_carry_the_nonce_the_policy_names(client, imported):
    """``dsfr_js`` gets django-csp's lazy nonce, which counts as false until read: the tag printed none."""
    response = client.get(GuidePage.objects.get(slug="cotation-principes").url)
    nonce = re.search(r"'nonce-([A-Za-z0-9+/=]+)'", _directives(response)["script-src"]).group(1)
    dsfr_scripts = re.findall(r"<script\b[^>]*dsfr[^>]*>", response.content.decode())
    assert len(dsfr_scripts) == 2 and all(f'nonce="{nonce}"' in tag for tag in dsfr_scripts), dsfr_scripts


def test_admin_page_has_the_policy_relaxed_for_wagtail_inline_scripts_only(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    directives = _common_headers(response)
    assert directives["script-src"] == "'self' 'unsafe-inline'" and "nonce" not in response["Content-Security-Policy"]
    login = type(admin_client)().get("/admin/login/")
    assert "Content-Security-Policy" in login


def test_api_responses_carry_the_headers(client, imported):
    for url in ("/api/v2/pages/", "/api/openapi.json"):
        response = client.get(url)
        assert response.status_code == 200, url
        _common_headers(response)


def test_api_docs_load_swagger_from_our_static_files_not_a_cdn(client, settings):
    settings.LOGIS_API_DOCS_PUBLIC = True
    html = client.get("/api/docs").content.decode()
    scripts = re.findall(r'<script\b[^>]*src="([^"]+)"', html)
    assert scripts and all(src.startswith("/static/ninja/") for src in scripts)
    assert "cdn" not in html.lower() and not re.search(r"<script>(?!\s*</script>)", html)


def test_violation_reports_are_logged_and_garbage_refused(client, caplog):
    report = {"csp-report": {"document-uri": "https://logis.example.org/", "violated-directive": "script-src",
                             "blocked-uri": "https://evil.example/x.js"}}
    with caplog.at_level(logging.WARNING, logger="logis.csp"):
        response = client.post("/csp-report/", json.dumps(report), content_type="application/csp-report")
    assert response.status_code == 204
    assert "evil.example/x.js" in caplog.text and "script-src" in caplog.text
    assert client.post("/csp-report/", "pas du json", content_type="application/csp-report").status_code == 400
    assert client.post("/csp-report/", "x" * 20000, content_type="application/csp-report").status_code == 400
    assert client.get("/csp-report/").status_code == 405
