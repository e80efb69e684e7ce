"""The import template: the expected columns, one example row, and the accepted values of every coded column.

The CSV is the header and the example (semicolons, BOM, as French Excel opens
it, through the formula-safe writer); the XLSX adds a sheet "Valeurs
acceptées" and a drop-down list on each coded column pointing at it, so that a
file made from it passes the import.
"""

import datetime
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from logis.exports import XLSX_CONTENT_TYPE, download, neutralise

#: Rows of the template that get the drop-down lists.
VALIDATED_ROWS = 10000


def column_notes(columns, required, notes, accepted):
    """``[(column, required?, French note)]``: ``notes`` says what a column takes; a coded column lists ``accepted``."""
    notes = dict(notes)
    for column, values in accepted.items():
        notes[column] = _("une de ces valeurs : %(values)s") % {"values": ", ".join(values)}
    return [(column, column in required, notes.get(column, _("texte libre"))) for column in columns]


def template_csv(columns, example, filename):
    """The header and the ``example`` row (``{column: text}``)."""
    return download(list(columns), [[example.get(c, "") for c in columns]], filename, "csv")


def template_xlsx(columns, example, notes, accepted, filename, title, rows=None):
    """The template workbook, built in memory (a few kB); ``notes`` as from :func:`column_notes`.

    ``rows`` (value lists in column order), when given, pre-fill it instead of
    the example: a record's current lines, sent back edited (formula-guarded
    text, dates as dd/mm/yyyy).
    """
    from openpyxl import Workbook  # heavy, and only this download needs it
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = list(columns)
    book = Workbook()
    sheet = book.active
    sheet.title = str(title)[:31]
    sheet.append(columns)
    if rows is None:
        sheet.append([example.get(c, "") for c in columns])  # our own example: no formula to guard against
    for row in rows or ():
        sheet.append([neutralise(value) if isinstance(value, str) else value for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    values_sheet = book.create_sheet(_("Valeurs acceptées"))
    required = set()
    for index, (column, is_required, note) in enumerate(notes, start=1):
        values_sheet.cell(row=1, column=index, value=column)
        values_sheet.cell(row=2, column=index, value=(_("obligatoire") if is_required else _("facultatif")) + " — " + note)
        if is_required:
            required.add(column)
    for column, values in accepted.items():
        letter = get_column_letter(columns.index(column) + 1)
        for row, value in enumerate(values, start=3):
            values_sheet.cell(row=row, column=columns.index(column) + 1, value=value)
        source = f"{quote_sheetname(values_sheet.title)}!${letter}$3:${letter}${2 + len(values)}"
        validation = DataValidation(type="list", formula1=source, allow_blank=column not in required,
                                    error=_("Choisissez une valeur de la liste."), showErrorMessage=True)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
