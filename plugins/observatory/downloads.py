"""The consolidated figures as CSV or XLSX, written by the core's formula-safe writer (``logis.exports``).

A download carries exactly the rows the screen and the API show: the same
suppressed cube, hidden cells marked "secret" (secret statistique), never a
figure the reader could not see on screen.
"""

from django.utils.translation import gettext as _

from logis.exports import download
from plugins.observatory.consolidation import ALL, rows
from plugins.observatory.models import OperationKind

SECRET = "secret"


def headers():
    return [_("Campagne"), _("Point d'étape"), _("Code du territoire"), _("Territoire"), _("Nature"), _("Organisations"),
            _("Opérations"), _("Logements"), _("Coût total (€)"), _("Subventions (€)"), _("Prêts (€)"), _("Fonds propres (€)")]


def kind_label(kind):
    return _("Toutes natures") if kind == ALL else str(OperationKind(kind).label)


def table(result, level):
    """The export's lines: one per published or hidden cell, in the screen's order."""
    for row in rows(result, level):
        code = row.territory.rsplit("/", 1)[-1] if row.territory else "FR"
        period = row.period if row.checkpoint else _("année")
        figures = [SECRET] * 7 if row.figures is None else [row.organisations, *row.figures]
        yield [row.campaign, period, code, row.territory_name, kind_label(row.kind), *figures]


def consolidated_download(result, level, fmt):
    return download(headers(), table(result, level), f"observatoire-{level}", fmt, title=_("Chiffres consolidés"))
