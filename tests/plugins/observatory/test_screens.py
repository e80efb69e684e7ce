"""The admin screens: a referent fills and transmits, a federation validates, the consolidation shows chart, table and exports."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.observatory import rules
from plugins.observatory.models import Sheet
from tests.plugins.observatory.conftest import operation, validated

pytestmark = pytest.mark.django_db


def sheet_url(sheet):
    return f"/admin/observatoire/fiches/{sheet.pk}/"


@pytest.fixture
def as_user(client, person, observatory):
    from logis.accounts.models import Organisation

    def login(username, role, holder, **assignment):
        client.force_login(person(username, role, Organisation.objects.get(name=holder), **assignment))
        return client

    return login


def formset(*rows):
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "500"}
    for i, row in enumerate(rows):
        data.update({f"form-{i}-{k}": v for k, v in row.items()})
    return data


ROW = {"reference": "L-1", "kind": "new_build", "units": "12", "cost": "1000000", "subsidies": "250000", "loans": "750000",
       "equity": "0", "started_on": "2026-03-01", "finished_on": ""}


def test_a_referent_fills_and_transmits_its_sheet_and_sees_no_other(as_user, observatory):
    client = as_user("ref", "observatory.organisation", "Lyon Métropole Habitat")
    own, other = observatory.sheet("Lyon Métropole Habitat"), observatory.sheet("Grenoble Habitat")
    listing = client.get("/admin/observatoire/fiches/")
    assert listing.status_code == 200 and b"Lyon M" in listing.content and b"Grenoble Habitat" not in listing.content
    assert client.get(sheet_url(other)).status_code == 404
    response = client.post(sheet_url(own), {**formset(ROW), "action": "submit"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == Sheet.Status.SUBMITTED and own.operations.get().units == 12


def test_a_hostile_figure_is_shown_back_in_french_and_nothing_is_saved(as_user, observatory):
    client = as_user("ref", "observatory.organisation", "Lyon Métropole Habitat")
    own = observatory.sheet("Lyon Métropole Habitat")
    response = client.post(sheet_url(own), {**formset({**ROW, "units": "99999999999"}), "action": "submit"})
    assert response.status_code == 200 and "inférieure ou égale" in response.content.decode()
    own.refresh_from_db()
    assert own.status == Sheet.Status.DRAFT and not own.operations.exists()


def test_a_federation_validates_a_member_s_sheet_but_not_another_federation_s(as_user, observatory):
    member, stranger = observatory.sheet("Paris Habitat"), observatory.sheet("Alliade Habitat")
    for sheet in (member, stranger):
        rules.replace_operations(sheet, [operation("A")])
        rules.submit(sheet, None)
    client = as_user("fed", "observatory.federation", "Fédération des OPH")
    assert "Valider la fiche" in client.get(sheet_url(member)).content.decode()
    assert client.post(sheet_url(member), {"action": "validate"}).status_code == 302
    member.refresh_from_db()
    assert member.status == Sheet.Status.VALIDATED
    assert client.post(sheet_url(stranger), {"action": "validate"}).status_code == 404


def test_a_referent_cannot_validate_its_own_sheet(as_user, observatory):
    own = observatory.sheet("Lyon Métropole Habitat")
    rules.submit(own, None)
    client = as_user("ref", "observatory.organisation", "Lyon Métropole Habitat")
    assert client.post(sheet_url(own), {"action": "validate"}).status_code in (302, 403)  # Wagtail's refusal
    own.refresh_from_db()
    assert own.status == Sheet.Status.SUBMITTED


def test_the_template_downloads_only_for_who_fills_the_sheet(as_user, observatory):
    own = observatory.sheet("Lyon Métropole Habitat")
    client = as_user("ref", "observatory.organisation", "Lyon Métropole Habitat")
    assert client.get(sheet_url(own) + "modele.xlsx")["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(sheet_url(observatory.sheet("Paris Habitat")) + "modele.xlsx").status_code == 404


def _all_validated(observatory):
    for index, name in enumerate(observatory.landlords):
        validated(observatory.sheet(name), [operation("A", units=10 + index), operation("B", kind="rehabilitation", units=5 + index)])


def test_the_consolidation_shows_a_chart_and_the_same_figures_in_a_table(as_user, observatory):
    _all_validated(observatory)
    client = as_user("fed", "observatory.federation", "Fédération des ESH")
    page = client.get("/admin/observatoire/consolidation/?campaign=OBS-2026&stage=started&level=national").content.decode()
    assert "<svg" in page and 'data-role="figures"' in page and "<title" in page
    assert "Paris Habitat" not in page and "Lyon" not in page  # no organisation named, nor another federation's place


def test_the_consolidated_export_follows_the_same_secrecy(as_user, observatory):
    _all_validated(observatory)
    client = as_user("ar", "observatory.regional_association", "AR Hlm Île-de-France")
    csv = b"".join(client.get("/admin/observatoire/consolidation/?campaign=OBS-2026&level=department&export=csv").streaming_content)
    lines = csv.decode("utf-8-sig").splitlines()[1:]
    # Paris Habitat is alone in Île-de-France: every line of the region's export is secret, none carries its figures.
    assert lines and all(line.endswith(";secret") and "Paris" in line for line in lines)


@pytest.mark.parametrize("url", ["/admin/observatoire/fiches/", "/admin/observatoire/consolidation/"])
def test_an_expired_role_opens_no_screen(as_user, observatory, url):
    client = as_user("old", "observatory.federation", "Fédération des OPH", valid_from=datetime.date(2020, 1, 1),
                     valid_until=datetime.date(2021, 1, 1))
    assert client.get(url).status_code in (302, 403)


def test_the_sheet_list_reads_a_constant_number_of_queries(as_user, observatory):
    client = as_user("union", "observatory.national", "Union sociale pour l'habitat")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/observatoire/fiches/").status_code == 200
        return len(captured)

    count()  # the session and the user are read once, then cached
    before = count()
    _all_validated(observatory)
    assert count() == before
