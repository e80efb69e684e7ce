"""A way in for professionals: sign in from any page and back, a 403 that says why, 404 and 500 in the site's theme."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from content.models import HomePage

PASSWORD = "mot-de-passe-de-test-42"
THEMES = [("localhost", "fr-header"), ("uvcw.localhost", "content/neutre.css")]


@pytest.fixture
def professional(person, sne):
    return person("pro-connexion", "core.professional", sne)


@pytest.mark.parametrize("host, marker", THEMES)
def test_sign_in_from_the_public_site_and_back_to_the_page_asked_for(client, pros_page, professional, host, marker):
    home = client.get("/", HTTP_HOST=host).content.decode()
    assert 'href="/connexion/?next=%2F"' in home and "Se connecter" in home and "Mon espace" not in home
    if host == "localhost":
        response = client.get(pros_page.url)
        assert response.status_code == 302
        login_url = response["Location"]
        assert login_url == "/connexion/?next=/documentation/procedure-interne/"
    else:
        login_url = "/connexion/?next=/"
    page = client.get(login_url, HTTP_HOST=host)
    html = page.content.decode()
    assert page.status_code == 200 and marker in html and "<h1>Se connecter</h1>" in html
    wrong = client.post(login_url, {"username": "pro-connexion", "password": "faux"}, HTTP_HOST=host)
    assert wrong.status_code == 200 and "Saisissez" in wrong.content.decode() and marker in wrong.content.decode()
    target = "/documentation/procedure-interne/" if host == "localhost" else "/"
    signed_in = client.post(login_url, {"username": "pro-connexion", "password": PASSWORD}, HTTP_HOST=host)
    assert signed_in.status_code == 302 and signed_in["Location"] == target
    html = client.get(target, HTTP_HOST=host).content.decode()
    assert "Mon espace" in html and "Se déconnecter" in html and "Se connecter<" not in html
    assert client.post("/deconnexion/", HTTP_HOST=host)["Location"] == "/"
    assert "Se connecter" in client.get("/", HTTP_HOST=host).content.decode()


def test_login_page_never_sends_elsewhere(client, sites, professional):
    response = client.post("/connexion/?next=https://exemple.invalid/piege", {"username": "pro-connexion", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"  # the home page, never the other site


@pytest.mark.parametrize("host, marker", THEMES)
def test_403_says_why_and_whom_to_ask(client, pros_page, person, sne, host, marker):
    from content.models import SiteBranding

    manager = person("gestion-acces", "core.role_manager", sne)
    manager.first_name, manager.last_name, manager.email = "Inès", "Gérante", "ines@sne.example"
    manager.save()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    expired = person("pro-expire", "core.professional", sne, valid_from=yesterday - datetime.timedelta(days=30), valid_until=yesterday)
    nobody = person("sans-role-403")
    if host != "localhost":  # the same page in the neutral theme
        branding = SiteBranding.for_site(pros_page.get_site())
        branding.visual_theme = "neutre"
        branding.save()
        marker = "content/neutre.css"
    client.force_login(expired)
    response = client.get(pros_page.url)
    html = response.content.decode()
    assert response.status_code == 403 and marker in html and "<h1>Accès refusé</h1>" in html
    assert f"a expiré le {yesterday:%d/%m/%Y}" in html
    assert "Inès Gérante" in html and "mailto:ines@sne.example" in html
    client.force_login(nobody)
    html = client.get(pros_page.url).content.decode()
    assert "aucun rôle" in html and "administrateur du site" in html


@pytest.mark.parametrize("host, marker", THEMES)
def test_404_in_the_site_theme_with_search_and_navigation(client, sites, host, marker, settings):
    settings.DEBUG = False
    response = client.get("/cette-page-n-existe-pas/", HTTP_HOST=host)
    html = response.content.decode()
    assert response.status_code == 404 and marker in html and "<h1>Page introuvable</h1>" in html
    assert 'action="/recherche/"' in html and 'id="navigation-principale"' in html


def test_unknown_api_urls_answer_json_in_french(client, db):
    for url in ("/api/inconnue/", "/api/v2/inconnue/"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert "Adresse inconnue de l'API" in response.json()["detail"]


@pytest.mark.parametrize("host, marker", THEMES)
def test_500_in_the_site_theme(sites, host, marker, monkeypatch, settings):
    settings.DEBUG = False

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(HomePage, "serve", broken)
    response = Client(raise_request_exception=False).get("/", HTTP_HOST=host)
    html = response.content.decode()
    assert response.status_code == 500 and marker in html and "Erreur inattendue" in html
    assert re.search(r'href="/recherche/"', html)
