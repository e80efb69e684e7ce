"""JSON API under ``/api/listings/``: the public catalogue for anyone, the management routes for publishers.

Public routes read :mod:`plugins.listings.catalogue` (published and inside the window, nothing
else). Management routes (``/manage/…``) ask the core scoping service first: a listing or a
contact of another organisation does not exist (404); a missing role is a 403. Descriptions
are written as plain text here (escaped into paragraphs); rich text is typed in the admin's editor.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.html import escape
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from logis.accounts.models import Organisation, Territory
from logis.accounts.scoping import scope_for
from logis.api_auth import professional_auth
from plugins.listings import catalogue, contacts, rules
from plugins.listings.models import BuildingKind, Contact, DwellingType, Listing, MAX_RENT

router = Router(tags=["annonces de logements"])

MAX_PAGE = 100
MAX_OFFSET = 100_000
MAX_ID = 2**63 - 1
MANAGED = Listing.objects.select_related("commune", "organisation")


class PublicListingOut(Schema):
    id: int
    title: str
    dwelling_type: str
    building_kind: str
    commune: str
    commune_code: str
    postcode: str
    neighbourhood: str
    surface: Decimal | None
    floor: int | None
    lift: bool
    step_free: bool
    rent: Decimal | None
    charges: Decimal | None
    deposit: Decimal | None
    energy_class: str
    ghg_class: str
    latitude: float | None
    longitude: float | None
    visible_until: datetime.date | None
    publisher: str
    url: str

    @staticmethod
    def of(listing):
        return {**{name: getattr(listing, name) for name in PublicListingOut.model_fields if hasattr(listing, name)
                   and name not in ("commune",)},
                "commune": listing.commune.name, "commune_code": listing.commune.code, "publisher": listing.organisation.name,
                "url": f"/annonces/{listing.pk}/"}


class PublicPage(Schema):
    count: int
    items: list[PublicListingOut]


class PublicFilters(Schema):
    lieu: str = Field("", max_length=80, description="Commune ou département : code officiel ou chemin (FR/53/35/35238).")
    type: list[DwellingType] = Field([], description="Typologie, répétable.")
    loyer_min: Decimal | None = Field(None, ge=0, le=MAX_RENT, description="Loyer charges comprises minimal.")
    loyer_max: Decimal | None = Field(None, ge=0, le=MAX_RENT)
    surface_min: Decimal | None = Field(None, ge=0, le=10_000)
    pmr: bool = False
    ascenseur: bool = False
    tri: str = Field("recent", pattern="^(recent|loyer|loyer-desc|surface)$")
    limit: int = Field(20, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/", response=PublicPage, auth=None, summary="Annonces en ligne (mêmes filtres que la page publique)")
def public_listings(request, filters: Query[PublicFilters]):
    found = catalogue.search(catalogue.Criteria.read(request.GET))
    return {"count": found.count(), "items": [PublicListingOut.of(x) for x in found[filters.offset:filters.offset + filters.limit]]}


class ManagedListingOut(PublicListingOut):
    reference: str
    status: str
    status_label: str
    visible_from: datetime.date | None
    contact_email: str
    view_count: int
    contact_count: int

    @staticmethod
    def of(listing):
        return {**PublicListingOut.of(listing), "reference": listing.reference, "status": listing.status,
                "status_label": listing.get_status_display(), "visible_from": listing.visible_from,
                "contact_email": listing.contact_email, "view_count": listing.view_count,
                "contact_count": listing.contact_count if hasattr(listing, "contact_count") else listing.contacts.count()}


class ManagedFilters(Schema):
    status: Listing.Status | None = None
    reference: str = Field("", max_length=64)
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/manage/", response=list[ManagedListingOut], auth=professional_auth, summary="Annonces de votre organisation, brouillons compris")
def managed_listings(request, filters: Query[ManagedFilters]):
    listings = scope_for(request.user, "listings.view", rows=True).filter(MANAGED).annotate(contact_count=Count("contacts"))
    if filters.status:
        listings = listings.filter(status=filters.status)
    if filters.reference:
        listings = listings.filter(reference=filters.reference)
    return [ManagedListingOut.of(x) for x in listings.order_by("pk")[filters.offset:filters.offset + filters.limit]]


@router.get("/manage/{listing_id}", response=ManagedListingOut, auth=professional_auth, summary="Une annonce de votre organisation")
def managed_listing(request, listing_id: int):
    return ManagedListingOut.of(scope_for(request.user, "listings.view", rows=True).get(MANAGED, pk=listing_id))


class ListingIn(Schema):
    reference: str = Field(..., min_length=1, max_length=64)
    organisation: int | None = Field(None, ge=1, le=MAX_ID, description="Par défaut : votre organisation.")
    title: str = Field(..., min_length=1, max_length=160)
    description: str = Field("", max_length=10_000, description="Texte brut ; une ligne vide sépare les paragraphes.")
    dwelling_type: DwellingType
    building_kind: BuildingKind = BuildingKind.FLAT
    commune: str = Field(..., min_length=1, max_length=80, description="Code INSEE/NIS ou chemin de la commune.")
    postcode: str = Field("", max_length=10)
    street: str = Field("", max_length=255)
    neighbourhood: str = Field("", max_length=120)
    surface: Decimal | None = Field(None, ge=1, le=10_000)
    floor: int | None = Field(None, ge=-5, le=100)
    lift: bool = False
    step_free: bool = False
    shared_rooms: int = Field(0, ge=0, le=20)
    rent: Decimal | None = Field(None, ge=0, le=MAX_RENT)
    charges: Decimal | None = Field(None, ge=0, le=MAX_RENT)
    deposit: Decimal | None = Field(None, ge=0, le=MAX_RENT)
    energy_kwh: int | None = Field(None, ge=0, le=2_000)
    ghg_kg: int | None = Field(None, ge=0, le=500)
    energy_class: str = Field("", pattern="^[A-G]?$")
    ghg_class: str = Field("", pattern="^[A-G]?$")
    energy_cost_min: int | None = Field(None, ge=0, le=MAX_RENT)
    energy_cost_max: int | None = Field(None, ge=0, le=MAX_RENT)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    contact_name: str = Field("", max_length=150)
    contact_email: str = Field(..., min_length=3, max_length=254)
    contact_phone: str = Field("", max_length=20)
    visible_from: datetime.date | None = None
    visible_until: datetime.date | None = None


def _paragraphs(text):
    return "".join(f"<p>{escape(block.strip())}</p>" for block in text.split("\n\n") if block.strip())


def _organisation(scope, wanted):
    """The organisation a new listing belongs to: one of those where the user may publish (never another)."""
    allowed = {a.organisation_id: a.organisation for a in scope.assignments}
    if wanted is None:
        if len(allowed) != 1:
            raise HttpError(422, _("Indiquez l'organisation de l'annonce (« organisation »)."))
        return next(iter(allowed.values()))
    found = allowed.get(wanted) or (Organisation.objects.filter(pk=wanted).first() if scope.everything else None)
    if found is None:
        raise HttpError(404, _("Organisation introuvable parmi les vôtres."))
    return found


def _fill(listing, payload):
    commune = Territory.objects.named(payload.commune, kind="commune")
    if commune is None:
        raise HttpError(422, _("Commune inconnue : indiquez son code officiel (INSEE ou NIS)."))
    values = payload.dict(exclude={"organisation", "commune", "description", "reference"})
    for name, value in values.items():
        setattr(listing, name, value)
    listing.description, listing.commune = _paragraphs(payload.description), commune
    rules.apply_energy_labels(listing)
    try:
        listing.full_clean()
    except ValidationError as error:
        raise HttpError(422, " ".join(f"{field} : {' '.join(messages)}" for field, messages in error.message_dict.items())) from None
    listing.save()
    return listing


@router.post("/manage/", response={201: ManagedListingOut}, auth=professional_auth, summary="Créer une annonce (brouillon)")
@transaction.atomic
def create_listing(request, payload: ListingIn):
    scope = scope_for(request.user, "listings.change", rows=True)
    listing = Listing(organisation=_organisation(scope, payload.organisation), reference=payload.reference)
    return 201, ManagedListingOut.of(_fill(listing, payload))


@router.put("/manage/{listing_id}", response=ManagedListingOut, auth=professional_auth, summary="Modifier une annonce")
@transaction.atomic
def update_listing(request, payload: ListingIn, listing_id: int):
    scope = scope_for(request.user, "listings.change", rows=True)
    listing = scope.get(MANAGED, lock=True, pk=listing_id)
    listing.reference = payload.reference
    return ManagedListingOut.of(_fill(listing, payload))


class CheckOut(Schema):
    ok: bool
    refusals: list[str]
    warnings: list[str]


@router.get("/manage/{listing_id}/check", response=CheckOut, auth=professional_auth, summary="Contrôle de conformité avant publication")
def check_listing(request, listing_id: int):
    check = rules.check_publication(scope_for(request.user, "listings.view", rows=True).get(MANAGED, pk=listing_id))
    return {"ok": check.ok, "refusals": check.refusals, "warnings": check.warnings}


@router.post("/manage/{listing_id}/publish", response={200: CheckOut, 409: CheckOut}, auth=professional_auth, summary="Publier une annonce")
@transaction.atomic
def publish_listing(request, listing_id: int):
    listing = scope_for(request.user, "listings.publish", rows=True).get(MANAGED, lock=True, pk=listing_id)
    try:
        check = rules.publish(listing, request.user)
    except rules.PublicationRefused as refused:
        return 409, {"ok": False, "refusals": refused.check.refusals, "warnings": refused.check.warnings}
    return 200, {"ok": True, "refusals": [], "warnings": check.warnings}


@router.post("/manage/{listing_id}/unpublish", response=ManagedListingOut, auth=professional_auth, summary="Retirer une annonce (brouillon)")
def unpublish_listing(request, listing_id: int):
    listing = scope_for(request.user, "listings.publish", rows=True).get(MANAGED, pk=listing_id)
    return ManagedListingOut.of(rules.unpublish(listing))


class ContactOut(Schema):
    id: int
    listing_id: int
    listing_reference: str
    created_at: datetime.datetime
    name: str
    email: str
    phone: str
    message: str
    status: Contact.Status


@router.get("/manage/{listing_id}/contacts", response=list[ContactOut], auth=professional_auth, summary="Contacts reçus par une annonce")
def listing_contacts(request, listing_id: int):
    scope = scope_for(request.user, "listings.contacts", rows=True)
    listing = scope.get(MANAGED, pk=listing_id)
    return [_contact_out(c, listing) for c in listing.contacts.all()]


def _contact_out(contact, listing):
    return {"id": contact.pk, "listing_id": listing.pk, "listing_reference": listing.reference, "created_at": contact.created_at,
            "name": contact.name, "email": contact.email, "phone": contact.phone, "message": contact.message, "status": contact.status}


class ContactStatusIn(Schema):
    status: Contact.Status


@router.patch("/contacts/{contact_id}", response=ContactOut, auth=professional_auth, summary="Indiquer qu'un contact a reçu une réponse, ou le clore")
def update_contact(request, payload: ContactStatusIn, contact_id: int):
    contact = scope_for(request.user, "listings.contacts", rows=True).get(Contact.objects.select_related("listing"), pk=contact_id)
    return _contact_out(contacts.set_status(contact, payload.status, request.user), contact.listing)


@router.get("/{listing_id}", response=PublicListingOut, auth=None, summary="Une annonce en ligne")
def public_listing(request, listing_id: int):
    listing = None if not 1 <= listing_id <= MAX_ID else Listing.objects.public().select_related(*catalogue.CARD_RELATED).filter(pk=listing_id).first()
    if listing is None:
        raise HttpError(404, _("Cette annonce n'est pas (ou plus) en ligne."))
    return PublicListingOut.of(listing)
