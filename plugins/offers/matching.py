"""Finding the "right" place for a displaced household, and allocating it without overbooking.

A household is described only by what the match needs (size, children, pets,
reduced mobility, where and when); the allocation keeps no name or contact.
"""

import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy as _lazy

from logis.accounts.models import Territory
from logis.audit import bulk_update
from logis.territories.queries import reach_q
from plugins.offers.models import CLOSED, Allocation, CommuneCentre, Offer
from plugins.offers.suitability import fitting, misfits

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.2


class AllocationRefused(ValueError):
    """The allocation cannot be made; the message says why, in French, and ``rule`` names the rule that failed.

    ``rule`` is one of ``no_places``, ``not_vetted``, ``closed`` or
    ``unsuitable`` (then ``problems`` lists each unmet need).
    """

    def __init__(self, message, rule, problems=()):
        super().__init__(message)
        self.rule = rule
        self.problems = list(problems)


@dataclass(frozen=True)
class Household:
    adults: int
    children: int = 0
    pets: bool = False
    reduced_mobility: bool = False
    territory: Territory | None = None
    radius_km: float | None = None
    date_from: object = None
    date_until: object = None

    @property
    def size(self):
        return self.adults + self.children


class DistanceBasis:
    """How a match's distance was measured, said in the results."""

    GPS = "gps"
    COMMUNE_CENTRE = "commune_centre"
    LABELS = {GPS: _lazy("point GPS de l'offre"), COMMUNE_CENTRE: _lazy("centre de la commune de l'offre (pas de point GPS)")}


@dataclass(frozen=True)
class Match:
    offer: Offer
    distance_km: float | None
    places_left: int = 0
    distance_basis: str | None = None

    @property
    def distance_basis_label(self):
        return DistanceBasis.LABELS.get(self.distance_basis, "")


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _origin(territory):
    """The point distances are measured from: the wished commune's centre, when known."""
    if territory is None or territory.kind != Territory.Kind.COMMUNE:
        return None
    centre = CommuneCentre.objects.filter(commune=territory).first()
    return (centre.latitude, centre.longitude) if centre else None


def _within_box(candidates, lat, lon, radius_km):
    """Offers whose point, or whose commune's centre when they have none, lies in the box around the radius."""
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    lat_range, lon_range = (lat - dlat, lat + dlat), (lon - dlon, lon + dlon)
    centres = CommuneCentre.objects.filter(latitude__range=lat_range, longitude__range=lon_range).values("commune")
    return candidates.filter(
        Q(latitude__range=lat_range, longitude__range=lon_range)
        | Q(Q(latitude__isnull=True) | Q(longitude__isnull=True), commune__in=centres)
    )


def offer_point(offer, centres):
    """``(lat, lon, basis)`` of an offer: its own GPS point, else its commune's centre, else ``None``."""
    if offer.latitude is not None and offer.longitude is not None:
        return offer.latitude, offer.longitude, DistanceBasis.GPS
    centre = centres.get(offer.commune_id)
    return (*centre, DistanceBasis.COMMUNE_CENTRE) if centre else None


def find_offers(offers, household, limit=20):
    """Rank the vetted offers of ``offers`` (already scoped) that fit the household, nearest first.

    Fitting means enough places and :func:`plugins.offers.suitability.fitting`
    (needs and dates). With a radius, offers farther than the radius from the
    wished commune are left out, an offer without GPS point counting from its
    commune's centre; without one, the wished territory (commune or
    department) bounds the search. Ties go to the offer that leaves the fewest
    places empty, then to the oldest.
    """
    candidates = fitting(offers.allocatable().filter(places_available__gte=household.size), household)
    candidates = candidates.select_related("commune", "organisation")
    origin = _origin(household.territory)
    if household.radius_km and origin:
        candidates = _within_box(candidates, origin[0], origin[1], household.radius_km)
    elif household.territory is not None:
        candidates = candidates.filter(reach_q("commune", household.territory))
    candidates = list(candidates)
    centres = {}
    if origin:
        missing = {o.commune_id for o in candidates if o.latitude is None or o.longitude is None}
        centres = {c.commune_id: (c.latitude, c.longitude) for c in CommuneCentre.objects.filter(commune__in=missing)}
    matches = []
    for offer in candidates:
        point = offer_point(offer, centres) if origin else None
        distance = distance_km(origin[0], origin[1], point[0], point[1]) if point else None
        if household.radius_km and origin and (distance is None or distance > household.radius_km):
            continue
        matches.append(Match(offer, distance, offer.places_available - household.size, point[2] if point else None))
    matches.sort(key=lambda m: (m.distance_km is None, m.distance_km or 0, m.places_left, m.offer.pk))
    return matches[:limit]


def _refusal(offer, size):
    """Why the conditional decrement took nothing: the offer's state read again, after the race."""
    if offer.status in CLOSED:
        return AllocationRefused(_("Cette offre est %(status)s : elle ne peut plus être attribuée.") % {
            "status": offer.get_status_display().lower()}, "closed")
    if offer.status not in (Offer.Status.AVAILABLE, Offer.Status.FULL):
        return AllocationRefused(_("Cette offre n'est pas encore qualifiée : elle ne peut pas être attribuée."), "not_vetted")
    return AllocationRefused(_("Cette offre n'a plus assez de places : %(left)d place(s) restante(s), %(size)d demandée(s).") % {
        "left": offer.places_available, "size": size}, "no_places")


def allocate(offer_id, household, user, household_reference="", override_reason=""):
    """Give ``household`` places in the offer; never more than the places left, even concurrently.

    An offer that does not suit the household (see
    :func:`plugins.offers.suitability.misfits`) is refused unless
    ``override_reason`` says why it is allocated anyway; the reason is kept on
    the allocation, hence in its history.

    The decrement is one conditional UPDATE (``places_available >= size``):
    PostgreSQL re-checks the condition on the locked row when two allocations
    race, SQLite serialises writers, so the second allocation of the last
    places updates nothing and is refused.
    """
    size = household.size
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        offer = Offer.objects.filter(pk=offer_id).first()
        if offer is None:
            raise AllocationRefused(_("Offre introuvable."), "closed")
        problems = misfits(offer, household)
        if problems and offer.status == Offer.Status.AVAILABLE and not override_reason:
            raise AllocationRefused(
                _("Cette offre ne convient pas au ménage : %(problems)s. Pour attribuer quand même, indiquez le motif de la dérogation.")
                % {"problems": " ; ".join(message for _code, message in problems)}, "unsuitable", problems)
        taken = bulk_update(Offer.objects.filter(pk=offer_id, status=Offer.Status.AVAILABLE, places_available__gte=size), {
            "places_available": F("places_available") - size,
            "status": Case(When(places_available=size, then=Value(Offer.Status.FULL)), default=F("status")),
            "updated_at": timezone.now(),
        }, lock=True)
        offer = Offer.objects.select_related("commune").get(pk=offer_id)
        if not taken:
            raise _refusal(offer, size)
        allocation = Allocation.objects.create(
            offer=offer, household_reference=household_reference, adults=household.adults, children=household.children,
            pets=household.pets, reduced_mobility=household.reduced_mobility, date_from=household.date_from or timezone.localdate(),
            date_until=household.date_until, allocated_by=user, override_reason=override_reason if problems else "",
        )
    return allocation
