"""The national figures every professional sees, the EPCI level on every output, communes typed in, and a light start-up.

Confidentiality matrix: anonymous, or no current role → nothing; any
professional (a current role, whichever) → the same country totals, small counts secret, on screen, in
CSV/XLSX and through the API; each level's EPCI rows stay within its reach.
"""

import datetime
import io
import os
import subprocess
import sys

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from logis.accounts.models import Organisation, Territory
from tests.plugins.observatory.conftest import LEVELS, YEAR, operation, validated

pytestmark = pytest.mark.django_db

NATIONAL_API = "/api/observatory/national?campaign=OBS-2026"
NATIONAL_SCREEN = "/admin/observatoire/national/?campaign=OBS-2026"
EPCI_OF = {"Lyon Métropole Habitat": "200046977", "Alliade Habitat": "200046977", "Est Métropole Habitat": "200046977",
           "Isère Habitat": "200040715", "Grenoble Habitat": "200040715", "Paris Habitat": "200054781"}
SEAT = {"Lyon Métropole Habitat": "FR/84/69/69123", "Alliade Habitat": "FR/84/69/69123", "Est Métropole Habitat": "FR/84/69/69266",
        "Isère Habitat": "FR/84/38/38185", "Grenoble Habitat": "FR/84/38/38185", "Paris Habitat": "FR/11/75/75056"}


@pytest.fixture
def figures(observatory):
    """Every landlord's new build in March (six organisations); rehabilitations by two only (secret everywhere)."""
    for name, path in SEAT.items():
        works = [operation("N1", units=10 + len(name) % 5, started_on=datetime.date(YEAR, 3, 2), commune=Territory.objects.get(path=path))]
        if name in ("Paris Habitat", "Grenoble Habitat"):
            works.append(operation("R1", kind="rehabilitation", units=40, started_on=datetime.date(YEAR, 3, 2)))
        validated(observatory.sheet(name), works)
    return observatory


def test_anonymous_or_a_user_without_a_current_role_sees_no_national_figure(client, person, figures):
    assert client.get(NATIONAL_API).status_code == 401
    assert client.get(NATIONAL_SCREEN).status_code == 302
    client.force_login(person("nobody"))
    response = client.get(NATIONAL_API)
    assert response.status_code == 403 and "rôle en cours" in response.json()["detail"]
    client.force_login(person("lapsed", "core.professional", Organisation.objects.get(name="Ville de Lyon"), revoked_at=timezone.now()))
    assert client.get(NATIONAL_API).status_code == 403 and client.get(NATIONAL_SCREEN).status_code == 302


def test_every_professional_sees_the_same_country_totals_whatever_his_roles(client, person, figures):
    seen = []
    users = [person("pro", "core.professional", Organisation.objects.get(name="Ville de Lyon"))]
    for username, (role, holder, _reach) in LEVELS.items():
        users.append(person(username, role, Organisation.objects.get(name=holder)))
    for user in users:
        client.force_login(user)
        response = client.get(NATIONAL_API)
        assert response.status_code == 200, user.username
        seen.append(response.json())
    assert all(answer == seen[0] for answer in seen)
    assert {cell["territory"] for cell in seen[0]} == {""}
    year = {cell["kind"]: cell for cell in seen[0] if cell["period"] == "année"}
    assert year["*"]["organisations"] == 6 and year["rehabilitation"]["hidden"]  # two organisations: secret
    assert year["new_build"]["hidden"]  # or the rehabilitations would be all kinds minus the new builds


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_national_screen_and_its_exports_show_the_same_suppressed_totals(client, person, figures, fmt):
    client.force_login(person("pro", "core.professional", Organisation.objects.get(name="Ville de Lyon")))  # any role opens the admin
    page = client.get(NATIONAL_SCREEN).content.decode()
    assert "Chiffres nationaux" in page and "secret" in page and "Lyon Métropole Habitat" not in page
    response = client.get(f"{NATIONAL_SCREEN}&export={fmt}")
    if fmt == "csv":
        lines = [line.split(";") for line in b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1:]]
    else:
        lines = [[str(v) for v in row] for row in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True)][1:]
    assert {line[2] for line in lines} == {"FR"}
    assert {line[5] for line in lines if line[4] == "Réhabilitation" and line[1] in ("30/04/2026", "année")} == {"secret"}
    assert [line[5] for line in lines if line[4] == "Toutes natures" and line[1] == "année"] == ["6"]


def test_the_national_figures_ask_a_campaign_and_bound_them(client, person, figures):
    client.force_login(person("pro", "core.professional", Organisation.objects.get(name="Ville de Lyon")))
    assert client.get("/api/observatory/national").status_code == 422
    assert client.get("/api/observatory/national?" + "&".join(f"campaign=C{n}" for n in range(11))).status_code == 422
    assert client.get(f"{NATIONAL_SCREEN}&stage=n-importe-quoi").status_code == 200  # the defaults, never a 500


@pytest.mark.parametrize("username", LEVELS)
def test_each_level_s_epci_rows_stay_within_its_reach_on_screen_in_exports_and_through_the_api(login, figures, username):
    client = login(username)
    reach = {EPCI_OF[name] for name in LEVELS[username][2]}
    api = {cell["territory"].rsplit("/", 1)[-1] for cell in client.get("/api/observatory/consolidation?campaign=OBS-2026&level=epci").json()}
    response = client.get("/admin/observatoire/consolidation/?campaign=OBS-2026&level=epci&export=csv")
    export = {line.split(";")[2] for line in b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1:]}
    assert api == export == reach
    page = client.get("/admin/observatoire/consolidation/?campaign=OBS-2026&level=epci").content.decode()
    for name, code in EPCI_OF.items():
        epci = Territory.objects.get(kind="epci", code=code)
        assert (epci.name in page) is (code in reach), epci.name


def test_the_chart_draws_a_territory_of_the_reader_s_table_and_ignores_any_other(login, figures):
    client = login("union")
    lyon = Territory.objects.get(kind="epci", code="200046977")
    page = client.get(f"/admin/observatoire/consolidation/?campaign=OBS-2026&level=epci&territory={lyon.path}").content.decode()
    assert f"Logements par point d'étape et par nature, {lyon.name}" in page
    client = login("ar.idf")
    page = client.get(f"/admin/observatoire/consolidation/?campaign=OBS-2026&level=epci&territory={lyon.path}").content.decode()
    assert lyon.name not in page and "l&#x27;ensemble de votre périmètre" in page


def test_a_commune_typed_in_must_lie_in_the_sheet_s_department(client, person, observatory):
    client.force_login(person("ref", "observatory.organisation", observatory.landlords["Lyon Métropole Habitat"]))
    sheet = observatory.sheet("Lyon Métropole Habitat")
    good = {"reference": "A1", "kind": "new_build", "units": 20, "cost": 3_000_000, "subsidies": 500_000, "loans": 2_500_000,
            "started_on": "2026-03-15"}
    url = f"/api/observatory/sheets/{sheet.pk}/operations"
    refused = client.put(url, [{**good, "commune": "38185"}], content_type="application/json")  # Grenoble: in the Isère
    assert refused.status_code == 422 and "introuvable" in refused.json()["detail"]
    assert client.put(url, [{**good, "commune": "x" * 11}], content_type="application/json").status_code == 422
    response = client.put(url, [{**good, "commune": "69266"}], content_type="application/json")
    assert response.status_code == 200 and response.json()["operations"][0]["commune"] == "69266"
    assert sheet.operations.get().commune.name == "Villeurbanne"


def test_the_screen_sends_back_the_annotated_file_or_lists_the_problems_and_writes_nothing(client, person, observatory):
    client.force_login(person("ref", "observatory.organisation", observatory.landlords["Grenoble Habitat"]))
    sheet = observatory.sheet("Grenoble Habitat")
    template = client.get(f"/admin/observatoire/fiches/{sheet.pk}/modele.xlsx").content
    workbook = load_workbook(io.BytesIO(template))
    workbook.worksheets[0].append(["G-1", "Château", 8, 100, 100, 0, 0, "15/05/2026", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    url = f"/admin/observatoire/fiches/{sheet.pk}/"

    def upload(**extra):
        buffer.seek(0)
        buffer.name = "fiche.xlsx"
        return client.post(url, {"action": "upload", "file": buffer, **extra})

    annotated = upload(annotated="on")
    rows = list(load_workbook(io.BytesIO(annotated.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1].startswith("problème") and "Château" in rows[1][-1]
    page = upload().content.decode()
    assert "Ligne 2, colonne nature" in page and "Rien n&#x27;a été enregistré" in page
    assert sheet.operations.count() == 0


def test_django_starts_without_importing_openpyxl():
    """The XLSX reader and writer are imported by the functions that need them: start-up stays light."""
    code = ("import django, sys; django.setup(); import logis.urls, plugins.observatory.admin, plugins.observatory.api; "
            "print('openpyxl' in sys.modules)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "logis.settings"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
