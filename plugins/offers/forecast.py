"""When available places run out at the current pace: a straight line fitted to the daily figures, with its uncertainty.

A least-squares slope of the places available per day over the snapshots,
and a 95 % interval on that slope (± 1.96 standard errors) turned into an
earliest and a latest date. Few points or a rising line give no date: the
forecast says so rather than guess.
"""

import datetime
import math

MIN_POINTS = 3


def run_out(rows):
    """``rows``: ``[{date, places_available}]`` oldest first → the forecast as a dict (``date`` is ``None`` when none)."""
    points = [(row["date"], row["places_available"]) for row in rows]
    if len(points) < MIN_POINTS:
        return {"points": len(points), "rate_per_day": None, "date": None, "earliest": None, "latest": None}
    first = points[0][0]
    xs = [(day - first).days for day, _value in points]
    ys = [value for _day, value in points]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) ** 2 for x in xs)
    if sxx == 0:
        return {"points": n, "rate_per_day": None, "date": None, "earliest": None, "latest": None}
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sxx
    intercept = mean_y - slope * mean_x
    residual = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys))
    error = math.sqrt(residual / (n - 2) / sxx) if n > 2 else 0.0
    last_day, last_value = points[-1]

    def when(rate):
        if rate >= 0:
            return None
        return last_day + datetime.timedelta(days=math.ceil(last_value / -rate))

    return {
        "points": n, "rate_per_day": round(-slope, 2), "date": when(slope),
        "earliest": when(slope - 1.96 * error), "latest": when(slope + 1.96 * error),
        "line": {"day": last_day, "value": last_value, "slope": slope, "spread": 1.96 * error},
    }


def projected(forecast, day):
    """``(central, low, high)`` places available on ``day`` after the last snapshot, never below 0; ``None`` without a line."""
    line = forecast.get("line")
    if not line:
        return None
    days = (day - line["day"]).days
    values = (line["slope"], line["slope"] - line["spread"], line["slope"] + line["spread"])
    return tuple(max(0.0, round(line["value"] + rate * days, 1)) for rate in values)
