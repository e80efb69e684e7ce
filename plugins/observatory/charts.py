"""A server-rendered SVG bar chart of consolidated units by checkpoint and kind; no script, no network.

Each bar's value is also in the data table printed beside the chart
(``templates/observatory/consolidation.html``): the chart is a picture of
that table, hidden cells included (drawn as an empty, labelled slot).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from plugins.observatory.consolidation import ALL
from plugins.observatory.models import OperationKind

WIDTH, HEIGHT, MARGIN, LEGEND = 640, 240, 36, 20
COLOURS = {"new_build": "#000091", "acquisition_improvement": "#6a6af4", "rehabilitation": "#c9191e", ALL: "#666666"}
UNITS = 1  # index of the units in a cell's figures (after the number of operations)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str
    hidden: bool


def units_chart(result, campaign, territory=ALL):
    """Bars of units per checkpoint, by kind then all kinds together, for one territory of one campaign."""
    dues = result.checkpoints.get(campaign) or []
    kinds = [*((k.value, k.label) for k in OperationKind), (ALL, _("Toutes natures"))]
    values = [[result.cell(campaign, territory, k, p) for k, _label in kinds] for p in range(len(dues))]
    top = max([c.figures[UNITS] if c.figures else 0 for group in values for c in group] + [1])
    slot = (WIDTH - 2 * MARGIN) / max(len(dues), 1)
    width = slot / (len(kinds) + 1)
    bars = []
    for p, group in enumerate(values):
        for i, ((kind, kind_label), cell) in enumerate(zip(kinds, group)):
            units = cell.figures[UNITS] if cell.figures else 0
            height = (HEIGHT - 2 * MARGIN) * units / top
            label = f"{dues[p]:%d/%m} — {kind_label} : " + (_("secret") if cell.hidden else f"{units}")
            bars.append(Bar(MARGIN + p * slot + i * width, HEIGHT - MARGIN - height, width * 0.9, height,
                            COLOURS[kind], label, cell.hidden))
    return {"bars": bars, "top": top, "width": WIDTH, "height": HEIGHT, "baseline": HEIGHT - MARGIN,
            "ticks": [(MARGIN + p * slot + slot / 2, f"{due:%d/%m}") for p, due in enumerate(dues)],
            "legend": [(label, COLOURS[k]) for k, label in kinds]}
