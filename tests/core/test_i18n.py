"""French first, English available: every area ships a compiled English catalogue."""

import pytest
from django.utils import translation


@pytest.mark.parametrize("french, english", [
    ("Historique des modifications", "Change history"),      # core (audit)
    ("Glossaire", "Glossary"),                                # content
    ("Affiner les résultats", "Refine results"),             # search
    ("Pilotage", "Monitoring"),                              # offers plugin
    ("Centre de notifications", "Notification centre"),      # core (notification centre)
    ("Mes espaces collaboratifs", "My collaborative spaces"),  # spaces plugin
])
def test_each_catalogue_translates_into_english(french, english):
    with translation.override("en"):
        assert translation.gettext(french) == english
    with translation.override("fr"):
        assert translation.gettext(french) == french


@pytest.mark.django_db
def test_a_public_page_follows_the_browser_language(client):
    french = client.get("/recherche/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    english = client.get("/recherche/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rechercher dans la documentation" in french
    assert "Search the documentation" in english and "Rechercher dans la documentation" not in english


@pytest.mark.django_db
def test_the_language_switch_changes_the_interface_language_and_comes_back(client):
    page = client.get("/recherche/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'action="/i18n/setlang/"' in page and 'value="en" lang="en"' in page and ">English<" in page

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/recherche/?q=dls"})
    assert response.status_code == 302 and response["Location"] == "/recherche/?q=dls"
    english = client.get("/recherche/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()  # the choice beats the browser's
    assert "Search the documentation" in english and 'value="fr" lang="fr"' in english and ">Français<" in english

    client.post("/i18n/setlang/", {"language": "fr", "next": "/recherche/"})
    assert "Rechercher dans la documentation" in client.get("/recherche/").content.decode()
