"""An agent's GDPR rights reach what the offers plugin holds about them: offers vetted, allocations made or ended."""

import pytest

from logis.accounts.gdpr import erase_person, export_person
from logis.accounts.models import RoleAssignment
from plugins.offers.allocations import end_allocation
from plugins.offers.matching import Household, allocate
from plugins.offers.models import Allocation, Offer

pytestmark = pytest.mark.django_db


def test_an_agents_export_lists_and_erasure_unlinks_their_offers_work(roles, make_offer, person, world):
    agent = roles["coordinator_lyon"]
    offer = make_offer(reference="VETTED", vetted_by=agent)
    allocation = allocate(offer.pk, Household(adults=1), agent)
    end_allocation(allocation.pk, agent, Allocation.End.ENDED, "Relogé")
    sections = export_person(agent)["plugins"] if "plugins" in export_person(agent) else export_person(agent)
    text = str(sections)
    assert "VETTED" in text and "Relogé" in text
    admin = person("admin.rgpd", "core.role_manager", world.organisation("Ville de Lyon"))
    erase_person(agent, admin)
    allocation.refresh_from_db()
    assert Offer.objects.get(pk=offer.pk).vetted_by is None
    assert (allocation.allocated_by, allocation.ended_by, allocation.end_reason) == (None, None, "Relogé")


@pytest.fixture
def lyon_agent(roles, make_offer, person, world):
    """Lyon's coordinator, also Grenoble's, who vetted an offer of each, and allocated and ended a place in Lyon."""
    agent = roles["coordinator_lyon"]
    RoleAssignment.objects.create(user=agent, role="offers.coordinator", organisation=world.organisation("Ville de Grenoble"))
    lyon = make_offer(reference="VETTED-LYON", vetted_by=agent)
    grenoble = make_offer("Ville de Grenoble", "FR/84/38/38185", reference="VETTED-GRENOBLE", vetted_by=agent)
    allocation = allocate(lyon.pk, Household(adults=1), agent)
    end_allocation(allocation.pk, agent, Allocation.End.ENDED, "Relogé")
    manager = person("gestion.lyon", "core.role_manager", world.organisation("Ville de Lyon"))
    return {"agent": agent, "lyon": lyon, "grenoble": grenoble, "allocation": allocation, "manager": manager}


def test_a_role_manager_exports_only_what_his_organisation_holds_about_an_agent(client, lyon_agent):
    """The hook keeps to the reader's organisations: Lyon's manager never learns of the agent's work for Grenoble."""
    client.force_login(lyon_agent["manager"])
    data = client.get(f"/admin/logis/rgpd/{lyon_agent['agent'].pk}/export/json/").json()["extensions"]
    assert [o["reference"] for o in data["Offres d'hébergement qualifiées"]] == ["VETTED-LYON"]
    assert [a["offer"] for a in data["Attributions faites"]] == ["VETTED-LYON"]
    assert [a["reason"] for a in data["Attributions terminées"]] == ["Relogé"]
    page = client.get(f"/admin/logis/rgpd/{lyon_agent['agent'].pk}/").content.decode()
    assert "VETTED-LYON" in page and "VETTED-GRENOBLE" not in page
    everything = str(export_person(lyon_agent["agent"]))
    assert "VETTED-LYON" in everything and "VETTED-GRENOBLE" in everything


def test_the_erasure_unlinks_the_agent_everywhere_and_the_history_records_it(client, lyon_agent, django_user_model):
    from logis.audit.models import AuditEntry

    agent, admin = lyon_agent["agent"], django_user_model.objects.create_superuser("admin.rgpd2", "a@example.org", "mot-de-passe-42")
    client.force_login(admin)
    assert client.post(f"/admin/logis/rgpd/{agent.pk}/", {"confirmation": "1"}).status_code == 302
    assert not Offer.objects.filter(vetted_by=agent).exists()
    assert not Allocation.objects.filter(allocated_by=agent).exists() and not Allocation.objects.filter(ended_by=agent).exists()
    unlinked = AuditEntry.objects.for_object(lyon_agent["grenoble"]).filter(action="update").first()
    assert (unlinked.user, unlinked.changes["vetted_by"], unlinked.territory_path) == (admin, [agent.pk, None], "FR/84/38/38185")
    erasure = AuditEntry.objects.for_object(agent).get()
    assert erasure.changes["effacement_rgpd"][1]["extensions"]["offers"] == {
        "vetted_offers": 2, "allocations_made": 1, "allocations_ended": 1}
    assert export_person(agent)["extensions"] == {}
