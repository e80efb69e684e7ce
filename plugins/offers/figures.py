"""The one definition of each piloting figure, read by the live dashboard and by the daily snapshot alike.

- offers and places offered: offers neither withdrawn nor expired, and their maximum places;
- places available: the places left in *vetted* offers that can be allocated now (status "Disponible");
- places allocated: the places of allocations still running (not ended, not cancelled) in those offers.

The live figures and a day's snapshot are computed by the same function, so
today's snapshot equals the live figures at the moment it was taken.
"""

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from plugins.offers.models import CLOSED, Allocation, Offer

FIGURES = ("offers", "places_offered", "places_available", "places_allocated")
DEFINITIONS = {
    "offers": _("Offres ni retirées ni expirées, qualifiées ou non."),
    "places_offered": _("Places au maximum de ces offres."),
    "places_available": _("Places restantes des offres qualifiées et attribuables (statut « Disponible ») : "
                          "une offre non qualifiée n'en compte aucune."),
    "places_allocated": _("Places des attributions en cours (ni terminées ni annulées) dans ces offres."),
}


def per_commune(offers, allocations):
    """``{commune_id: {offers, places_offered, places_available, places_allocated}}`` of the live ``offers``.

    ``offers`` and ``allocations`` are querysets already narrowed to what the
    reader may count (a scope, or everything for the snapshot).
    """
    live = offers.exclude(status__in=CLOSED)
    rows = live.values("commune").annotate(
        offers=Count("pk"), places_offered=Sum("places_max"),
        places_available=Sum("places_available", filter=Q(status=Offer.Status.AVAILABLE)),
    )
    allocated = dict(
        allocations.current().filter(offer__in=live).values("offer__commune")
        .annotate(total=Sum(F("adults") + F("children"))).values_list("offer__commune", "total")
    )
    return {
        row["commune"]: {
            "offers": row["offers"], "places_offered": row["places_offered"] or 0,
            "places_available": row["places_available"] or 0, "places_allocated": allocated.get(row["commune"]) or 0,
        }
        for row in rows
    }


def everything():
    """All live figures, for the daily snapshot (no scope: it is the record of the whole platform)."""
    return per_commune(Offer.objects.all(), Allocation.objects.all())
