"""Members read who changed a ticket's status or assignee and when; resolved tickets stay listed, narrowed by a filter."""

import pytest

from plugins.spaces import tickets
from tests.plugins.spaces.conftest import refusal

pytestmark = pytest.mark.django_db


def patch(client, url, payload):
    return client.patch(url, payload, content_type="application/json")


@pytest.fixture
def lifecycle(client, space, people):
    """Alice opens ticket 1, Bruno takes it then resolves it, all through the API (the history records who)."""
    client.force_login(people["alice"])
    client.post(f"/api/spaces/{space.slug}/demandes", {"title": "Contacts", "description": "Liste à revoir"},
                content_type="application/json")
    client.force_login(people["bruno"])
    patch(client, f"/api/spaces/{space.slug}/demandes/1", {"assignee": "bruno"})
    patch(client, f"/api/spaces/{space.slug}/demandes/1", {"status": "resolved"})
    return space.slug


def test_members_read_the_status_and_assignee_changes_with_who_and_when(client, people, lifecycle):
    client.force_login(people["alice"])
    entries = client.get(f"/api/spaces/{lifecycle}/demandes/1/historique").json()
    changes = [(e["by"], [(c["field"], c["before"], c["after"]) for c in e["changes"]]) for e in entries]
    assert changes == [
        ("bruno", [("Statut", "En cours", "Résolue")]),
        ("bruno", [("Statut", "Ouverte", "En cours"), ("Prise en charge par", "—", "bruno")]),
        ("alice", [("Statut", "—", "Ouverte")]),
    ]
    assert all(e["at"] for e in entries)
    page = client.get(f"/espaces/{lifecycle}/demandes/1/").content.decode()
    assert "Statut : En cours → Résolue" in page and "Prise en charge par : — → bruno" in page
    assert "Liste à revoir" not in page.split("Historique", 1)[1]  # the description is not part of what members read as history


@pytest.mark.parametrize("who", ["outsider", "liege", "expired", "revoked", "nobody"])
def test_a_non_member_reads_no_history_and_no_list(client, people, lifecycle, who):
    client.force_login(people[who])
    for url in (f"/api/spaces/{lifecycle}/demandes/1/historique", f"/espaces/{lifecycle}/demandes/",
                f"/espaces/{lifecycle}/demandes/?demandes=resolved"):
        assert client.get(url).status_code == refusal(who, url), url


def test_another_spaces_ticket_history_is_not_reached_through_ones_own_space(client, people, lifecycle, demo_territories):
    from plugins.spaces.rules import add_member, create_space

    other = create_space(people["lead"], "Autre", demo_territories.territory("FR/84/69"), demo_territories.organisation("DDETS du Rhône"))
    add_member(other, user=people["outsider"])
    client.force_login(people["outsider"])
    assert client.get(f"/api/spaces/{other.slug}/demandes/1/historique").status_code == 404


def test_resolved_tickets_stay_listed_and_a_filter_narrows_to_them_or_to_those_to_do(client, space, people, lifecycle):
    tickets.open_ticket(space, people["alice"], "Courrier type")
    client.force_login(people["alice"])
    listing = client.get(f"/espaces/{space.slug}/demandes/").content.decode()
    assert "Contacts" in listing and "Courrier type" in listing
    to_do = client.get(f"/espaces/{space.slug}/demandes/?demandes={tickets.TO_DO}").content.decode()
    assert "Courrier type" in to_do and "Contacts" not in to_do
    resolved = client.get(f"/espaces/{space.slug}/demandes/?demandes=resolved").content.decode()
    assert "Contacts" in resolved and "Courrier type" not in resolved
    assert [t["title"] for t in client.get(f"/api/spaces/{space.slug}/demandes?resolved=true").json()] == ["Contacts"]
    assert [t["title"] for t in client.get(f"/api/spaces/{space.slug}/demandes?resolved=false").json()] == ["Courrier type"]
    assert client.get(f"/espaces/{space.slug}/demandes/?demandes=n'importe-quoi&p=999999999999").status_code == 200
