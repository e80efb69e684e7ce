"""``logis demo`` loads the plugin's accounts and records, twice without duplicates."""

import pytest

from logis.accounts.models import RoleAssignment

from plugins.attestations import demo
from plugins.attestations.roles import ROLES
from plugins.attestations.models import (
    Applicant, DocumentTemplate, IdentityChange, IssuedDocument, PrintBatch, TerritoryValidity,
)

pytestmark = pytest.mark.django_db


def test_the_demo_is_idempotent_and_has_one_account_per_role_in_two_territories(demo_territories, settings, tmp_path):
    settings.LOGIS_PRIVATE_FILES_ROOT = tmp_path

    def counts():
        return [model.objects.count() for model in (Applicant, DocumentTemplate, IssuedDocument, IdentityChange, PrintBatch,
                                                    TerritoryValidity)]

    demo.load()
    first = counts()
    demo.load()
    assert first == counts() and first[4:] == [2, 1]   # a batch in each territory, the Isère's own validity
    roles = set(RoleAssignment.objects.filter(user__username__startswith="attest.").values_list("role", flat=True))
    assert {role.code for role in ROLES} == roles
    assert IdentityChange.objects.filter(state="pending").exists() and IssuedDocument.objects.count() >= 5
