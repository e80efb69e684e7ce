"""JSON API under ``/api/offers/``: every route asks the core scoping service first.

Rows are never returned to an aggregates-only role (``scope_for(..., rows=True)``);
``/stats`` is the route such a role uses. One offer is read with ``Scope.get``:
out of scope, it does not exist (404). Lists go through the core's paginator
and scoped filter (:mod:`logis.api_lists`); input is bounded by the schemas.
Errors are HTTP errors with a French ``detail`` (the core API maps
PermissionDenied, Http404 and invalid input to them).
"""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import model_validator

from logis.accounts.models import Territory
from logis.accounts.scoping import scope_for
from logis.api_auth import professional_auth
from logis.api_lists import MAX_ID, LimitOffset, scoped_list
from plugins.offers import allocations, rules, stats
from plugins.offers.figures import DEFINITIONS
from plugins.offers.forecast import run_out
from plugins.offers.matching import AllocationRefused, Household, allocate, find_offers
from plugins.offers.models import Allocation, Offer
from plugins.offers.phones import display_phone

router = Router(tags=["offres d'hébergement"], auth=professional_auth)

#: one offer with what its schema shows, read in one query.
OFFERS = Offer.objects.select_related("commune", "organisation")
#: Longest official territory code (INSEE, NIS) a filter may carry.
CODE_LENGTH = 12
#: Most places one offer may declare through the API (a 422 beyond, never an overflow).
MAX_PLACES = 10_000


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
    def resolve_status_label(offer):
        return offer.get_status_display()

    @staticmethod
    def resolve_organisation(offer):
        return offer.organisation.name

    @staticmethod
    def resolve_commune(offer):
        return offer.commune.name

    @staticmethod
    def resolve_commune_code(offer):
        return offer.commune.code

    @staticmethod
    def resolve_host_phone(offer):
        return display_phone(offer.host_phone)

    @staticmethod
    def resolve_coordinator_phone(offer):
        return display_phone(offer.coordinator_phone)


class OfferFilters(FilterSchema):
    status: Annotated[Offer.Status | None, FilterLookup("status")] = None
    commune: Annotated[str | None, FilterLookup("commune__code")] = Field(None, max_length=CODE_LENGTH)
    department: Annotated[str | None, FilterLookup("commune__parent__code")] = Field(None, max_length=CODE_LENGTH)
    provider_kind: Annotated[str | None, FilterLookup("provider_kind")] = Field(None, max_length=CODE_LENGTH * 4)


@router.get("/", response=list[OfferOut], summary="Offres de votre territoire")
@paginate(LimitOffset)
def list_offers(request, filters: Query[OfferFilters]):
    return scoped_list(request.user, "offers.view", OFFERS, filters).order_by("pk")


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
    territory: str | None = Field(None, max_length=80)
    radius_km: float | None = Field(None, gt=0, le=500)
    date_from: datetime.date | None = None
    date_until: datetime.date | None = None
    household_reference: str = Field("", max_length=64)
    override_reason: str = Field("", max_length=500)

    @model_validator(mode="after")
    def household_rules(self):
        # The two rules that span fields keep one French sentence each (raised as they are, not wrapped by pydantic).
        if not 1 <= self.adults <= 30 or not 0 <= self.children <= 30:
            raise HttpError(422, _("Un ménage compte de 1 à 30 adultes et de 0 à 30 enfants."))
        if self.date_from and self.date_until and self.date_until < self.date_from:
            raise HttpError(422, _("La date de fin précède la date de début."))
        return self

    def to_household(self):
        territory = None
        if self.territory:
            territory = Territory.objects.named(self.territory)
            if territory is None:
                raise HttpError(422, _("Territoire « %(territory)s » inconnu.") % {"territory": self.territory})
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
    return [{"offer": m.offer, "distance_km": round(m.distance_km, 1) if m.distance_km is not None else None,
             "distance_basis": m.distance_basis, "distance_basis_label": str(m.distance_basis_label), "places_left": m.places_left}
            for m in matches]


@router.get("/{offer_id}", response=OfferOut, summary="Une offre")
def get_offer(request, offer_id: int):
    return scope_for(request.user, "offers.view", rows=True).get(OFFERS, pk=offer_id)


class OfferUpdate(Schema):
    places_max: int | None = Field(None, ge=1, le=MAX_PLACES)
    places_available: int | None = Field(None, ge=0, le=MAX_PLACES)
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
            raise ValidationError({"places_available": _("Plus de places disponibles que de places au maximum.")})
    except ValidationError as error:
        raise HttpError(422, " ".join(f"{field} : {' '.join(messages)}" for field, messages in error.message_dict.items())) from None
    if payload.withdraw:
        running = offer.allocations.current().count()
        if running and payload.allocations is None:
            raise HttpError(409, _("L'offre a %(count)d attribution(s) en cours : indiquez ce qu'elles deviennent "
                                   "(« allocations » : « keep » pour les laisser courir, « end » pour y mettre fin).") % {"count": running})
        if running and payload.allocations == "end":
            allocations.end_all(offer, request.user, "Offre retirée")  # stored in the history: the French source text
            offer.refresh_from_db()
        rules.withdraw(offer)
    else:
        rules.apply_places(offer).save()
    return offer


class Checklist(Schema):
    visit_done: bool = False
    sanitation_checked: bool = False
    features_checked: bool = False
    host_checked: bool = False


@router.post("/{offer_id}/vetting", response=OfferOut, summary="Enregistrer la qualification d'une offre")
def vet_offer(request, offer_id: int, payload: Checklist):
    offer = scope_for(request.user, "offers.vet", rows=True).get(OFFERS, pk=offer_id)
    if offer.status in rules.CLOSED:
        raise HttpError(409, _("Une offre retirée ou expirée ne peut pas être qualifiée."))
    return rules.vet(offer, payload.dict(), request.user)


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
    offer_reference: str = Field(alias="offer.reference")
    commune: str = Field(alias="offer.commune.name")
    household_reference: str
    places: int
    date_from: datetime.date
    date_until: datetime.date | None
    override_reason: str


class AllocationFilters(FilterSchema):
    commune: Annotated[str | None, FilterLookup("offer__commune__code")] = Field(None, max_length=CODE_LENGTH)
    offer: Annotated[int | None, FilterLookup("offer_id")] = Field(None, ge=1, le=MAX_ID)
    ending_before: Annotated[datetime.date | None, FilterLookup("date_until__lte")] = None


@router.get("/allocations/current", response=list[CurrentAllocation], summary="Attributions en cours, toutes offres confondues")
@paginate(LimitOffset, envelope=False)  # a bare list: the shape this route has always answered
def current_allocations(request, filters: Query[AllocationFilters]):
    return scoped_list(request.user, "offers.allocate", allocations.current(), filters)


class AllocationEnd(Schema):
    kind: Allocation.End = Allocation.End.ENDED
    reason: str = Field(..., min_length=1, max_length=allocations.MAX_REASON)


@router.post("/allocations/{allocation_id}/end", response=AllocationOut, summary="Mettre fin à une attribution (ou l'annuler)")
def end_allocation(request, allocation_id: int, payload: AllocationEnd):
    allocation = scope_for(request.user, "offers.allocate", rows=True).get(Allocation.objects.all(), pk=allocation_id)
    try:
        allocation = allocations.end_allocation(allocation.pk, request.user, payload.kind, payload.reason)
    except allocations.AllocationNotEnded as error:
        raise HttpError(409, str(error)) from None
    return {"id": allocation.pk, "offer_id": allocation.offer_id, "places": allocation.places,
            "places_left": allocation.offer.places_available}
