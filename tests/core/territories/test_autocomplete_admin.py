"""Territory pickers in admin forms are search boxes backed by a scoped JSON endpoint."""

import pytest

from logis.accounts.models import Organisation, Territory


@pytest.fixture
def ddets_35_agent(territory_slice, person):
    ddets = Organisation.objects.create(name="DDETS 35", kind="state_service", territory=Territory.objects.get(kind="department", code="35"))
    return person("agent.35", "core.supervisor", ddets)


def test_the_endpoint_finds_by_name_without_accents_postcode_or_code(client, ddets_35_agent):
    client.force_login(ddets_35_agent)
    url = "/admin/territories/autocomplete/"
    assert client.get(url, {"q": "cesson sevigne"}).json()["results"][0]["label"] == "Cesson-Sévigné (35051)"
    assert client.get(url, {"q": "35000", "kinds": "commune"}).json()["results"][0]["label"] == "Rennes (35238)"
    assert client.get(url, {"q": "44109"}).json()["results"][0]["label"] == "Nantes (44109)"


def test_with_a_permission_the_endpoint_keeps_to_the_users_scope(client, ddets_35_agent):
    client.force_login(ddets_35_agent)
    url = "/admin/territories/autocomplete/"
    assert client.get(url, {"q": "nantes", "permission": "audit.view"}).json()["results"] == []
    assert client.get(url, {"q": "rennes", "permission": "audit.view", "kinds": "commune"}).json()["results"]
    assert client.get(url, {"q": "rennes", "permission": "offers.no_such"}).json()["results"] == []
    assert client.get(url, {"q": "x" * 5000, "limit": "-3"}).status_code == 200


def test_the_endpoint_is_for_signed_in_admin_users_only(client, territory_slice):
    response = client.get("/admin/territories/autocomplete/", {"q": "rennes"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_organisation_form_renders_a_search_box_not_every_territory(admin_client, territory_slice):
    page = admin_client.get("/admin/logis_organisations/new/").content.decode()
    assert "logis-autocomplete" in page and "territory-autocomplete.js" in page
    assert "Cesson-Sévigné" not in page and page.count("<option") < 50
    rennes = Territory.objects.get(kind="commune", code="35238")
    org = Organisation.objects.create(name="Ville de Rennes", kind="commune", territory=rennes)
    edit = admin_client.get(f"/admin/logis_organisations/edit/{org.pk}/").content.decode()
    assert f'<option value="{rennes.pk}" selected>Rennes (35238)</option>' in edit
