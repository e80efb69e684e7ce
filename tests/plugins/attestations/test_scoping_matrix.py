"""The core scoping matrix over every admin and API URL of the plugin: each role inside and outside, lapsed, aggregates-only."""

import pytest

from plugins.attestations import identity
from plugins.attestations.sending import issue_and_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(make_applicant, make_template, world):
    template = make_template()
    lyon, grenoble = make_applicant(number="LYON-0001"), make_applicant("FR/84/38/38185", "Ville de Grenoble", number="GRENOBLE-0001")
    found = {"inside": [lyon], "outside": [grenoble]}
    for applicant, key in ((lyon, "inside"), (grenoble, "outside")):
        document, deliveries = issue_and_send(template, applicant, None, "mail")
        change = identity.request_change(applicant, "birth_name", "DUPONT", None, applicant.organisation)
        found[key] += [document, *deliveries, change]
    return found


@pytest.mark.parametrize("role,organisation", [
    ("attestations.counter_agent", "Ville de Lyon"),
    ("attestations.counter_manager", "Ville de Lyon"),
    ("attestations.territorial_manager", "DDETS du Rhône"),
])
def test_no_role_reaches_an_applicant_outside_its_territory(records, world, scoping_matrix, role, organisation):
    scoping_matrix("attestations", inside=records["inside"], outside=records["outside"]).check_role(role, world.organisation(organisation))


@pytest.mark.parametrize("role,organisation", [
    ("attestations.counter_agent", "Ville de Lyon"), ("attestations.territorial_manager", "DDETS du Rhône"),
])
def test_an_expired_or_revoked_role_reaches_nothing(records, world, scoping_matrix, role, organisation):
    scoping_matrix("attestations", inside=records["inside"]).check_lapsed(role, world.organisation(organisation))


def test_the_national_role_sees_counts_and_never_a_file(records, world, scoping_matrix):
    scoping_matrix("attestations", inside=records["inside"] + records["outside"]).check_aggregates_only(
        "attestations.national", world.organisation("GIP SNE"))
