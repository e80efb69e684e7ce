"""Aggregated figures (places offered, available, allocated) by commune, department and day.

These are the only figures an aggregates-only role (national piloting) sees:
counts per territory, never a row of an offer.
"""

from collections import OrderedDict

from django.db.models import Sum
from django.utils import timezone

from logis.accounts.models import Territory
from plugins.offers import figures
from plugins.offers.figures import FIGURES
from plugins.offers.models import Allocation, DailySnapshot, Offer


def by_commune(scope):
    """Live figures per commune of the scope: ``[{commune, department, offers, places_...}]`` (see :mod:`figures`)."""
    rows = figures.per_commune(scope.filter(Offer.objects.all()), scope.filter(Allocation.objects.all()))
    communes = Territory.objects.filter(pk__in=rows).select_related("parent").order_by("parent__name", "name")
    return [
        {"commune": c.name, "code": c.code, "department": c.parent.name if c.parent_id else "", **rows[c.pk]}
        for c in communes
    ]


def by_department(commune_rows):
    """Sum the commune rows per department."""
    totals = OrderedDict()
    for row in commune_rows:
        total = totals.setdefault(row["department"], {"department": row["department"], **{f: 0 for f in FIGURES}})
        for figure in FIGURES:
            total[figure] += row[figure]
    return list(totals.values())


def over_time(scope, days=30, live=None):
    """Daily totals of the scope from the snapshots: ``[{date, live, places_...}]``, oldest first.

    Today's row is the live figures (``live=True``), not the morning's
    snapshot, so the table and the bars of one page never disagree; pass the
    commune rows already computed as ``live`` to avoid reading them twice.
    """
    today = timezone.localdate()
    rows = list(
        scope.filter(DailySnapshot.objects.filter(date__lt=today)).values("date")
        .annotate(**{figure: Sum(figure) for figure in FIGURES})
        .order_by("-date")[:days - 1]
    )
    rows = [{**row, "live": False} for row in reversed(rows)]
    live = by_commune(scope) if live is None else live
    rows.append({"date": today, "live": True, **{f: sum(r[f] for r in live) for f in FIGURES}})
    return rows
