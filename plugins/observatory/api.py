"""JSON API under ``/api/observatory/``: sheets, their workflow and the consolidated figures.

Every route reads the user's scope first: a sheet outside it does not exist
(404, by id or by natural key: campaign code, organisation SIREN, department
code); a missing role is a 403. Figures typed in are bounded by the schemas
(422 in French); consolidated figures come from the one suppressed cube.
"""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from logis.accounts.scoping import scope_for
from logis.api_auth import professional_auth
from plugins.observatory import consolidation, rules
from plugins.observatory.models import MAX_COMMENT, MAX_EUROS, MAX_UNITS, Campaign, Operation, OperationKind, Sheet, Stage
from plugins.observatory.roles import CONSOLIDATED, FILL, VALIDATE, VIEW

router = Router(tags=["observatoire"], auth=professional_auth)

MAX_PAGE = 100
MAX_OFFSET = 100_000
MAX_OPERATIONS = 500
MAX_CAMPAIGNS = 10
SHEETS = Sheet.objects.select_related("campaign", "organisation", "department")


class CampaignOut(Schema):
    code: str
    title: str
    year: int
    is_open: bool
    checkpoints: list[datetime.date]


class OperationIn(Schema):
    reference: str = Field(..., min_length=1, max_length=40)
    kind: OperationKind
    units: int = Field(..., ge=1, le=MAX_UNITS)
    cost: int = Field(..., ge=0, le=MAX_EUROS)
    subsidies: int = Field(0, ge=0, le=MAX_EUROS)
    loans: int = Field(0, ge=0, le=MAX_EUROS)
    equity: int = Field(0, ge=0, le=MAX_EUROS)
    started_on: datetime.date | None = None
    finished_on: datetime.date | None = None
    commune: str | None = Field(None, max_length=10, description="Code INSEE d'une commune du département de la fiche.")


class OperationOut(OperationIn):
    @staticmethod
    def of(operation):
        fields = {f: getattr(operation, f) for f in OperationIn.model_fields if f != "commune"}
        return OperationOut(**fields, commune=operation.commune.code if operation.commune else None)


class SheetOut(Schema):
    id: int
    campaign: str
    organisation: str
    siren: str
    department: str
    status: str
    status_label: str
    review_comment: str
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None

    @staticmethod
    def of(sheet):
        return SheetOut(id=sheet.pk, campaign=sheet.campaign.code, organisation=sheet.organisation.name,
                        siren=sheet.organisation.siren, department=sheet.department.code, status=sheet.status,
                        status_label=sheet.get_status_display(), review_comment=sheet.review_comment,
                        submitted_at=sheet.submitted_at, reviewed_at=sheet.reviewed_at)


class SheetDetail(SheetOut):
    operations: list[OperationOut]


class SheetFilters(Schema):
    campaign: str | None = Field(None, max_length=20)
    status: Sheet.Status | None = None
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class SheetKey(Schema):
    """Optional in the schema so that a caller without a role learns nothing but 403 (the route asks the scope first)."""

    campaign: str = Field("", max_length=20)
    siren: str = Field("", max_length=14)
    department: str = Field("", max_length=12)


class SendBack(Schema):
    comment: str = Field(..., min_length=1, max_length=MAX_COMMENT)


#: A campaign code as the observatory writes them (« OBS-2026 »): no NUL byte or stray character reaches the database.
CampaignCode = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[\w.-]+$")]


class NationalFilters(Schema):
    # Required in the schema itself: a request without a campaign is refused by validation (422, in French), as
    # the description says, not by the view after the schema has accepted it.
    campaign: list[CampaignCode] = Field(..., min_length=1, max_length=MAX_CAMPAIGNS)
    stage: Stage = Stage.STARTED


class ConsolidationFilters(NationalFilters):
    level: Literal["national", "region", "department", "epci"] = "national"


class CellOut(Schema):
    campaign: str
    period: str
    territory: str
    territory_name: str
    kind: str
    hidden: bool
    organisations: int | None
    figures: dict[str, int] | None


def _detail(sheet):
    operations = [OperationOut.of(o) for o in sheet.operations.select_related("commune")]
    return SheetDetail(**SheetOut.of(sheet).dict(), operations=operations)


def _operations(sheet, payload):
    """Unsaved operations from the payload, each commune code read among the sheet's department's (422 otherwise)."""
    codes = {o.commune for o in payload if o.commune}
    communes = {c.code: c for c in rules.communes_of(sheet.department).filter(code__in=codes)} if codes else {}
    unknown = sorted(codes - communes.keys())
    if unknown:
        raise HttpError(422, _("Commune(s) introuvable(s) dans le département de la fiche : %(codes)s.") % {"codes": ", ".join(unknown)})
    return [Operation(**{**o.dict(), "commune": communes.get(o.commune)}) for o in payload]


def _sheet(request, permission, **lookup):
    return scope_for(request.user, permission, rows=True).get(SHEETS, **lookup)


def _refused(call, *args):
    try:
        return call(*args)
    except rules.WorkflowRefused as error:
        raise HttpError(409, str(error)) from None
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from None


@router.get("/campaigns", response=list[CampaignOut], summary="Les campagnes de collecte")
def list_campaigns(request):
    scope_for(request.user, VIEW)
    return [CampaignOut(code=c.code, title=c.title, year=c.year, is_open=c.is_open,
                        checkpoints=[cp.due_on for cp in c.checkpoints.all()])
            for c in Campaign.objects.prefetch_related("checkpoints")[:MAX_PAGE]]


@router.get("/sheets", response=list[SheetOut], summary="Les fiches de votre portée")
def list_sheets(request, filters: Query[SheetFilters]):
    sheets = scope_for(request.user, VIEW, rows=True).filter(SHEETS)
    if filters.campaign:
        sheets = sheets.filter(campaign__code=filters.campaign)
    if filters.status:
        sheets = sheets.filter(status=filters.status)
    return [SheetOut.of(s) for s in sheets[filters.offset:filters.offset + filters.limit]]


@router.get("/sheets/by-key", response=SheetDetail, summary="Une fiche par campagne, SIREN et département")
def sheet_by_key(request, key: Query[SheetKey]):
    scope = scope_for(request.user, VIEW, rows=True)
    if not (key.campaign and key.siren and key.department):
        raise HttpError(422, _("Indiquez la campagne, le SIREN et le département de la fiche."))
    return _detail(scope.get(SHEETS, campaign__code=key.campaign, organisation__siren=key.siren, department__code=key.department))


@router.get("/sheets/{sheet_id}", response=SheetDetail, summary="Une fiche et ses opérations")
def get_sheet(request, sheet_id: int):
    return _detail(_sheet(request, VIEW, pk=sheet_id))


@router.put("/sheets/{sheet_id}/operations", response=SheetDetail, summary="Remplacer les opérations d'une fiche")
def put_operations(request, sheet_id: int, payload: list[OperationIn]):
    sheet = _sheet(request, FILL, pk=sheet_id)
    if len(payload) > MAX_OPERATIONS:
        raise HttpError(422, _("Une fiche compte au plus %(max)s opérations.") % {"max": MAX_OPERATIONS})
    _refused(rules.replace_operations, sheet, _operations(sheet, payload))
    return _detail(sheet)


@router.post("/sheets/{sheet_id}/submit", response=SheetOut, summary="Transmettre une fiche")
def submit_sheet(request, sheet_id: int):
    return SheetOut.of(_refused(rules.submit, _sheet(request, FILL, pk=sheet_id), request.user))


@router.post("/sheets/{sheet_id}/reopen", response=SheetOut, summary="Rouvrir une fiche pour la mettre à jour")
def reopen_sheet(request, sheet_id: int):
    return SheetOut.of(_refused(rules.reopen, _sheet(request, FILL, pk=sheet_id), request.user))


@router.post("/sheets/{sheet_id}/validate", response=SheetOut, summary="Valider une fiche transmise")
def validate_sheet(request, sheet_id: int):
    return SheetOut.of(_refused(rules.validate, _sheet(request, VALIDATE, pk=sheet_id), request.user))


@router.post("/sheets/{sheet_id}/send-back", response=SheetOut, summary="Renvoyer une fiche pour correction")
def send_back_sheet(request, sheet_id: int, payload: SendBack):
    return SheetOut.of(_refused(rules.send_back, _sheet(request, VALIDATE, pk=sheet_id), request.user, payload.comment))


def _cells(result, level):
    return [CellOut(campaign=r.campaign, period=r.period, territory=r.territory, territory_name=r.territory_name, kind=r.kind,
                    hidden=r.figures is None, organisations=None if r.figures is None else r.organisations,
                    figures=None if r.figures is None else dict(zip(consolidation.MEASURES, r.figures)))
            for r in consolidation.rows(result, level)]


def _campaigns(filters):
    return Campaign.objects.filter(code__in=filters.campaign)


@router.get("/consolidation", response=list[CellOut], summary="Chiffres consolidés de votre portée (secret statistique appliqué)")
def consolidated(request, filters: Query[ConsolidationFilters]):
    scope = scope_for(request.user, CONSOLIDATED)
    return _cells(consolidation.consolidate(scope, _campaigns(filters), filters.stage), filters.level)


@router.get("/national", response=list[CellOut], summary="Chiffres nationaux, ouverts à tout professionnel connecté")
def national(request, filters: Query[NationalFilters]):
    """Country totals only, the same for everyone: the router's authentication asks for a current role, nothing more."""
    return _cells(consolidation.national(_campaigns(filters), filters.stage), "national")
