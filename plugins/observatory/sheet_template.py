"""The XLSX template of a sheet's operations: the columns the import reads, the current operations pre-filled.

Downloading the template, editing it and uploading it back gives the same
sheet (the round trip ``tests/plugins/observatory/test_sheet_import.py`` checks).
Cells are written through the core exporter's rules: text never becomes a formula.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from logis.exports import neutralise
from plugins.observatory.models import OperationKind

#: (column header, Operation field): the order of the template, the names the import expects.
COLUMNS = [
    ("reference", "reference"), ("nature", "kind"), ("logements", "units"), ("cout_total", "cost"),
    ("subventions", "subsidies"), ("prets", "loans"), ("fonds_propres", "equity"),
    ("mise_en_chantier", "started_on"), ("livraison", "finished_on"),
]
SHEET_TITLE = "Opérations"
DATE_FORMAT = "DD/MM/YYYY"


def template_bytes(sheet):
    workbook = Workbook()
    table = workbook.active
    table.title = SHEET_TITLE
    table.append([header for header, _field in COLUMNS])
    for operation in sheet.operations.all():
        table.append([neutralise(operation.reference), str(operation.get_kind_display()), operation.units, operation.cost,
                      operation.subsidies, operation.loans, operation.equity, operation.started_on, operation.finished_on])
    for column in ("H", "I"):
        for cell in table[column][1:]:
            cell.number_format = DATE_FORMAT
    choices = ",".join(str(label) for label in OperationKind.labels)
    kinds = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=False,
                           error=_("Choisissez une nature dans la liste."), showErrorMessage=True)
    table.add_data_validation(kinds)
    kinds.add("B2:B501")
    help_sheet = workbook.create_sheet(_("Aide"))
    help_sheet.append([_("Une ligne par opération ; montants en euros, sans décimales ; dates jj/mm/aaaa dans l'année de la campagne.")])
    help_sheet.append([_("Le plan de financement (subventions + prêts + fonds propres) doit égaler le coût total.")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
