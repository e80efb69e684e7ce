"""Factories for the offers plugin's own records; people, territories, jobs and the scoping matrix come from
the shared fixtures of :mod:`logis.testing.pytest_plugin`."""

import datetime
import itertools

import pytest
from django.utils import timezone

_references = itertools.count(1)


@pytest.fixture
def world(demo_territories):
    """The demo territories and organisations, plus Forum Réfugiés mandated for the Isère."""
    demo_territories.organisation("Forum Réfugiés").mandated_territories.add(demo_territories.territory("FR/84/38"))
    return demo_territories


@pytest.fixture
def make_offer(world):
    """``make_offer(org_name, commune_path, **fields)`` → a saved offer (available, vetted, 3 places by default)."""
    from plugins.offers.models import Offer

    def make(org_name="Ville de Lyon", commune_path="FR/84/69/69123", **fields):
        values = {
            "reference": f"T-{next(_references)}", "provider_kind": "citizen", "accommodation_kind": "flat",
            "places_max": 3, "places_available": 3, "available_from": timezone.localdate() - datetime.timedelta(days=5),
            "available_until": timezone.localdate() + datetime.timedelta(days=60), "host_name": "Martine Exemple",
            "host_email": "martine@exemple.org", "host_phone": "+33465710011", "street": "3 rue de l'Essai",
            "coordinator_email": "crise@mairie.exemple.fr", "coordinator_phone": "+33472100000",
            "status": Offer.Status.AVAILABLE, "vetted_at": timezone.now(),
            **{name: True for name in Offer.CHECKLIST_FIELDS},
        }
        values.update(fields)
        return Offer.objects.create(organisation=world.organisation(org_name), commune=world.territory(commune_path), **values)

    return make


@pytest.fixture
def roles(person, world):
    """One user per offers role, with the demo organisations."""
    org = world.organisation
    return {
        "coordinator_lyon": person("coord.lyon", "offers.coordinator", org("Ville de Lyon")),
        "coordinator_grenoble": person("coord.grenoble", "offers.coordinator", org("Ville de Grenoble")),
        "department_rhone": person("ddets.rhone", "offers.department_service", org("DDETS du Rhône")),
        "association": person("asso", "offers.mandated_association", org("Forum Réfugiés")),
        "national": person("national", "offers.national", org("GIP SNE")),
    }
