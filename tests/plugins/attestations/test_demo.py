"""``logis demo`` loads the plugin's accounts and records, twice without duplicates."""

import pytest

from logis.accounts.models import RoleAssignment

from plugins.attestations import demo
from plugins.attestations.roles import ROLES
from plugins.attestations.models import Applicant, DocumentTemplate, IdentityChange, IssuedDocument

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_has_one_account_per_role_in_two_territories(demo_territories):
    demo.load()
    counts = (Applicant.objects.count(), DocumentTemplate.objects.count(), IssuedDocument.objects.count(), IdentityChange.objects.count())
    demo.load()
    assert counts == (Applicant.objects.count(), DocumentTemplate.objects.count(), IssuedDocument.objects.count(),
                      IdentityChange.objects.count())
    roles = set(RoleAssignment.objects.filter(user__username__startswith="attest.").values_list("role", flat=True))
    assert {role.code for role in ROLES} == roles
    assert IdentityChange.objects.filter(state="pending").exists() and IssuedDocument.objects.count() >= 5
