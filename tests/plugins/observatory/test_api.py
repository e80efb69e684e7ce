"""The API's write paths: bounded figures (French 422), the workflow (409), and constant queries on lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.observatory import rules
from plugins.observatory.models import Sheet
from tests.plugins.observatory.conftest import operation, validated

pytestmark = pytest.mark.django_db

GOOD = {"reference": "A1", "kind": "new_build", "units": 20, "cost": 3_000_000, "subsidies": 500_000, "loans": 2_500_000,
        "equity": 0, "started_on": "2026-03-15"}


@pytest.fixture
def referent(client, person, observatory):
    client.force_login(person("ref", "observatory.organisation", observatory.landlords["Lyon Métropole Habitat"]))
    return client


@pytest.fixture
def federation(client, person, observatory):
    client.force_login(person("fed", "observatory.federation", observatory.territories.organisation("Fédération des OPH")))
    return client


def put(client, sheet, operations):
    return client.put(f"/api/observatory/sheets/{sheet.pk}/operations", operations, content_type="application/json")


def test_an_organisation_fills_and_submits_its_sheet(referent, observatory):
    sheet = observatory.sheet("Lyon Métropole Habitat")
    response = put(referent, sheet, [GOOD])
    assert response.status_code == 200 and response.json()["operations"][0]["units"] == 20
    assert referent.post(f"/api/observatory/sheets/{sheet.pk}/submit").json()["status"] == "submitted"
    assert put(referent, sheet, [GOOD]).status_code == 409


@pytest.mark.parametrize("field, value", [
    ("units", 0), ("units", 10**12), ("cost", -1), ("cost", 2**63), ("loans", 10**30), ("reference", "x" * 41),
    ("kind", "castle"), ("started_on", "31/02/2026"),
])
def test_hostile_figures_are_a_422_in_french_never_a_500(referent, observatory, field, value):
    response = put(referent, observatory.sheet("Lyon Métropole Habitat"), [{**GOOD, field: value}])
    assert response.status_code == 422
    assert observatory.sheet("Lyon Métropole Habitat").operations.count() == 0


def test_rules_refusals_are_a_422_naming_the_operation(referent, observatory):
    response = put(referent, observatory.sheet("Lyon Métropole Habitat"), [{**GOOD, "loans": 1}])
    assert response.status_code == 422 and "A1" in response.json()["detail"] and "financement" in response.json()["detail"]


def test_too_many_operations_are_refused(referent, observatory):
    response = put(referent, observatory.sheet("Lyon Métropole Habitat"), [{**GOOD, "reference": f"R{i}"} for i in range(501)])
    assert response.status_code == 422


def test_a_federation_validates_or_sends_back_with_a_comment(federation, observatory):
    lmh, grenoble = observatory.sheet("Lyon Métropole Habitat"), observatory.sheet("Grenoble Habitat")
    rules.submit(lmh, None)
    rules.submit(grenoble, None)
    assert federation.post(f"/api/observatory/sheets/{lmh.pk}/validate").json()["status"] == "validated"
    assert federation.post(f"/api/observatory/sheets/{lmh.pk}/validate").status_code == 409
    empty = federation.post(f"/api/observatory/sheets/{grenoble.pk}/send-back", {"comment": ""}, content_type="application/json")
    assert empty.status_code == 422
    sent = federation.post(f"/api/observatory/sheets/{grenoble.pk}/send-back", {"comment": "Dates à revoir."},
                           content_type="application/json")
    assert sent.json()["status"] == "returned" and sent.json()["review_comment"] == "Dates à revoir."


def test_consolidation_asks_a_bounded_number_of_campaigns(federation):
    many = "&".join(f"campaign=C{i}" for i in range(11))
    assert federation.get(f"/api/observatory/consolidation?{many}").status_code == 422
    assert federation.get("/api/observatory/consolidation?campaign=OBS-2026&level=commune").status_code == 422


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_lists_and_consolidation_read_a_constant_number_of_queries(client, person, observatory):
    union = person("union", "observatory.national", observatory.territories.organisation("Union sociale pour l'habitat"))
    client.force_login(union)
    validated(observatory.sheet("Lyon Métropole Habitat"), [operation("A")])
    urls = ["/api/observatory/sheets", "/api/observatory/consolidation?campaign=OBS-2026&level=department"]
    [_queries(client, url) for url in urls]  # the session and the user are read once, then cached
    before = [_queries(client, url) for url in urls]
    for name in ("Grenoble Habitat", "Paris Habitat", "Alliade Habitat", "Isère Habitat"):
        validated(observatory.sheet(name), [operation("A"), operation("B", kind="rehabilitation")])
    assert [_queries(client, url) for url in urls] == before
    assert Sheet.objects.filter(status=Sheet.Status.VALIDATED).count() == 5
