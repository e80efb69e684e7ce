"""Reading a sheet's operations back from its XLSX template, all or nothing, with French errors by line and column.

The file is bounded before it is opened (size, one workbook, at most
``MAX_OPERATIONS`` lines); every cell is checked, then the operations replace
the sheet's through ``rules.replace_operations`` in one transaction: a file
with one problem writes nothing.
"""

import datetime
import io
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from plugins.observatory import rules
from plugins.observatory.models import Operation, OperationKind
from plugins.observatory.sheet_template import COLUMNS

MAX_BYTES = 1_000_000
MAX_OPERATIONS = 500
MAX_TEXT = 40
KINDS = {**{str(label).lower(): value for value, label in OperationKind.choices}, **{value: value for value in OperationKind.values}}
NUMBERS = ("units", "cost", "subsidies", "loans", "equity")
DATES = ("started_on", "finished_on")


class ImportRefused(ValidationError):
    """The file as a whole is refused (not a workbook, too big, wrong columns)."""


def _workbook(data):
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("Le fichier dépasse %(max)s Mo.") % {"max": MAX_BYTES // 1_000_000})
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportRefused(_("Ce fichier n'est pas un classeur XLSX : partez du modèle téléchargé."))
    try:
        # Formulas are read as their text (never evaluated) so that the cell checks refuse them.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise ImportRefused(_("Ce classeur est illisible : partez du modèle téléchargé.")) from None


def _number(value):
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError
        return value
    text = str(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not text.isdigit() or len(text) > 12:
        raise ValueError
    return int(text)


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(str(value).strip()[:10], "%d/%m/%Y").date()


def _cell(field, value):
    """The cell's value for ``field``; ValueError with a French message when it cannot be one."""
    if value in (None, ""):
        if field in DATES or field in ("subsidies", "loans", "equity"):
            return None if field in DATES else 0
        raise ValueError(_("cellule vide"))
    if field == "reference":
        text = str(value).strip()
        if len(text) > MAX_TEXT or text.startswith(("=", "+", "-", "@")):
            raise ValueError(_("référence de %(max)s caractères au plus, sans formule") % {"max": MAX_TEXT})
        return text
    if field == "kind":
        kind = KINDS.get(str(value).strip().lower())
        if kind is None:
            raise ValueError(_("nature inconnue (construction neuve, acquisition-amélioration ou réhabilitation)"))
        return kind
    try:
        return _number(value) if field in NUMBERS else _date(value)
    except (ValueError, TypeError):
        raise ValueError(_("nombre entier positif ou nul attendu") if field in NUMBERS else _("date jj/mm/aaaa attendue")) from None


def read_operations(data):
    """The operations in the file, unsaved; ImportRefused or ValidationError (one message per problem)."""
    table = _workbook(data).worksheets[0]
    lines = table.iter_rows(values_only=True, max_row=MAX_OPERATIONS + 2)
    headers = [str(h or "").strip().lower() for h in next(lines, ())][:len(COLUMNS) + 5]
    expected = [header for header, _field in COLUMNS]
    if [h for h in headers if h] != expected:
        raise ImportRefused(_("Colonnes attendues, dans cet ordre : %(columns)s.") % {"columns": ", ".join(expected)})
    operations, problems = [], []
    for number, line in enumerate(lines, start=2):
        if number > MAX_OPERATIONS + 1:
            raise ImportRefused(_("Une fiche compte au plus %(max)s opérations.") % {"max": MAX_OPERATIONS})
        if not any(v not in (None, "") for v in line):
            continue
        values = {}
        for (header, field), value in zip(COLUMNS, line):
            try:
                values[field] = _cell(field, value)
            except ValueError as error:
                problems.append(_("Ligne %(line)s, colonne %(column)s : %(problem)s.") % {"line": number, "column": header, "problem": error})
        operations.append(Operation(**values))
    if problems:
        raise ValidationError(problems)
    return operations


def import_sheet(sheet, data):
    """Replace ``sheet``'s operations by the file's; returns how many were read."""
    return len(rules.replace_operations(sheet, read_operations(data)))
