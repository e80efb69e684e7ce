"""`logis demo` for the observatory: idempotent, one account per role in two territories, sheets in every status."""

import pytest
from django.core.management import call_command

from logis.accounts.models import RoleAssignment
from plugins.observatory.demo import ACCOUNTS
from plugins.observatory.models import Operation, Sheet
from plugins.observatory.roles import ROLES

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_to_the_same_records(demo_territories):
    call_command("demo", verbosity=0)
    counts = (Sheet.objects.count(), Operation.objects.count(), RoleAssignment.objects.filter(role__startswith="observatory.").count())
    call_command("demo", verbosity=0)
    assert (Sheet.objects.count(), Operation.objects.count(),
            RoleAssignment.objects.filter(role__startswith="observatory.").count()) == counts
    assert {s for s in Sheet.objects.values_list("status", flat=True)} == set(Sheet.Status.values)
    held = set(RoleAssignment.objects.filter(user__username__in=[a[0] for a in ACCOUNTS]).values_list("role", flat=True))
    assert held == {role.code for role in ROLES}
    referents = RoleAssignment.objects.filter(role="observatory.organisation").select_related("organisation__territory")
    assert len({a.organisation.territory.path.split("/")[1] for a in referents}) == 2  # two regions
