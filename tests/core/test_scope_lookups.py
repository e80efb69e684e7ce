"""The scoping service's one path to data: ``scope_for``, ``Scope.get`` by id or natural key, ``Scope.in_bulk``, territories.

Written against real rows (the demo territories and organisations): a row out
of scope answers exactly as a row that does not exist.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from logis.accounts.models import Organisation, Territory
from logis.accounts.scoping import scope_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def rhone(demo_territories, person):
    """A supervisor of the Rhône department (territorial reach over organisations)."""
    return person("supervision.rhone", "core.supervisor", demo_territories.organisation("DDETS du Rhône"))


def test_within_gives_a_territory_and_everything_below_it_never_a_neighbour_sharing_a_prefix(demo_territories):
    rhone = Territory.objects.get(path="FR/84/69")
    below = set(Territory.objects.within(rhone).values_list("path", flat=True))
    assert "FR/84/69" in below and "FR/84/69/69123" in below
    assert not any(path.startswith("FR/84/38") for path in below)
    assert set(Territory.objects.within("FR/84/69", "FR/84/38").values_list("path", flat=True)) >= below | {"FR/84/38/38185"}
    assert not Territory.objects.within().exists()


@pytest.mark.parametrize("key,expected", [
    ("FR/84/69/69123", "FR/84/69/69123"),
    ("69123", "FR/84/69/69123"),
    ("69", "FR/84/69"),
    ("FR/84/69/", None),
    ("99999", None),
    ("", None),
    ("x" * 500, None),
    ("' OR 1=1 --", None),
])
def test_resolve_turns_a_natural_key_into_one_territory_or_none(demo_territories, key, expected):
    territory = Territory.objects.named(key)
    assert (territory.path if territory else None) == expected


def test_scope_for_refuses_in_french_when_no_current_role_grants_the_permission(demo_territories, person):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    expired = person("ancien", "core.supervisor", demo_territories.organisation("DDETS du Rhône"),
                     valid_from=yesterday - datetime.timedelta(days=30), valid_until=yesterday)
    revoked = person("revoque", "core.supervisor", demo_territories.organisation("DDETS du Rhône"), revoked_at=timezone.now())
    for user in (expired, revoked):
        with pytest.raises(PermissionDenied, match="rôle en cours de validité"):
            scope_for(user, "audit.view")


def test_scope_for_is_read_once_per_user_object(rhone, django_assert_num_queries):
    first = scope_for(rhone, "audit.view", rows=True)
    with django_assert_num_queries(0):
        assert scope_for(rhone, "audit.view") is first


def test_get_finds_one_row_in_scope_by_id_or_natural_key_and_404s_everything_else(rhone, demo_territories):
    scope = scope_for(rhone, "audit.view")
    lyon, grenoble = (demo_territories.organisation(n) for n in ("Ville de Lyon", "Ville de Grenoble"))
    assert scope.get(Organisation.objects.all(), pk=lyon.pk) == lyon
    assert scope.get(Organisation.objects.all(), name="Ville de Lyon") == lyon
    for lookup in ({"pk": grenoble.pk}, {"name": "Ville de Grenoble"}, {"pk": "abc"}, {"pk": None}, {"pk": 10**30},
                   {"name__startswith": "Ville de"}):
        with pytest.raises(Http404) as refused:
            scope.get(Organisation.objects.all(), **lookup)
        assert str(refused.value) == "Organisation introuvable dans votre territoire."


def test_get_can_lock_the_row_it_returns(rhone, demo_territories, django_capture_on_commit_callbacks):
    from django.db import transaction

    with transaction.atomic():
        found = scope_for(rhone, "audit.view").get(Organisation.objects.all(), lock=True, name="Ville de Lyon")
    assert found.name == "Ville de Lyon"


def test_in_bulk_splits_natural_keys_into_rows_in_scope_and_keys_held_elsewhere(rhone, demo_territories):
    names = ["Ville de Lyon", "Ville de Grenoble", "Nulle part", "", None, "Ville de Lyon"]
    found, hidden = scope_for(rhone, "audit.view").in_bulk(Organisation.objects.all(), "name", names, batch=1)
    assert set(found) == {"Ville de Lyon"} and found["Ville de Lyon"].pk == demo_territories.organisation("Ville de Lyon").pk
    assert hidden == {"Ville de Grenoble"}
