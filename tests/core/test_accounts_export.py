"""The account extraction (CSV and XLSX) and the formula-safe export helper everyone uses."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from logis import exports
from logis.accounts.models import RoleAssignment

TODAY = timezone.localdate()
HOSTILE = ["=HYPERLINK(\"http://x.invalid\",\"clic\")", "+33 1 23", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_cell_that_a_spreadsheet_would_run_is_neutralised(text):
    assert exports.cell_text(text) == "'" + text


@pytest.mark.parametrize("value,text", [
    ("Ville de Lyon", "Ville de Lyon"), (None, ""), (True, "oui"), (False, "non"), (-5, "-5"), (2.5, "2.5"),
    (datetime.date(2026, 3, 11), "11/03/2026"),
    (datetime.datetime(2026, 3, 11, 8, 5, tzinfo=datetime.timezone.utc), "11/03/2026 09:05"),
])
def test_cells_read_the_french_way(value, text):
    assert exports.cell_text(value) == text


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        exports.download(["a"], [], "x", "pdf")


def read_csv(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


@pytest.fixture
def accounts(demo_territories, person, client):
    org = demo_territories.organisation
    manager = person("gestion.lyon", "core.role_manager", org("Ville de Lyon"))
    hostile = person("agent.piege", "core.professional", org("Ville de Lyon"), valid_until=TODAY - datetime.timedelta(days=1),
                     valid_from=TODAY - datetime.timedelta(days=30))
    hostile.first_name, hostile.last_name = HOSTILE[0], "@SUM(A1)"
    hostile.last_login = timezone.make_aware(datetime.datetime(2026, 3, 11, 9, 5))
    hostile.save()
    person("agent.villeurbanne", "core.professional", org("Ville de Villeurbanne"))
    client.force_login(manager)
    return {"manager": manager, "hostile": hostile}


def test_the_csv_extraction_holds_the_scope_only_and_no_formula(client, accounts):
    response = client.get("/admin/logis_roles/export/csv/")
    assert response["Content-Disposition"] == f'attachment; filename="extraction-comptes-{TODAY:%Y-%m-%d}.csv"'
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:7] == ["Identifiant", "Nom", "Prénom", "Courriel", "Compte actif", "Dernière connexion", "Rôle"]
    by_login = {row[0]: dict(zip(header, row)) for row in body}
    assert set(by_login) == {"acces.lyon", "agent.piege", "gestion.lyon"}
    piege = by_login["agent.piege"]
    assert piege["Prénom"] == "'" + HOSTILE[0] and piege["Nom"] == "'@SUM(A1)"
    assert piege["Dernière connexion"] == "11/03/2026 09:05"
    assert piege["Valide jusqu'au"] == (TODAY - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert (piege["État de l'attribution"], piege["Compte actif"]) == ("Expirée", "oui")
    assert (piege["Données à compléter"], by_login["gestion.lyon"]["Données à compléter"]) == ("", "nom, prénom")


def test_the_xlsx_extraction_keeps_text_as_text_and_dates_as_dates(client, accounts):
    response = client.get("/admin/logis_roles/export/xlsx/?state=expired")
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    rows, sheet = read_xlsx(response)
    assert [row[0] for row in rows[1:]] == ["agent.piege"]
    assert rows[1][2] == "'" + HOSTILE[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert rows[1][9] == datetime.datetime.combine(TODAY - datetime.timedelta(days=30), datetime.time())


def test_a_national_extraction_lists_accounts_without_a_role(client, accounts, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("racine", "r@example.org", "x"))
    body = read_csv(client.get("/admin/logis_roles/export/csv/"))[1:]
    roles = {row[0]: row[6] for row in body}
    assert roles["racine"] == "Aucun rôle"
    assert roles["agent.villeurbanne"] == "Professionnel ou professionnelle"
    assert len(body) == RoleAssignment.objects.count() + 2  # admin (demo) and racine hold no role
