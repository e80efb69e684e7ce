"""Server-rendered SVG charts: no JavaScript, no CDN, readable without colours (legend + table beside)."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

SERIES_COLOURS = ("#000091", "#18753c", "#b34000")  # DSFR blue, green, orange


def _series_labels():
    return (_("Places offertes"), _("Places disponibles"), _("Places attribuées"))


def _legend(x, y):
    parts = []
    for index, (label, colour) in enumerate(zip(_series_labels(), SERIES_COLOURS)):
        left = x + index * 170
        parts.append(format_html('<rect x="{}" y="{}" width="12" height="12" fill="{}"/><text x="{}" y="{}" font-size="12">{}</text>',
                                 left, y, colour, left + 16, y + 11, label))
    return "".join(parts)


def bar_chart(rows, width=640, bar_height=14):
    """Grouped horizontal bars: one group per label, three bars (offered, available, allocated)."""
    if not rows:
        return ""
    top = max(max(values) for _label, *values in rows) or 1
    label_width, group_height = 170, bar_height * 3 + 10
    height = 30 + group_height * len(rows)
    scale = (width - label_width - 50) / top
    parts = [format_html('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}" class="offers-chart">',
                         width, height, _("Places par département")), _legend(label_width, 4)]
    for index, (label, *values) in enumerate(rows):
        y = 28 + index * group_height
        parts.append(format_html('<text x="0" y="{}" font-size="12">{}</text>', y + bar_height * 2, str(label or "—")[:26]))
        for position, (value, colour) in enumerate(zip(values, SERIES_COLOURS)):
            bar_y = y + position * bar_height
            parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>'
                                     '<text x="{}" y="{}" font-size="11">{}</text>',
                                     label_width, bar_y, f"{value * scale:.1f}", bar_height - 2, colour, value,
                                     f"{label_width + value * scale + 4:.1f}", bar_y + bar_height - 4, value))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(rows, width=640, height=220):
    """Three lines over days (offered, available, allocated), from the daily snapshots."""
    if len(rows) < 2:
        return ""
    top = max(max(values) for _day, *values in rows) or 1
    left, bottom, right, header = 40, 24, 10, 24
    plot_w, plot_h = width - left - right, height - bottom - header
    step = plot_w / (len(rows) - 1)
    parts = [format_html('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}" class="offers-chart">',
                         width, height, _("Évolution des places")), _legend(left, 4),
             format_html('<text x="0" y="{}" font-size="11">{}</text><text x="0" y="{}" font-size="11">0</text>',
                         header + 10, top, height - bottom)]
    for series in range(3):
        points = " ".join(f"{left + i * step:.1f},{header + plot_h - row[series + 1] / top * plot_h:.1f}" for i, row in enumerate(rows))
        parts.append(format_html('<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>', SERIES_COLOURS[series], points))
    for i in (0, len(rows) - 1):
        parts.append(format_html('<text x="{}" y="{}" font-size="11" text-anchor="{}">{}</text>', f"{left + i * step:.1f}", height - 6,
                                 "start" if i == 0 else "end", rows[i][0].strftime("%d/%m/%Y")))
    parts.append("</svg>")
    return mark_safe("".join(parts))


def forecast_chart(rows, forecast, projection, width=640, height=240):
    """Places available per day (snapshots), then the forecast line to zero inside its 95 % band (shaded)."""
    if len(rows) < 2:
        return ""
    first, last = rows[0]["date"], rows[-1]["date"]
    end = max([last, *(row["date"] for row in projection)])
    top = max(max(row["places_available"] for row in rows), 1)
    left, bottom, right, header = 40, 24, 10, 24
    plot_w, plot_h = width - left - right, height - bottom - header
    span = max((end - first).days, 1)

    def xy(day, value):
        return f"{left + (day - first).days / span * plot_w:.1f},{header + plot_h - min(value, top) / top * plot_h:.1f}"

    parts = [format_html('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}" class="offers-chart">',
                         width, height, _("Places disponibles et prévision d'épuisement")),
             format_html('<text x="0" y="{}" font-size="11">{}</text><text x="0" y="{}" font-size="11">0</text>', header + 10, top, height - bottom)]
    if projection:
        band = [xy(last, rows[-1]["places_available"]), *(xy(r["date"], r["high"]) for r in projection),
                *(xy(r["date"], r["low"]) for r in reversed(projection))]
        parts.append(format_html('<polygon points="{}" fill="{}" fill-opacity="0.2" stroke="none"><title>{}</title></polygon>',
                                 " ".join(band), SERIES_COLOURS[2], _("Intervalle à 95 %")))
        central = [xy(last, rows[-1]["places_available"]), *(xy(r["date"], r["central"]) for r in projection)]
        parts.append(format_html('<polyline fill="none" stroke="{}" stroke-width="2" stroke-dasharray="6 4" points="{}"><title>{}</title></polyline>',
                                 SERIES_COLOURS[2], " ".join(central), _("Prévision")))
    parts.append(format_html('<polyline fill="none" stroke="{}" stroke-width="2" points="{}"><title>{}</title></polyline>', SERIES_COLOURS[1],
                             " ".join(xy(row["date"], row["places_available"]) for row in rows), _("Places disponibles")))
    legend = ((SERIES_COLOURS[1], _("Places disponibles (relevés)")), (SERIES_COLOURS[2], _("Prévision (tirets) et intervalle à 95 % (zone)")))
    for index, (colour, label) in enumerate(legend):
        parts.append(format_html('<rect x="{}" y="4" width="12" height="12" fill="{}"/><text x="{}" y="15" font-size="12">{}</text>',
                                 left + index * 230, colour, left + index * 230 + 16, label))
    for day, anchor in ((first, "start"), (end, "end")):
        parts.append(format_html('<text x="{}" y="{}" font-size="11" text-anchor="{}">{}</text>', xy(day, 0).split(",")[0], height - 6,
                                 anchor, day.strftime("%d/%m/%Y")))
    parts.append("</svg>")
    return mark_safe("".join(parts))
