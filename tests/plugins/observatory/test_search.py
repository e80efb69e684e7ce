"""Sheets in the search index: who filed, for which campaign and where — scoped like the sheet, never a figure."""

import pytest

from plugins.observatory.search import sheet_document_type, to_document
from tests.plugins.observatory.conftest import operation, validated

pytestmark = pytest.mark.django_db


def test_a_sheet_document_carries_its_scope_and_no_figure(observatory):
    sheet = validated(observatory.sheet("Paris Habitat"), [operation("SECRET-OP", units=4321)])
    document = to_document(sheet)
    assert document.audience == "scoped" and document.permission == "observatory.view"
    assert document.organisation_id == sheet.organisation_id and document.territory_path == "FR/11/75"
    assert "4321" not in document.body + document.title and "SECRET-OP" not in document.body


def test_every_sheet_is_offered_to_the_index(observatory):
    assert sheet_document_type().queryset().count() == 6
