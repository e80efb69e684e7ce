"""Capacity over time: places offered, vetted-available and allocated per commune or department per day, and when they run out.

Read from the daily snapshots only (:class:`DailySnapshot`, written by
:func:`plugins.offers.rules.take_snapshot` with the one definition of each
figure in :mod:`plugins.offers.figures`): every row is "as of that morning's
snapshot", never live. The forecast is :func:`plugins.offers.forecast.run_out`
on the totals, and on each territory's own series.
"""

import datetime

from django.db.models import Sum
from django.utils import timezone

from plugins.offers.forecast import projected, run_out
from plugins.offers.models import DailySnapshot

SERIES = ("places_offered", "places_available", "places_allocated")
LEVELS = {"department": ("commune__parent__code", "commune__parent__name"), "commune": ("commune__code", "commune__name")}
MIN_DAYS, MAX_DAYS = 7, 366
PROJECTION_STEP_DAYS, PROJECTION_ROWS = 7, 8


def history(scope, level="department", days=60, today=None):
    """``[{date, code, territory, places_...}]`` per territory of ``level`` and day, oldest first, within the scope."""
    today = today or timezone.localdate()
    code, name = LEVELS[level]
    snapshots = scope.filter(DailySnapshot.objects.filter(date__gte=today - datetime.timedelta(days=days)))
    rows = snapshots.values("date", code, name).annotate(**{series: Sum(series) for series in SERIES}).order_by("date", name)
    return [{"date": r["date"], "code": r[code], "territory": r[name], **{s: r[s] or 0 for s in SERIES}} for r in rows]


def totals(rows):
    """The day-by-day totals of :func:`history` rows: ``[{date, places_...}]``."""
    by_day = {}
    for row in rows:
        total = by_day.setdefault(row["date"], {"date": row["date"], **dict.fromkeys(SERIES, 0)})
        for series in SERIES:
            total[series] += row[series]
    return [by_day[day] for day in sorted(by_day)]


def forecasts(rows):
    """Each territory's own run-out forecast: ``[{code, territory, forecast}]``, soonest first."""
    series = {}
    for row in rows:
        series.setdefault((row["code"], row["territory"]), []).append(row)
    result = [{"code": code, "territory": name, "forecast": run_out(days)} for (code, name), days in series.items()]
    return sorted(result, key=lambda r: (r["forecast"]["date"] is None, r["forecast"]["date"] or datetime.date.max, r["territory"] or ""))


def projection(forecast):
    """Weekly rows after the last snapshot ``[{date, central, low, high}]`` until the upper line runs out (8 at most)."""
    line = forecast.get("line")
    if not line or forecast["date"] is None:
        return []
    rows = []
    for week in range(1, PROJECTION_ROWS + 1):
        day = line["day"] + datetime.timedelta(days=week * PROJECTION_STEP_DAYS)
        central, low, high = projected(forecast, day)
        rows.append({"date": day, "central": central, "low": low, "high": high})
        if high == 0:
            break
    return rows
