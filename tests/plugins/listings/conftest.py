import datetime
import io
import itertools
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.images import ImageFile
from django.utils import timezone

_references = itertools.count(1)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_listing(demo_territories, today):
    """``make_listing(org_name, commune_path, **fields)`` → a saved listing, complete and published by default."""
    from plugins.listings.models import Listing

    def make(org_name="Lyon Métropole Habitat", commune_path="FR/84/69/69123", **fields):
        values = {
            "reference": f"A-{next(_references)}", "title": "T3 lumineux", "dwelling_type": "T3", "surface": Decimal("64"),
            "rent": Decimal("400"), "charges": Decimal("90"), "deposit": Decimal("400"), "energy_kwh": 150, "ghg_kg": 20,
            "energy_class": "C", "ghg_class": "C", "energy_cost_min": 600, "energy_cost_max": 900,
            "contact_email": "location@bailleur.exemple.fr", "postcode": "69008",
            "visible_from": today - datetime.timedelta(days=2), "visible_until": today + datetime.timedelta(days=30),
            "status": Listing.Status.PUBLISHED, "published_at": timezone.now(),
        }
        values.update(fields)
        return Listing.objects.create(organisation=demo_territories.organisation(org_name),
                                      commune=demo_territories.territory(commune_path), **values)

    return make


@pytest.fixture
def make_image(db):
    from PIL import Image as PillowImage
    from wagtail.images.models import Image

    def make(title="photo"):
        buffer = io.BytesIO()
        PillowImage.new("RGB", (40, 30), (200, 200, 200)).save(buffer, "PNG")
        return Image.objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))

    return make


@pytest.fixture
def agent(person, demo_territories):
    """``agent("login", role, org_name, **assignment)`` → a user holding the role who may enter the admin."""
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")

    def make(username, role, org_name, **assignment):
        user = person(username, role, demo_territories.organisation(org_name), **assignment)
        user.user_permissions.add(access)
        return user

    return make


@pytest.fixture
def roles(agent, today):
    """One account per listings role, in the Rhône and in the Isère, plus an expired and a revoked publisher."""
    return {
        "publisher_lyon": agent("pub.lyon", "listings.landlord_publisher", "Lyon Métropole Habitat"),
        "publisher_grenoble": agent("pub.grenoble", "listings.landlord_publisher", "Grenoble Habitat"),
        "holder_lyon": agent("resa.lyon", "listings.reservation_holder", "Ville de Lyon"),
        "supervisor_rhone": agent("suivi.rhone", "listings.territory_supervisor", "DDETS du Rhône"),
        "supervisor_isere": agent("suivi.isere", "listings.territory_supervisor", "DDETS de l'Isère"),
        "national": agent("national", "listings.national", "GIP SNE"),
        "expired_lyon": agent("pub.expired", "listings.landlord_publisher", "Lyon Métropole Habitat",
                              valid_from=today - datetime.timedelta(days=60), valid_until=today - datetime.timedelta(days=1)),
        "revoked_lyon": agent("pub.revoked", "listings.landlord_publisher", "Lyon Métropole Habitat", revoked_at=timezone.now()),
    }


@pytest.fixture(autouse=True)
def _own_cache(settings, request):
    """Rate-limit counters start at zero in every test (a cache of its own, not the shared Redis)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.nodeid}}
