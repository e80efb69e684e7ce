"""JSON API under ``/api/offers/``: every route asks the core scoping service first.

Rows are never returned to an aggregates-only role (``scope_for(..., rows=True)``);
``/stats`` is the route such a role uses. One offer is read with ``Scope.get``:
out of scope, it does not exist (404). Errors are HTTP errors with a French
``detail`` (the core API maps PermissionDenied and Http404 to them).
"""

import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from logis.accounts.models import Territory
from logis.accounts.scoping import scope_for
from plugins.offers import allocations, rules, stats
from plugins.offers.figures import DEFINITIONS
from plugins.offers.forecast import run_out
from plugins.offers.matching import AllocationRefused, Household, allocate, find_offers
from plugins.offers.models import Allocation, Offer
from plugins.offers.phones import display_phone

router = Router(tags=["offres d'hébergement"], auth=django_auth)

MAX_PAGE = 100
#: one offer with what its schema shows, read in one query.
OFFERS = Offer.objects.select_related("commune", "organisation")
#: Deepest offset served: bounded so that it never overflows the database's 64-bit integers.
MAX_OFFSET = 100_000
#: Largest id a database column holds (64-bit): a bigger one is a 422, never an overflow in the driver.
MAX_ID = 2**63 - 1
#: Longest official territory code (INSEE, NIS) a filter may carry.
CODE_LENGTH = 12


class OfferOut(Schema):
    id: int
    reference: str
    status: str
    status_label: str
    provider_kind: str
    accommodation_kind: str
    organisation: str
    commune: str
    commune_code: str
    postcode: str
    street: str
    latitude: float | None
    longitude: float | None
    places_max: int
    places_available: int
    available_from: datetime.date
    available_until: datetime.date | None
    step_free: bool
    pets_allowed: bool
    children_welcome: bool
    bedrooms: int | None
    private_kitchen: bool
    private_bathroom: bool
    near_transport: bool
    host_name: str
    host_email: str
    host_phone: str
    coordinator_email: str
    coordinator_phone: str
    vetted: bool

    @staticmethod
    def from_offer(offer):
        return OfferOut(
            **{name: getattr(offer, name) for name in OfferOut.model_fields if hasattr(offer, name) and name not in (
                "organisation", "commune", "host_phone", "coordinator_phone")},
            status_label=offer.get_status_display(), organisation=offer.organisation.name, commune=offer.commune.name,
            commune_code=offer.commune.code, host_phone=display_phone(offer.host_phone),
            coordinator_phone=display_phone(offer.coordinator_phone),
        )


class OfferListOut(Schema):
    count: int
    items: list[OfferOut]


class OfferFilters(Schema):
    status: Offer.Status | None = None
    commune: str | None = Field(None, max_length=CODE_LENGTH)
    department: str | None = Field(None, max_length=CODE_LENGTH)
    provider_kind: str | None = Field(None, max_length=CODE_LENGTH * 4)
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/", response=OfferListOut, summary="Offres de votre territoire")
def list_offers(request, filters: Query[OfferFilters]):
    offers = scope_for(request.user, "offers.view", rows=True).filter(OFFERS).order_by("pk")
    if filters.status:
        offers = offers.filter(status=filters.status)
    if filters.commune:
        offers = offers.filter(commune__code=filters.commune)
    if filters.department:
        offers = offers.filter(commune__parent__code=filters.department)
    if filters.provider_kind:
        offers = offers.filter(provider_kind=filters.provider_kind)
    return {"count": offers.count(), "items": [OfferOut.from_offer(o) for o in offers[filters.offset:filters.offset + filters.limit]]}


@router.get("/stats", summary="Places offertes, disponibles et attribuées par commune et département")
def offer_stats(request):
    scope = scope_for(request.user, "offers.view")
    communes = stats.by_commune(scope)
    history = stats.over_time(scope, live=communes)
    forecast = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in run_out(history).items()}
    return {"communes": communes, "departments": stats.by_department(communes), "forecast": forecast,
            "over_time": [{**row, "date": row["date"].isoformat()} for row in history],
            "definitions": {name: str(text) for name, text in DEFINITIONS.items()}}


class HouseholdIn(Schema):
    adults: int
    children: int = 0
    pets: bool = False
    reduced_mobility: bool = False
    territory: str | None = None
    radius_km: float | None = None
    date_from: datetime.date | None = None
    date_until: datetime.date | None = None
    household_reference: str = Field("", max_length=64)
    override_reason: str = Field("", max_length=500)

    def to_household(self):
        if not 1 <= self.adults <= 30 or not 0 <= self.children <= 30:
            raise HttpError(422, "Un ménage compte de 1 à 30 adultes et de 0 à 30 enfants.")
        if self.radius_km is not None and not 0 < self.radius_km <= 500:
            raise HttpError(422, "Le rayon doit être compris entre 0 et 500 km.")
        if self.date_from and self.date_until and self.date_until < self.date_from:
            raise HttpError(422, "La date de fin précède la date de début.")
        territory = None
        if self.territory:
            territory = Territory.objects.named(self.territory)
            if territory is None:
                raise HttpError(422, f"Territoire « {self.territory} » inconnu.")
        return Household(self.adults, self.children, self.pets, self.reduced_mobility, territory, self.radius_km,
                         self.date_from, self.date_until)


class MatchOut(Schema):
    offer: OfferOut
    distance_km: float | None
    distance_basis: str | None
    distance_basis_label: str
    places_left: int


@router.post("/match", response=list[MatchOut], summary="Offres adaptées à un ménage, les plus proches d'abord")
def match(request, payload: HouseholdIn):
    scope = scope_for(request.user, "offers.allocate", rows=True)
    matches = find_offers(scope.filter(Offer.objects.all()), payload.to_household())
    return [{"offer": OfferOut.from_offer(m.offer), "distance_km": round(m.distance_km, 1) if m.distance_km is not None else None,
             "distance_basis": m.distance_basis, "distance_basis_label": str(m.distance_basis_label), "places_left": m.places_left}
            for m in matches]


@router.get("/{offer_id}", response=OfferOut, summary="Une offre")
def get_offer(request, offer_id: int):
    return OfferOut.from_offer(scope_for(request.user, "offers.view", rows=True).get(OFFERS, pk=offer_id))


class OfferUpdate(Schema):
    places_max: int | None = None
    places_available: int | None = None
    available_until: datetime.date | None = None
    withdraw: bool = False
    # What becomes of the current allocations of a withdrawn offer: they keep running, or they all end now.
    allocations: Literal["keep", "end"] | None = None


@router.patch("/{offer_id}", response=OfferOut, summary="Mettre à jour les places ou retirer une offre")
@transaction.atomic
def update_offer(request, offer_id: int, payload: OfferUpdate):
    # The row stays locked until the change is saved: an allocation made meanwhile waits, then counts from the new figures.
    offer = scope_for(request.user, "offers.change", rows=True).get(OFFERS, lock=True, pk=offer_id)
    for name in ("places_max", "places_available", "available_until"):
        value = getattr(payload, name)
        if value is not None:
            setattr(offer, name, value)
    try:
        offer.full_clean(exclude=["commune", "organisation"])
        if offer.places_available > offer.places_max:
            raise ValidationError({"places_available": "Plus de places disponibles que de places au maximum."})
    except ValidationError as error:
        raise HttpError(422, " ".join(f"{field} : {' '.join(messages)}" for field, messages in error.message_dict.items())) from None
    if payload.withdraw:
        running = offer.allocations.current().count()
        if running and payload.allocations is None:
            raise HttpError(409, f"L'offre a {running} attribution(s) en cours : indiquez ce qu'elles deviennent "
                                 "(« allocations » : « keep » pour les laisser courir, « end » pour y mettre fin).")
        if running and payload.allocations == "end":
            allocations.end_all(offer, request.user, "Offre retirée")
            offer.refresh_from_db()
        rules.withdraw(offer)
    else:
        rules.apply_places(offer).save()
    return OfferOut.from_offer(offer)


class Checklist(Schema):
    visit_done: bool = False
    sanitation_checked: bool = False
    features_checked: bool = False
    host_checked: bool = False


@router.post("/{offer_id}/vetting", response=OfferOut, summary="Enregistrer la qualification d'une offre")
def vet_offer(request, offer_id: int, payload: Checklist):
    offer = scope_for(request.user, "offers.vet", rows=True).get(OFFERS, pk=offer_id)
    if offer.status in rules.CLOSED:
        raise HttpError(409, "Une offre retirée ou expirée ne peut pas être qualifiée.")
    return OfferOut.from_offer(rules.vet(offer, payload.dict(), request.user))


class AllocationOut(Schema):
    id: int
    offer_id: int
    places: int
    places_left: int


class Refusal(Schema):
    detail: str
    rule: str
    problems: list[str]


@router.post("/{offer_id}/allocations", response={201: AllocationOut, 409: Refusal},
             summary="Attribuer des places d'une offre à un ménage")
def allocate_offer(request, offer_id: int, payload: HouseholdIn):
    offer = scope_for(request.user, "offers.allocate", rows=True).get(OFFERS, pk=offer_id)
    try:
        allocation = allocate(offer.pk, payload.to_household(), request.user, payload.household_reference, payload.override_reason)
    except AllocationRefused as error:
        return Status(409, {"detail": str(error), "rule": error.rule, "problems": [message for _code, message in error.problems]})
    return Status(201, {"id": allocation.pk, "offer_id": offer.pk, "places": allocation.places,
                 "places_left": allocation.offer.places_available})


class CurrentAllocation(Schema):
    id: int
    offer_id: int
    offer_reference: str
    commune: str
    household_reference: str
    places: int
    date_from: datetime.date
    date_until: datetime.date | None
    override_reason: str


class AllocationFilters(Schema):
    commune: str | None = Field(None, max_length=CODE_LENGTH)
    offer: int | None = Field(None, ge=1, le=MAX_ID)
    ending_before: datetime.date | None = None
    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/allocations/current", response=list[CurrentAllocation], summary="Attributions en cours, toutes offres confondues")
def current_allocations(request, filters: Query[AllocationFilters]):
    scope = scope_for(request.user, "offers.allocate", rows=True)
    rows = allocations.current(scope.filter(Allocation.objects.all()))
    if filters.commune:
        rows = rows.filter(offer__commune__code=filters.commune)
    if filters.offer:
        rows = rows.filter(offer_id=filters.offer)
    if filters.ending_before:
        rows = rows.filter(date_until__lte=filters.ending_before)
    return [{"id": a.pk, "offer_id": a.offer_id, "offer_reference": a.offer.reference, "commune": a.offer.commune.name,
             "household_reference": a.household_reference, "places": a.places, "date_from": a.date_from,
             "date_until": a.date_until, "override_reason": a.override_reason}
            for a in rows[filters.offset:filters.offset + filters.limit]]


class AllocationEnd(Schema):
    kind: Allocation.End = Allocation.End.ENDED
    reason: str = Field(..., min_length=1, max_length=allocations.MAX_REASON)


@router.post("/allocations/{allocation_id}/end", response=AllocationOut, summary="Mettre fin à une attribution (ou l'annuler)")
def end_allocation(request, allocation_id: int, payload: AllocationEnd):
    scope = scope_for(request.user, "offers.allocate", rows=True)
    allocation = scope.filter(Allocation.objects.all()).filter(pk=allocation_id).first()
    if allocation is None:
        raise HttpError(404, "Attribution introuvable dans votre territoire.")
    try:
        allocation = allocations.end_allocation(allocation.pk, request.user, payload.kind, payload.reason)
    except allocations.AllocationNotEnded as error:
        raise HttpError(409, str(error)) from None
    return {"id": allocation.pk, "offer_id": allocation.offer_id, "places": allocation.places,
            "places_left": allocation.offer.places_available}
