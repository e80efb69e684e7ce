"""French first, English available: every area ships a compiled English catalogue."""

import pytest
from django.utils import translation


@pytest.mark.parametrize("french, english", [
    ("Historique des modifications", "Change history"),      # core (audit)
    ("Glossaire", "Glossary"),                                # content
    ("Affiner les résultats", "Refine results"),             # search
    ("Pilotage", "Monitoring"),                              # offers plugin
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
