"""``logis demo`` for listings: idempotent, one account per role in two territories, something on every screen."""

import pytest

from logis.accounts.models import RoleAssignment
from plugins.listings import demo, roles
from plugins.listings.models import Contact, Listing

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_covers_every_role_and_state(demo_territories):
    demo.load()
    counts = (Listing.objects.count(), Contact.objects.count())
    demo.load()
    assert (Listing.objects.count(), Contact.objects.count()) == counts == (12, counts[1])
    assert {r.code for r in roles.ROLES} == set(RoleAssignment.objects.filter(role__startswith="listings.").values_list("role", flat=True))
    assert set(Listing.objects.values_list("status", flat=True)) == {"draft", "published", "expired", "let"}
    assert Listing.objects.public().filter(commune__path__startswith="FR/84/69").exists()
    assert Listing.objects.public().filter(commune__path__startswith="FR/84/38").exists()
    assert Contact.objects.exists() and not Listing.objects.public().filter(energy_class="G").exists()
