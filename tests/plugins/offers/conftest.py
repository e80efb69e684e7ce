import datetime
import itertools

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

_references = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Demo and test accounts hash their passwords: a fast hasher keeps each test under a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
def agent(person, world):
    """``agent("login", "offers.coordinator", "Ville de Lyon", **assignment)`` → a user who may enter the admin."""
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")

    def make(username, role, org_name, territory_path=None, **assignment):
        territory = world.territory(territory_path) if territory_path else None
        user = person(username, role, world.organisation(org_name), territory, **assignment)
        user.user_permissions.add(access)
        return user

    return make


@pytest.fixture
def roles(agent):
    """One user per offers role, with the demo organisations."""
    return {
        "coordinator_lyon": agent("coord.lyon", "offers.coordinator", "Ville de Lyon"),
        "coordinator_grenoble": agent("coord.grenoble", "offers.coordinator", "Ville de Grenoble"),
        "department_rhone": agent("ddets.rhone", "offers.department_service", "DDETS du Rhône"),
        "association": agent("asso", "offers.mandated_association", "Forum Réfugiés"),
        "national": agent("national", "offers.national", "GIP SNE"),
    }


@pytest.fixture
def centres(world):
    """The centres of Lyon, Villeurbanne and Grenoble: the radius search's fallback for offers without a GPS point."""
    from plugins.offers.models import CommuneCentre

    for path, lat, lon in [("FR/84/69/69123", 45.7676, 4.8344), ("FR/84/69/69266", 45.7719, 4.8902),
                           ("FR/84/38/38185", 45.1885, 5.7245)]:
        CommuneCentre.objects.create(commune=world.territory(path), latitude=lat, longitude=lon)
