"""Controlled identity changes: minor validated at once, major pending, rejected restored; monitoring flags."""

import datetime

import pytest
from django.utils import timezone

from plugins.attestations import identity
from plugins.attestations.issuing import issue, rendered_text
from plugins.attestations.models import IdentityChange

pytestmark = pytest.mark.django_db


def test_a_minor_change_is_validated_at_once(make_applicant, roles, world):
    applicant = make_applicant(birth_name="LEFEVRE")
    change = identity.request_change(applicant, "birth_name", "Lefèvre", roles["agent_lyon"], world.organisation("Ville de Lyon"))
    applicant.refresh_from_db()
    assert (change.state, change.minor, applicant.birth_name) == ("validated", True, "Lefèvre")


def test_a_major_change_waits_and_documents_issued_meanwhile_keep_the_old_values(make_applicant, make_template, roles, world):
    applicant = make_applicant()
    change = identity.request_change(applicant, "birth_name", "DUPONT", roles["agent_lyon"], world.organisation("Ville de Lyon"))
    applicant.refresh_from_db()
    assert (change.state, applicant.birth_name) == ("pending", "MARTIN")
    assert "MARTIN" in rendered_text(issue(make_template(), applicant, None))[1]
    identity.decide(change, roles["manager_lyon"], approve=True)
    applicant.refresh_from_db()
    assert applicant.birth_name == "DUPONT" and change.decided_by == roles["manager_lyon"]
    with pytest.raises(identity.IdentityChangeRefused, match="déjà été traitée"):
        identity.decide(change, roles["manager_lyon"], approve=False)


def test_a_rejected_change_leaves_the_old_values(make_applicant, roles, world):
    applicant = make_applicant(birth_date=datetime.date(1990, 5, 14))
    change = identity.request_change(applicant, "birth_date", "1991-05-14", roles["agent_lyon"], world.organisation("Ville de Lyon"))
    identity.decide(change, roles["gt_rhone"], approve=False)
    applicant.refresh_from_db()
    assert change.state == "rejected" and applicant.birth_date == datetime.date(1990, 5, 14)


def test_a_field_outside_the_control_is_refused(make_applicant, roles, world):
    with pytest.raises(identity.IdentityChangeRefused):
        identity.request_change(make_applicant(), "territory", "x", roles["agent_lyon"], world.organisation("Ville de Lyon"))


def test_monitoring_flags_old_files_busy_agents_and_a_download_right_after(make_applicant, make_template, roles, world):
    agent, lyon = roles["agent_lyon"], world.organisation("Ville de Lyon")
    old = make_applicant(filing_date=timezone.localdate() - datetime.timedelta(days=3 * 365))
    change = identity.request_change(old, "birth_name", "DUPONT", agent, lyon)
    issue(make_template(), old, agent)
    assert set(identity.flags([change])[change.pk]) == {"old_file", "then_issued"}
    for index in range(identity.BUSY_AGENT + 1):
        identity.request_change(make_applicant(), "birth_name", f"NOM{index}X", agent, lyon)
    quiet = identity.request_change(make_applicant(), "birth_name", "AUTRE", roles["manager_lyon"], lyon)
    found = identity.flags(IdentityChange.objects.select_related("applicant"))
    assert "busy_agent" in found[change.pk] and found[quiet.pk] == []
