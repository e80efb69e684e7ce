"""CSV and XLSX downloads that a spreadsheet cannot turn into formulas.

Every export of the platform and of its plugins goes through :func:`download`,
or :func:`download_table` when the export is a list of ``(label, accessor)`` columns.
A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is prefixed with an apostrophe (OWASP's advice against CSV injection),
so ``=HYPERLINK(...)`` typed into a name shows as text and never runs. Dates
come out as dd/mm/yyyy, booleans as oui/non; the CSV is UTF-8 with a BOM and
semicolons, which French Excel opens by double-click. Wagtail's own list
exports (``?export=csv`` on viewsets, ModelAdmin, reports, form submissions)
are routed here too, by :func:`wagtail_list_export`.
"""

import csv
import datetime
import io
from collections.abc import Mapping

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def neutralise(text):
    """``text`` as a spreadsheet will show it, never as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _local(value):
    return timezone.localtime(value) if timezone.is_aware(value) else value


def display_date(value):
    """dd/mm/yyyy, with HH:MM in local time for a moment; "" for nothing (screens use it too)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return date_format(_local(value), "d/m/Y H:i")
    return date_format(value, "d/m/Y")


def cell_text(value):
    """A value as CSV text: dd/mm/yyyy dates, oui/non, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.date):
        return display_date(value)
    if isinstance(value, (int, float)):
        return str(value)
    return neutralise(str(value))


def _xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, datetime.datetime):
        cell = WriteOnlyCell(sheet, _local(value).replace(tzinfo=None))
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        cell = WriteOnlyCell(sheet, value)
    else:
        cell = WriteOnlyCell(sheet, cell_text(value))
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    return cell


def csv_lines(headers, rows):
    """The CSV text, line by line (BOM first), for a streaming response."""

    class _Line:
        def write(self, text):
            return text

    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow([cell_text(h) for h in headers])
    for row in rows:
        yield writer.writerow([cell_text(value) for value in row])


def xlsx_bytes(headers, rows, title):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=neutralise(str(title))[:31] or "Export")
    sheet.append([_xlsx_cell(sheet, h) for h in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(headers, rows, filename, fmt="csv", title=None):
    """An attachment in ``fmt`` (``csv``, streamed, or ``xlsx``) named ``filename`` + today's date.

    ``rows`` is any iterable of sequences (a generator over ``.iterator()``
    keeps memory flat for the CSV).
    """
    if fmt not in FORMATS:
        raise ValueError(f"Format d'export inconnu : {fmt}")
    stamped = f"{filename}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(xlsx_bytes(headers, rows, title or filename), content_type=XLSX_CONTENT_TYPE)
    else:
        response = StreamingHttpResponse(csv_lines(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stamped}"'
    return response


def column_value(obj, accessor):
    """``accessor`` applied to ``obj``: a function of it, a dict key, or a dotted attribute (``"commune.name"``)."""
    if callable(accessor):
        return accessor(obj)
    if isinstance(obj, Mapping):
        return obj[accessor]
    for name in accessor.split("."):
        obj = getattr(obj, name)
    return obj


def download_table(columns, objects, filename, fmt="csv", title=None):
    """:func:`download` of ``objects`` through ``columns``, ``[(label, accessor)]``: each column written once.

    ``objects`` is any iterable (``queryset.iterator()`` keeps memory flat);
    accessors are as :func:`column_value` reads them.
    """
    rows = ([column_value(obj, accessor) for _label, accessor in columns] for obj in objects)
    return download([label for label, _accessor in columns], rows, filename, fmt, title)


_RAW_TYPES = (type(None), bool, int, float, datetime.date)


def wagtail_list_export(view, queryset, spreadsheet_format):
    """Wagtail's ``SpreadsheetExportMixin.as_spreadsheet``, written by :func:`download`.

    Installed on the mixin by ``logis.wagtail_hooks``, so that no export of
    Wagtail (viewsets, ModelAdmin, reports such as the site history, form
    submissions) can write a cell of its own. Dates, numbers and booleans are
    handed over raw for :func:`cell_text`; other values go through the view's
    own preprocessing (lists joined, objects as text).
    """

    def value(field, raw):
        if field not in view.custom_field_preprocess and isinstance(raw, _RAW_TYPES):
            return raw
        return view.preprocess_field_value(field, raw, spreadsheet_format)

    fields = list(view.list_export)
    headers = [view.get_heading(queryset, field) for field in fields]
    rows = ([value(field, raw) for field, raw in view.to_row_dict(item).items()] for item in queryset)
    return download(headers, rows, view.get_filename(), spreadsheet_format)
