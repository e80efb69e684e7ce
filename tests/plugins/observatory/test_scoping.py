"""Who sees which sheet, through the API and the screens: each level exactly its reach, nothing outside, nothing with a lapsed role."""

import datetime

import pytest
from django.utils import timezone

from tests.plugins.observatory.conftest import ESH, LEVELS, OPH, operation, validated

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", LEVELS)
def test_each_level_lists_exactly_the_sheets_of_its_reach(login, username):
    sheets = login(username).get("/api/observatory/sheets?limit=100").json()
    assert {s["organisation"] for s in sheets} == LEVELS[username][2]


@pytest.mark.parametrize("username", LEVELS)
def test_a_sheet_outside_the_reach_does_not_exist_by_id_nor_by_natural_key(login, observatory, username):
    client = login(username)
    for name, org in observatory.landlords.items():
        sheet = observatory.sheet(name)
        expected = 200 if name in LEVELS[username][2] else 404
        assert client.get(f"/api/observatory/sheets/{sheet.pk}").status_code == expected, name
        key = f"campaign=OBS-2026&siren={org.siren}&department={sheet.department.code}"
        assert client.get(f"/api/observatory/sheets/by-key?{key}").status_code == expected, name


def test_a_guessed_campaign_code_or_siren_answers_the_same_404(login, observatory):
    client = login("ref.lmh")
    paris = observatory.landlords["Paris Habitat"]
    for key in (f"campaign=OBS-2099&siren={paris.siren}&department=75", "campaign=OBS-2026&siren=000000000&department=69",
                f"campaign=OBS-2026&siren={paris.siren}&department=75"):
        response = client.get(f"/api/observatory/sheets/by-key?{key}")
        assert response.status_code == 404 and "introuvable" in response.json()["detail"]


@pytest.mark.parametrize("lapse", [
    {"valid_from": datetime.date(2020, 1, 1), "valid_until": datetime.date(2021, 1, 1)},
    {"revoked_at": timezone.now()},
])
@pytest.mark.parametrize("username", ["ref.lmh", "fed.oph", "ar.ara", "union"])
def test_an_expired_or_revoked_role_sees_nothing(login, username, lapse):
    client = login(username, **lapse)
    assert client.get("/api/observatory/sheets").status_code == 403
    assert client.get("/api/observatory/consolidation?campaign=OBS-2026").status_code == 403


def test_another_federation_cannot_validate_nor_an_organisation_validate_itself(login, observatory):
    sheet = observatory.sheet("Alliade Habitat")
    from plugins.observatory import rules

    rules.submit(sheet, None)
    assert login("fed.oph").post(f"/api/observatory/sheets/{sheet.pk}/validate").status_code == 404
    referent = login("ref.lmh")
    own = observatory.sheet("Lyon Métropole Habitat")
    rules.submit(own, None)
    assert referent.post(f"/api/observatory/sheets/{own.pk}/validate").status_code == 403


def test_a_federation_fills_nothing(login, observatory):
    sheet = observatory.sheet("Lyon Métropole Habitat")
    response = login("fed.oph").put(f"/api/observatory/sheets/{sheet.pk}/operations", [], content_type="application/json")
    assert response.status_code == 403


@pytest.mark.parametrize("username, territories", [
    ("ar.ara", {"", "FR/84", "FR/84/69", "FR/84/38"}), ("ar.idf", {"", "FR/11", "FR/11/75"}),
    ("fed.esh", {"", "FR/84", "FR/84/69", "FR/84/38"}),
])
def test_the_consolidation_covers_only_the_level_s_reach(login, observatory, username, territories):
    for name in OPH | ESH:
        validated(observatory.sheet(name), [operation("A")])
    client = login(username)
    seen = set()
    for level in ("national", "region", "department"):
        response = client.get(f"/api/observatory/consolidation?campaign=OBS-2026&level={level}")
        assert response.status_code == 200
        seen |= {cell["territory"] for cell in response.json()}
    assert seen == territories


@pytest.mark.parametrize("username", LEVELS)
def test_each_level_opens_on_screen_exactly_the_sheets_of_its_reach(login, observatory, username):
    client = login(username)
    for name in observatory.landlords:
        expected = 200 if name in LEVELS[username][2] else 404
        assert client.get(f"/admin/observatoire/fiches/{observatory.sheet(name).pk}/").status_code == expected, name


@pytest.mark.parametrize("username", LEVELS)
def test_each_level_exports_only_its_reach(login, observatory, username):
    for name in OPH | ESH:
        validated(observatory.sheet(name), [operation("A")])
    response = login(username).get("/admin/observatoire/consolidation/?campaign=OBS-2026&level=department&export=csv")
    departments = {line.split(";")[2] for line in b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1:]}
    reach = {observatory.sheet(name).department.code for name in LEVELS[username][2]}
    assert departments == reach


@pytest.mark.parametrize("username", LEVELS)
def test_the_core_scoping_matrix_holds_for_every_level(observatory, scoping_matrix, username):
    from logis.accounts.models import Organisation

    role, holder, seen = LEVELS[username]
    sheets = {name: observatory.sheet(name) for name in observatory.landlords}
    matrix = scoping_matrix("observatory", inside=[s for n, s in sheets.items() if n in seen],
                            outside=[s for n, s in sheets.items() if n not in seen])
    matrix.check_role(role, Organisation.objects.get(name=holder))
    if username == "fed.oph":
        matrix.check_lapsed(role, Organisation.objects.get(name=holder))
