"""The template of a sheet's operations: the columns the import reads, the sheet's current operations pre-filled.

Built by the core import kit (:func:`logis.imports.template_xlsx`): a drop-down
of the accepted kinds, a sheet of notes, formula-guarded text. Downloading the
template, editing it and uploading it back gives the same sheet (the round
trip ``tests/plugins/observatory/test_sheet_import.py`` checks).
"""

from django.utils.translation import gettext as _

from logis.imports import column_notes, template_xlsx
from plugins.observatory.models import OperationKind

#: (column header, Operation field): the order of the template, the names the import expects.
COLUMNS = [
    ("reference", "reference"), ("nature", "kind"), ("logements", "units"), ("cout_total", "cost"),
    ("subventions", "subsidies"), ("prets", "loans"), ("fonds_propres", "equity"),
    ("mise_en_chantier", "started_on"), ("livraison", "finished_on"), ("commune", "commune"),
]
NAMES = [header for header, _field in COLUMNS]
REQUIRED = ("reference", "nature", "logements", "cout_total")


def notes():
    return column_notes(NAMES, REQUIRED, {
        "logements": _("nombre entier, de 1 à 10 000"),
        "cout_total": _("euros sans décimales ; subventions + prêts + fonds propres = coût total"),
        "subventions": _("euros sans décimales (0 si vide)"), "prets": _("euros sans décimales (0 si vide)"),
        "fonds_propres": _("euros sans décimales (0 si vide)"),
        "mise_en_chantier": _("jj/mm/aaaa, dans l'année de la campagne (ou la livraison)"),
        "livraison": _("jj/mm/aaaa, dans l'année de la campagne"),
        "commune": _("code INSEE ou nom d'une commune du département de la fiche : situe l'opération dans son EPCI"),
    }, {"nature": [str(label) for label in OperationKind.labels]})


def template_response(sheet):
    """The sheet's template as an XLSX download, its operations in it."""
    rows = [[o.reference, str(o.get_kind_display()), o.units, o.cost, o.subsidies, o.loans, o.equity, o.started_on, o.finished_on,
             o.commune.code if o.commune else ""] for o in sheet.operations.select_related("commune")]
    return template_xlsx(NAMES, {}, notes(), {"nature": [str(label) for label in OperationKind.labels]},
                         f"fiche-{sheet.campaign.code}-{sheet.department.code}", _("Opérations"), rows=rows)
