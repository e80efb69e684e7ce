"""The core scoping matrix over every admin and API URL of the plugin: each role inside and outside, lapsed, aggregates-only."""

import pytest

from plugins.attestations import identity
from plugins.attestations.letters import print_batches
from plugins.attestations.models import TerritoryValidity
from plugins.attestations.sending import issue_and_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(make_applicant, make_template, world):
    template = make_template()
    lyon, grenoble = make_applicant(number="LYON-0001"), make_applicant("FR/84/38/38185", "Ville de Grenoble", number="GRENOBLE-0001")
    found = {"inside": [lyon], "outside": [grenoble]}
    for applicant, key, departement in ((lyon, "inside", "FR/84/69"), (grenoble, "outside", "FR/84/38")):
        document, deliveries = issue_and_send(template, applicant, None, "mail")
        _letter, posted = issue_and_send(template, applicant, None, "post")
        change = identity.request_change(applicant, "birth_name", "DUPONT", None, applicant.organisation)
        validity = TerritoryValidity.objects.create(template=template, territory=world.territory(departement), months=6)
        found[key] += [document, *deliveries, *posted, change, validity]
    lyon_batch, grenoble_batch = print_batches()
    found["inside"].append(lyon_batch)
    found["outside"].append(grenoble_batch)
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
