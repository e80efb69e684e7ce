"""An agent's GDPR rights reach what the offers plugin holds about them: offers vetted, allocations made or ended."""

import pytest

from logis.accounts.gdpr import erase_person, export_person
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
