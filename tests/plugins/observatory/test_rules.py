"""One test per rule: sheets opened, operations checked, the sheet workflow, its history."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from logis.audit.models import AuditEntry
from plugins.observatory import rules
from plugins.observatory.models import Sheet
from tests.plugins.observatory.conftest import YEAR, operation, validated

pytestmark = pytest.mark.django_db


def test_a_campaign_opens_one_draft_sheet_per_organisation_in_the_department_of_its_seat(observatory):
    sheets = Sheet.objects.filter(campaign=observatory.campaign)
    assert sheets.count() == 6
    assert {s.status for s in sheets} == {Sheet.Status.DRAFT}
    assert observatory.sheet("Paris Habitat").department.code == "75"
    assert rules.open_sheets(observatory.campaign) == 0  # idempotent


def test_an_operation_outside_the_campaign_year_or_with_an_unbalanced_financing_plan_is_refused(observatory):
    sheet = observatory.sheet("Lyon Métropole Habitat")
    assert rules.check_operation(operation("A"), sheet) == {}
    assert "started_on" in rules.check_operation(operation("B", started_on=datetime.date(YEAR - 1, 12, 31)), sheet)
    unbalanced = operation("C")
    unbalanced.loans += 1
    assert "cost" in rules.check_operation(unbalanced, sheet)
    no_date = operation("D", started_on=None)
    assert "Indiquez" in rules.check_operation(no_date, sheet)["started_on"][0]
    backwards = operation("E", started_on=datetime.date(YEAR, 6, 1), finished_on=datetime.date(YEAR, 5, 1))
    assert "précède" in rules.check_operation(backwards, sheet)["finished_on"][0]


@pytest.mark.parametrize("field, value", [("units", 0), ("units", 10_001), ("cost", 2_000_000_001)])
def test_hostile_figures_are_refused_in_french(observatory, field, value):
    hostile = operation("X")
    setattr(hostile, field, value)
    problems = rules.check_operation(hostile, observatory.sheet("Lyon Métropole Habitat"))
    assert field in problems and any("inférieure" in p or "supérieure" in p for p in problems[field])


def test_operations_are_replaced_all_or_nothing(observatory):
    sheet = observatory.sheet("Lyon Métropole Habitat")
    rules.replace_operations(sheet, [operation("A"), operation("B")])
    with pytest.raises(ValidationError) as refused:
        rules.replace_operations(sheet, [operation("C"), operation("C"), operation("D", units=0)])
    assert any("référence en double" in m for m in refused.value.messages)
    assert list(sheet.operations.values_list("reference", flat=True)) == ["A", "B"]


def test_the_workflow_goes_draft_submitted_validated_and_refuses_skipping_a_step(observatory, person):
    sheet = observatory.sheet("Lyon Métropole Habitat")
    with pytest.raises(rules.WorkflowRefused, match="transmise"):
        rules.validate(sheet, None)
    sheet = rules.submit(sheet, None)
    assert sheet.status == Sheet.Status.SUBMITTED and sheet.submitted_at
    with pytest.raises(rules.WorkflowRefused):
        rules.replace_operations(sheet, [operation("A")])
    sheet = rules.validate(sheet, None)
    assert sheet.status == Sheet.Status.VALIDATED
    with pytest.raises(rules.WorkflowRefused):
        rules.submit(sheet, None)


def test_a_sheet_sent_back_carries_its_comment_and_can_be_submitted_again(observatory):
    sheet = rules.submit(observatory.sheet("Grenoble Habitat"), None)
    with pytest.raises(ValidationError):
        rules.send_back(sheet, None, "   ")
    sheet = rules.send_back(sheet, None, "Coût de l'opération A à vérifier.")
    assert sheet.status == Sheet.Status.RETURNED and sheet.review_comment.startswith("Coût")
    rules.replace_operations(sheet, [operation("A")])
    assert rules.submit(sheet, None).status == Sheet.Status.SUBMITTED


def test_a_validated_sheet_reopened_leaves_the_consolidation_until_validated_again(observatory):
    sheet = validated(observatory.sheet("Grenoble Habitat"), [operation("A")])
    assert rules.reopen(sheet, None).status == Sheet.Status.DRAFT


def test_every_transition_and_operation_change_is_in_the_history(observatory):
    sheet = validated(observatory.sheet("Lyon Métropole Habitat"), [operation("A")])
    statuses = [e.changes["status"] for e in AuditEntry.objects.for_object(sheet).order_by("pk") if "status" in e.changes]
    assert statuses == [[None, "draft"], ["draft", "submitted"], ["submitted", "validated"]]
    assert AuditEntry.objects.filter(content_type__model="operation", action="create").count() == 1
