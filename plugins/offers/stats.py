"""Aggregated figures (places offered, available, allocated) by commune, department and day.

These are the only figures an aggregates-only role (national piloting) sees:
counts per territory, never a row of an offer.
"""

from collections import OrderedDict

from django.db.models import Count, F, Sum

from plugins.offers.models import Allocation, DailySnapshot, Offer
from plugins.offers.rules import CLOSED

FIGURES = ("offers", "places_offered", "places_available", "places_allocated")


def by_commune(scope):
    """Current figures per commune of the scope: ``[{commune, department, offers, places_...}]``."""
    live = scope.filter(Offer.objects.exclude(status__in=CLOSED))
    rows = (
        live.values("commune", "commune__name", "commune__code", "commune__parent__name")
        .annotate(offers=Count("pk"), places_offered=Sum("places_max"), places_available=Sum("places_available"))
        .order_by("commune__parent__name", "commune__name")
    )
    allocated = dict(
        scope.filter(Allocation.objects.filter(offer__in=live)).values("offer__commune")
        .annotate(total=Sum(F("adults") + F("children"))).values_list("offer__commune", "total")
    )
    return [
        {
            "commune": row["commune__name"], "code": row["commune__code"], "department": row["commune__parent__name"],
            "offers": row["offers"], "places_offered": row["places_offered"] or 0,
            "places_available": row["places_available"] or 0, "places_allocated": allocated.get(row["commune"], 0) or 0,
        }
        for row in rows
    ]


def by_department(commune_rows):
    """Sum the commune rows per department."""
    totals = OrderedDict()
    for row in commune_rows:
        total = totals.setdefault(row["department"], {"department": row["department"], **{f: 0 for f in FIGURES}})
        for figure in FIGURES:
            total[figure] += row[figure]
    return list(totals.values())


def over_time(scope, days=30):
    """Daily totals of the scope from the snapshots the daily job writes: ``[{date, places_...}]``."""
    rows = (
        scope.filter(DailySnapshot.objects.all()).values("date")
        .annotate(offers=Sum("offers"), places_offered=Sum("places_offered"),
                  places_available=Sum("places_available"), places_allocated=Sum("places_allocated"))
        .order_by("-date")[:days]
    )
    return list(reversed(rows))
