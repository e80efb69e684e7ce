"""An agent's GDPR rights over the observatory: the sheets he transmitted or reviewed, exported then unlinked."""

import pytest

from plugins.observatory import rules
from plugins.observatory.agent_data import personal_data
from plugins.observatory.models import Sheet

pytestmark = pytest.mark.django_db


def test_the_sheets_an_agent_transmitted_are_exported_then_unlinked(observatory, person):
    referent = person("ref", "observatory.organisation", observatory.landlords["Paris Habitat"])
    sheet = rules.submit(observatory.sheet("Paris Habitat"), referent)
    exported = personal_data(referent, erase=False)
    assert [row["campaign"] for rows in exported.values() for row in rows] == ["OBS-2026"]
    assert personal_data(referent, erase=False, organisations=observatory.landlords["Grenoble Habitat"].__class__.objects.none()) is None
    assert personal_data(referent, erase=True) == {"sheets_submitted": 1, "sheets_reviewed": 0}
    assert Sheet.objects.get(pk=sheet.pk).submitted_by is None and Sheet.objects.get(pk=sheet.pk).status == "submitted"
