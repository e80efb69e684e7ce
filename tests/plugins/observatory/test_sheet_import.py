"""The XLSX template of a sheet: download, fill, upload back — the same operations; a bad file writes nothing."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from plugins.observatory.sheet_import import ImportRefused, import_sheet
from plugins.observatory.sheet_template import template_bytes
from tests.plugins.observatory.conftest import operation

pytestmark = pytest.mark.django_db

FIELDS = ("reference", "kind", "units", "cost", "subsidies", "loans", "equity", "started_on", "finished_on")


def _rows(sheet):
    return [tuple(getattr(o, f) for f in FIELDS) for o in sheet.operations.order_by("reference")]


def _edited(data, edit):
    workbook = load_workbook(io.BytesIO(data))
    edit(workbook.worksheets[0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_template_round_trip_gives_back_the_same_sheet(observatory):
    sheet = observatory.sheet("Lyon Métropole Habitat")
    from plugins.observatory import rules

    rules.replace_operations(sheet, [operation("A", finished_on=datetime.date(2026, 11, 2)), operation("B", kind="rehabilitation")])
    before = _rows(sheet)
    assert import_sheet(sheet, template_bytes(sheet)) == 2
    assert _rows(sheet) == before


def test_a_filled_template_line_becomes_an_operation(observatory):
    sheet = observatory.sheet("Grenoble Habitat")
    data = _edited(template_bytes(sheet), lambda t: t.append(
        ["G-1", "Acquisition-amélioration", 8, "1 200 000", 200000, 1000000, 0, "15/05/2026", None]))
    assert import_sheet(sheet, data) == 1
    assert _rows(sheet) == [("G-1", "acquisition_improvement", 8, 1_200_000, 200_000, 1_000_000, 0, datetime.date(2026, 5, 15), None)]


def test_a_bad_cell_is_named_by_line_and_column_and_nothing_is_written(observatory):
    sheet = observatory.sheet("Grenoble Habitat")

    def edit(table):
        table.append(["G-1", "Construction neuve", 8, 100, 100, 0, 0, "15/05/2026", None])
        table.append(["=HYPERLINK(\"x\")", "Château", -3, 100, 0, 0, 0, "2026-13-01", None])

    with pytest.raises(ValidationError) as refused:
        import_sheet(sheet, _edited(template_bytes(sheet), edit))
    messages = " ".join(refused.value.messages)
    assert "Ligne 3, colonne reference" in messages and "Ligne 3, colonne nature" in messages and "colonne logements" in messages
    assert sheet.operations.count() == 0


@pytest.mark.parametrize("data", [b"reference;nature\nA;B\n", b"PK\x03\x04 not a workbook", b"x" * 1_000_001])
def test_a_file_that_is_not_the_template_is_refused_whole(observatory, data):
    with pytest.raises(ImportRefused):
        import_sheet(observatory.sheet("Grenoble Habitat"), data)


def test_wrong_columns_are_refused(observatory):
    sheet = observatory.sheet("Grenoble Habitat")
    data = _edited(template_bytes(sheet), lambda t: t.delete_cols(3))
    with pytest.raises(ImportRefused, match="Colonnes attendues"):
        import_sheet(sheet, data)
