"""JSON API under ``/api/attestations/``: every route asks the core scoping service first.

Applicants are read by their unique number through ``Scope.get`` (out of
scope: 404); a send to many applicants resolves their numbers with
``Scope.in_bulk`` and refuses numbers held outside the caller's territory
without saying more. Template errors name the field and the line (422).
"""

import datetime
import re
from typing import Annotated, Literal

from django.http import Http404, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from logis.accounts.scoping import scope_for
from logis.api_auth import professional_auth
from logis.documents import TemplateError
from logis.jobs.queue import enqueue

from plugins.attestations import applicant_data, identity
from plugins.attestations.issuing import code_for, document_pdf, preview, save_version, verification_url
from plugins.attestations.models import Applicant, Delivery, DocumentTemplate, IdentityChange, IssuedDocument
from plugins.attestations.sending import BounceRefused, issue_and_send, record_bounce

router = Router(tags=["attestations et communications"], auth=professional_auth)

MAX_PAGE = 100
MAX_OFFSET = 100_000
#: Largest send queued at once (one job).
MAX_BULK = 5_000
NUMBER_PATTERN = re.compile(r"[A-Za-z0-9-]{1,32}")
NUMBER = Field(..., min_length=4, max_length=32, pattern=r"^[A-Za-z0-9-]+$")
CHANNELS = Literal["download", "mail", "sms", "post"]
APPLICANTS = Applicant.objects.select_related("territory", "organisation")


class ApplicantOut(Schema):
    number: str
    birth_name: str
    usage_name: str
    first_names: str
    filing_date: datetime.date
    renewal_date: datetime.date | None
    territory: str
    organisation: str
    has_email: bool
    has_mobile: bool

    @staticmethod
    def resolve_territory(obj):
        return obj.territory.name

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_has_email(obj):
        return bool(obj.email)

    @staticmethod
    def resolve_has_mobile(obj):
        return bool(obj.mobile)


class ApplicantList(Schema):
    count: int
    items: list[ApplicantOut]


class Page(Schema):
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    search: str = Field("", max_length=32, pattern=r"^[A-Za-z0-9-]*$")


class HistoryEntry(Schema):
    id: int
    at: datetime.datetime
    channel: str
    status: str
    template: str
    version: int
    document_id: int | None
    fallback_of: int | None
    by: str
    error: str


class IssueIn(Schema):
    template: str = Field(..., max_length=50)
    applicant: str = NUMBER
    channel: CHANNELS = "download"


class IssueOut(Schema):
    document_id: int
    verification_code: str
    verification_url: str
    expires_on: datetime.date | None
    deliveries: list[HistoryEntry]


class IdentityIn(Schema):
    field: Literal["birth_name", "usage_name", "first_names", "birth_date", "email", "mobile"]
    value: str = Field(..., max_length=150, pattern=r"^[^\x00-\x1f]*$")  # no control character reaches a name


class IdentityOut(Schema):
    id: int | None
    state: str
    minor: bool


class DecisionIn(Schema):
    approve: bool


class BulkIn(Schema):
    template: str = Field(..., max_length=50)
    applicants: list[Annotated[str, Field(max_length=32, pattern=r"^[A-Za-z0-9-]+$")]] = Field(..., min_length=1, max_length=MAX_BULK)
    channel: CHANNELS = "mail"


class PreviewIn(Schema):
    kind: Literal["attestation", "letter", "mail", "sms"] = "attestation"
    subject: str = Field("", max_length=200)
    body: str = Field(..., max_length=50_000)


class VersionIn(Schema):
    subject: str = Field("", max_length=200)
    body: str = Field(..., max_length=50_000)


def _history(delivery):
    return HistoryEntry(id=delivery.pk, at=delivery.created_at, channel=delivery.channel, status=delivery.status,
                        template=delivery.version.template.slug, version=delivery.version.number,
                        document_id=delivery.document_id, fallback_of=delivery.fallback_of_id,
                        by=delivery.sent_by.get_username() if delivery.sent_by else "", error=delivery.error)


def _applicant(scope, number):
    """The applicant of ``number`` in ``scope``; 404 for a malformed number too (a NUL byte never reaches the database)."""
    if not NUMBER_PATTERN.fullmatch(number):
        raise Http404("Demandeur introuvable dans votre territoire.")
    return scope.get(APPLICANTS, number=number)


def _template(slug):
    template = DocumentTemplate.objects.select_related("organisation").filter(slug=slug, active=True).first()
    if template is None or not template.versions.exists():
        raise HttpError(404, "Modèle introuvable ou sans version.")
    return template


@router.get("/applicants", response=ApplicantList, summary="Demandeurs de votre territoire")
def list_applicants(request, page: Query[Page]):
    applicants = scope_for(request.user, "attestations.view", rows=True).filter(APPLICANTS)
    if page.search:
        applicants = applicants.filter(number__istartswith=page.search)
    return {"count": applicants.count(), "items": list(applicants[page.offset:page.offset + page.limit])}


@router.get("/applicants/{number}", response=ApplicantOut, summary="Un demandeur, par son numéro unique")
def get_applicant(request, number: str):
    return _applicant(scope_for(request.user, "attestations.view", rows=True), number)


@router.get("/applicants/{number}/history", response=list[HistoryEntry], summary="Documents et messages envoyés")
def applicant_history(request, number: str):
    applicant = _applicant(scope_for(request.user, "attestations.view", rows=True), number)
    deliveries = applicant.deliveries.select_related("version__template", "sent_by")
    return [_history(d) for d in deliveries]


@router.post("/documents", response=IssueOut, summary="Émettre un document et l'envoyer")
def issue_document(request, payload: IssueIn):
    applicant = scope_for(request.user, "attestations.issue", rows=True).get(APPLICANTS, number=payload.applicant)
    document, deliveries = issue_and_send(_template(payload.template), applicant, request.user, payload.channel)
    return IssueOut(document_id=document.pk, verification_code=code_for(document.key), verification_url=verification_url(document.key),
                    expires_on=document.expires_on, deliveries=[_history(d) for d in deliveries])


@router.get("/documents/{document_id}/pdf", summary="Télécharger de nouveau un document émis")
def download_document(request, document_id: int):
    document = scope_for(request.user, "attestations.view", rows=True).get(
        IssuedDocument.objects.select_related("applicant", "version__template__organisation"), pk=document_id)
    if not document.values and document.revoked_at:
        raise HttpError(410, "Ce document a été effacé avec les données personnelles du demandeur.")
    if document.version.template.kind not in DocumentTemplate.PDF_KINDS:
        raise HttpError(409, "Ce document est un message, pas un PDF.")
    response = HttpResponse(document_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.version.template.slug}-{document.pk}.pdf"'
    return response


@router.post("/deliveries/{delivery_id}/bounce", response=HistoryEntry, summary="Signaler un courriel revenu en erreur")
def bounce(request, delivery_id: int):
    delivery = scope_for(request.user, "attestations.send", rows=True).get(
        Delivery.objects.select_related("applicant", "document__version__template"), pk=delivery_id, channel="mail")
    try:
        fallback = record_bounce(delivery, request.user)
    except BounceRefused as error:
        raise HttpError(409, str(error)) from None
    return _history(fallback or Delivery.objects.select_related("version__template", "sent_by").get(pk=delivery.pk))


@router.post("/applicants/{number}/identity", response=IdentityOut, summary="Modifier l'identité ou le contact")
def change_identity(request, number: str, payload: IdentityIn):
    scope = scope_for(request.user, "attestations.change_identity", rows=True)
    applicant = _applicant(scope, number)
    organisation = next((a.organisation for a in scope.assignments), applicant.organisation)
    try:
        change = identity.request_change(applicant, payload.field, payload.value, request.user, organisation)
    except identity.IdentityChangeRefused as error:
        raise HttpError(422, str(error)) from None
    if change is None:
        return IdentityOut(id=None, state="unchanged", minor=True)
    return IdentityOut(id=change.pk, state=change.state, minor=change.minor)


@router.post("/identity-changes/{change_id}/decision", response=IdentityOut, summary="Valider ou refuser une modification")
def decide_change(request, change_id: int, payload: DecisionIn):
    change = scope_for(request.user, "attestations.validate_identity", rows=True).get(
        IdentityChange.objects.select_related("applicant"), pk=change_id)
    try:
        identity.decide(change, request.user, payload.approve)
    except identity.IdentityChangeRefused as error:
        raise HttpError(409, str(error)) from None
    return IdentityOut(id=change.pk, state=change.state, minor=change.minor)


@router.post("/sends", summary="Envoyer un document ou un message à plusieurs demandeurs (tâche de fond)")
def send_many(request, payload: BulkIn):
    scope = scope_for(request.user, "attestations.send", rows=True)
    template = _template(payload.template)
    found, _hidden = scope.in_bulk(Applicant.objects.all(), "number", payload.applicants)
    missing = sorted(set(payload.applicants) - found.keys())
    if missing:
        # Numbers held elsewhere are refused exactly like unknown ones: the caller learns nothing about them.
        raise HttpError(404, "Numéros introuvables dans votre territoire : " + ", ".join(missing[:20]))
    record = enqueue("plugins.attestations.jobs.send_many", template.pk, [a.pk for a in found.values()], payload.channel,
                     user=request.user, name="Envoi groupé de documents")
    return {"job": str(record.pk), "count": len(found)}


@router.post("/templates/preview", url_name="attestations_templates_preview", summary="Aperçu d'un modèle sur des données d'exemple")
def preview_template(request, payload: PreviewIn):
    scope_for(request.user, "attestations.templates")
    try:
        return preview(payload.kind, payload.subject, payload.body)
    except TemplateError as error:
        return {"subject": "", "body": "", "error": str(error), "line": error.line, "field": error.field}


@router.post("/templates/{slug}/versions", summary="Enregistrer une nouvelle version d'un modèle")
def new_version(request, slug: str, payload: VersionIn):
    scope = scope_for(request.user, "attestations.templates", rows=True)
    if not re.fullmatch(r"[-\w]{1,50}", slug, re.ASCII):
        raise Http404("Modèle introuvable.")
    template = scope.get(DocumentTemplate.objects.select_related("organisation"), slug=slug)
    try:
        version = save_version(template, payload.subject, payload.body, request.user)
    except TemplateError as error:
        raise HttpError(422, str(error)) from None
    return {"template": template.slug, "version": version.number}


@router.get("/applicants/{number}/personal-data", summary="Données personnelles d'un demandeur (droit d'accès)")
def applicant_personal_data(request, number: str):
    applicant = _applicant(scope_for(request.user, "attestations.applicant_data", rows=True), number)
    return applicant_data.export(applicant)


@router.post("/applicants/{number}/erasure", summary="Effacer les données personnelles d'un demandeur")
def erase_applicant(request, number: str):
    applicant = _applicant(scope_for(request.user, "attestations.applicant_data", rows=True), number)
    return applicant_data.erase(applicant)
