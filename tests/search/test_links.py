"""Results never lead a visitor into the admin they cannot enter: the page, the JSON API and the autocomplete."""

import dataclasses

import pytest

from tests.search import searchtest_plugin

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_linked(corpus, backend, monkeypatch):
    """The test plugin's public records indexed with the address of an admin screen, as plugin records are."""
    from search import service

    plain = searchtest_plugin.to_document
    monkeypatch.setattr(searchtest_plugin, "to_document",
                        lambda record: dataclasses.replace(plain(record), url=f"/admin/essai/{record.pk}/"))
    service.reindex(backend=backend)
    return corpus


def test_an_anonymous_visitor_gets_results_without_admin_links(admin_linked, client):
    html = client.get("/recherche/", {"q": "renouveler"}).content.decode()
    assert "Renouveler une demande de logement social" in html and 'href="/admin/essai/' not in html
    assert [hit["url"] for hit in client.get("/api/search/", {"q": "renouveler"}).json()["results"]][0] == ""
    assert all(item["url"] == "" for item in client.get("/api/search/suggest", {"q": "renou"}).json())


def test_who_may_enter_the_admin_keeps_the_link(admin_linked, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin-liens", password="x" * 14))
    assert 'href="/admin/essai/1/"' in client.get("/recherche/", {"q": "renouveler"}).content.decode()


def test_the_admin_path_is_where_the_site_mounts_the_admin():
    from django.urls import get_script_prefix, reverse

    from search.links import ADMIN_PATH

    assert get_script_prefix() + ADMIN_PATH == reverse("wagtailadmin_home")
