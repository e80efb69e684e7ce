"""The XLSX template of a sheet through the core import kit: download, fill, upload back — the same operations;
a bad file (bad cell, formula, huge cell, zip bomb, not the template) gives French problems and writes nothing."""

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from logis.accounts.models import Organisation, Territory
from logis.accounts.scoping import Scope
from plugins.observatory import rules
from plugins.observatory.sheet_import import MAX_OPERATIONS, import_sheet
from plugins.observatory.sheet_template import template_response
from tests.plugins.observatory.conftest import operation

pytestmark = pytest.mark.django_db

FIELDS = ("reference", "kind", "units", "cost", "subsidies", "loans", "equity", "started_on", "finished_on", "commune_id")


@pytest.fixture
def referent(observatory, person):
    scopes = {}

    def scope(name):
        if name not in scopes:
            user = person(f"ref-{Organisation.objects.get(name=name).pk}", "observatory.organisation", observatory.landlords[name])
            scopes[name] = Scope.for_user(user, "observatory.fill")
        return scopes[name]

    return scope


def _rows(sheet):
    return [tuple(getattr(o, f) for f in FIELDS) for o in sheet.operations.order_by("reference")]


def _template(sheet):
    return template_response(sheet).content


def _edited(data, edit):
    workbook = load_workbook(io.BytesIO(data))
    edit(workbook.worksheets[0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _problems(report):
    return " ".join(f"{p['line']}/{p['column']}: {p['message']}" for p in report.problems)


def test_the_template_round_trip_gives_back_the_same_sheet(observatory, referent):
    sheet = observatory.sheet("Lyon Métropole Habitat")
    located = operation("C", kind="acquisition_improvement")
    located.commune = Territory.objects.get(path="FR/84/69/69123")
    rules.replace_operations(sheet, [operation("A", finished_on=datetime.date(2026, 11, 2)), operation("B", kind="rehabilitation"), located])
    before = _rows(sheet)
    workbook = load_workbook(io.BytesIO(_template(sheet)))
    assert "Valeurs acceptées" in workbook.sheetnames and workbook.worksheets[0]["J4"].value == "69123"
    report = import_sheet(sheet, referent("Lyon Métropole Habitat"), "fiche.xlsx", _template(sheet))
    assert report.applied, _problems(report)
    assert (report.created, report.updated) == (0, 3)
    assert _rows(sheet) == before


def test_a_reference_written_as_a_formula_is_guarded_in_the_template_and_refused_back(observatory, referent):
    sheet = observatory.sheet("Lyon Métropole Habitat")
    rules.replace_operations(sheet, [operation("=HYPERLINK(\"x\")")])
    assert load_workbook(io.BytesIO(_template(sheet))).worksheets[0]["A2"].value == "'=HYPERLINK(\"x\")"
    report = import_sheet(sheet, referent("Lyon Métropole Habitat"), "fiche.xlsx", _template(sheet))
    assert not report.applied and "2/reference: Formule refusée" in _problems(report)
    assert [o.reference for o in sheet.operations.all()] == ["=HYPERLINK(\"x\")"]


def test_a_filled_template_line_becomes_an_operation_located_in_its_commune(observatory, referent):
    sheet = observatory.sheet("Grenoble Habitat")
    data = _edited(_template(sheet), lambda t: t.append(
        ["G-1", "Acquisition-amélioration", 8, "1 200 000", 200000, 1000000, 0, "15/05/2026", None, "Grenoble"]))
    report = import_sheet(sheet, referent("Grenoble Habitat"), "fiche.xlsx", data)
    assert report.applied and report.created == 1, _problems(report)
    grenoble = Territory.objects.get(path="FR/84/38/38185")
    assert _rows(sheet) == [("G-1", "acquisition_improvement", 8, 1_200_000, 200_000, 1_000_000, 0, datetime.date(2026, 5, 15), None,
                             grenoble.pk)]


def test_bad_cells_are_named_by_line_and_column_and_nothing_is_written(observatory, referent):
    sheet = observatory.sheet("Grenoble Habitat")

    def edit(table):
        table.append(["G-1", "Construction neuve", 8, 100, 100, 0, 0, "15/05/2026", None, None])
        table.append(["G-2", "Château", -3, 100, 0, 0, 0, "2026-13-01", None, "Lyon"])  # Lyon: not in the Isère
        table.append(["G-3", "Construction neuve", "=1+1", 100, 100, 0, 0, "15/05/2026", None, None])
        table.append(["x" * 5000, "Construction neuve", 8, 100, 100, 0, 0, "15/05/2026", None, None])

    report = import_sheet(sheet, referent("Grenoble Habitat"), "fiche.xlsx", _edited(_template(sheet), edit))
    text = _problems(report)
    assert not report.applied and "Rien n'a été enregistré" in report.summary()
    for expected in ("3/nature: Valeur « Château » non reconnue", "3/logements: Le nombre doit être au moins 1", "3/mise_en_chantier: Date",
                     "3/commune", "4/logements: Formule refusée", "5/reference: Cellule trop longue (5000 caractères, 100 au plus)"):
        assert expected in text, text
    assert sheet.operations.count() == 0


def test_a_zip_bomb_is_refused_unread_in_french(observatory, referent):
    sheet = observatory.sheet("Grenoble Habitat")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(_template(sheet))) as template:
            for item in template.infolist():
                archive.writestr(item, template.read(item))
        archive.writestr("xl/padding.xml", b" " * (200 * 1024 * 1024))  # 200 Mo of blanks zip to 200 ko
    data = buffer.getvalue()
    assert len(data) < 1_000_000
    report = import_sheet(sheet, referent("Grenoble Habitat"), "fiche.xlsx", data)
    assert report.file_problem and "se décompresse en 200 Mo" in _problems(report)
    assert sheet.operations.count() == 0


@pytest.mark.parametrize("name, data, message", [
    ("fiche.xlsx", b"PK\x03\x04 not a workbook", "illisible"),
    ("fiche.xlsx", b"reference;nature\nA;B\n", "n'est pas un classeur"),
    ("fiche.pdf", b"%PDF", "Seuls les fichiers .csv et .xlsx"),
    ("fiche.xlsx", b"PK\x03\x04" + b"x" * 1_000_001, "taille maximale"),
])
def test_a_file_that_is_not_the_template_is_refused_whole(observatory, referent, name, data, message):
    report = import_sheet(observatory.sheet("Grenoble Habitat"), referent("Grenoble Habitat"), name, data)
    assert report.file_problem and message in _problems(report)


def test_missing_columns_and_too_many_lines_are_refused(observatory, referent):
    sheet = observatory.sheet("Grenoble Habitat")
    report = import_sheet(sheet, referent("Grenoble Habitat"), "fiche.xlsx", _edited(_template(sheet), lambda t: t.delete_cols(3)))
    assert report.file_problem and "logements: Colonne obligatoire absente" in _problems(report)

    def many(table):
        for n in range(MAX_OPERATIONS + 1):
            table.append([f"G-{n}", "Construction neuve", 8, 100, 100, 0, 0, "15/05/2026", None, None])

    report = import_sheet(sheet, referent("Grenoble Habitat"), "fiche.xlsx", _edited(_template(sheet), many))
    assert report.file_problem and "au plus 500 opérations" in _problems(report)
    assert sheet.operations.count() == 0
