"""Finding the "right" place for a displaced household, and allocating it without overbooking.

A household is described only by what the match needs (size, children, pets,
reduced mobility, where and when); the allocation keeps no name or contact.
"""

import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from logis.accounts.models import Territory
from plugins.offers import history, search
from plugins.offers.models import Allocation, CommuneCentre, Offer

EARTH_RADIUS_KM = 6371.0
KM_PER_DEGREE = 111.2


class AllocationRefused(ValueError):
    """The allocation cannot be made; the message says why, in French."""


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


@dataclass(frozen=True)
class Match:
    offer: Offer
    distance_km: float | None


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


def find_offers(offers, household, limit=20):
    """Rank the vetted offers of ``offers`` (already scoped) that fit the household, nearest first.

    Fitting means enough places, the features the household needs, and an
    availability covering its dates. With a radius, offers farther than the
    radius from the wished commune are left out; without one, the wished
    territory (commune or department) bounds the search. Ties go to the offer
    that leaves the fewest places empty, then to the oldest.
    """
    candidates = offers.allocatable().filter(places_available__gte=household.size).select_related("commune", "organisation")
    if household.pets:
        candidates = candidates.filter(pets_allowed=True)
    if household.reduced_mobility:
        candidates = candidates.filter(step_free=True)
    if household.children:
        candidates = candidates.filter(children_welcome=True)
    if household.date_from:
        candidates = candidates.filter(available_from__lte=household.date_from)
    end = household.date_until or household.date_from
    if end:
        candidates = candidates.filter(Q(available_until__isnull=True) | Q(available_until__gte=end))
    origin = _origin(household.territory)
    if household.radius_km and origin:
        lat, lon = origin
        dlat = household.radius_km / KM_PER_DEGREE
        dlon = household.radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
        candidates = candidates.filter(
            latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon),
        )
    elif household.territory is not None:
        path = household.territory.path
        candidates = candidates.filter(Q(commune__path=path) | Q(commune__path__startswith=path + "/"))
    matches = []
    for offer in candidates:
        distance = None
        if origin and offer.latitude is not None and offer.longitude is not None:
            distance = distance_km(origin[0], origin[1], offer.latitude, offer.longitude)
            if household.radius_km and distance > household.radius_km:
                continue
        matches.append(Match(offer, distance))
    matches.sort(key=lambda m: (m.distance_km is None, m.distance_km or 0, m.offer.places_available - household.size, m.offer.pk))
    return matches[:limit]


def allocate(offer_id, household, user, household_reference=""):
    """Give ``household`` places in the offer; never more than the places left, even concurrently.

    The decrement is one conditional UPDATE (``places_available >= size``):
    PostgreSQL re-checks the condition on the locked row when two allocations
    race, SQLite serialises writers, so the second allocation of the last
    places updates nothing and is refused.
    """
    size = household.size
    with transaction.atomic():
        taken = Offer.objects.filter(
            pk=offer_id, status=Offer.Status.AVAILABLE, places_available__gte=size,
        ).update(
            places_available=F("places_available") - size,
            status=Case(When(places_available=size, then=Value(Offer.Status.FULL)), default=F("status")),
            updated_at=timezone.now(),
        )
        if not taken:
            raise AllocationRefused(_("Cette offre n'a plus assez de places disponibles, ou n'est pas qualifiée."))
        offer = Offer.objects.select_related("commune").get(pk=offer_id)
        allocation = Allocation.objects.create(
            offer=offer, household_reference=household_reference, adults=household.adults, children=household.children,
            pets=household.pets, reduced_mobility=household.reduced_mobility, date_from=household.date_from or timezone.localdate(),
            date_until=household.date_until, allocated_by=user,
        )
        previous = {"places_available": offer.places_available + size,
                    "status": Offer.Status.AVAILABLE if offer.status == Offer.Status.FULL else offer.status}
        history.record([(offer, history.changes_between(previous, {"places_available": offer.places_available, "status": offer.status}))], "update")
        search.reindex([offer.pk])
    return allocation
