"""Cell parsers: a cell's text to a value, or :class:`CellError` with a French message quoting the cell.

Each parser is a function of the text (a factory where it takes bounds:
``integer(minimum=1)``). :class:`Cells` applies them to one row and writes
the problems into the report, so a plugin's row check reads as a list of
columns. Empty cells are never parsed: they give the default.
"""

import datetime
import decimal as _decimal
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from logis.imports.files import normalise_label

YES = frozenset({"oui", "o", "x", "1", "vrai", "yes", "y", "true"})
NO = frozenset({"non", "n", "0", "faux", "no", "false"})
DATE_PATTERNS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
_INTEGER = re.compile(r"^-?\d{1,18}$")  # 18 digits: always inside the database's 64-bit integers
_DECIMAL = re.compile(r"^-?\d{1,15}([.,]\d{1,6})?$")


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message is French and quotes the cell."""


def _bounded(value, text, minimum, maximum):
    if minimum is not None and value < minimum:
        raise CellError(_("Le nombre doit être au moins %(minimum)s (« %(value)s »).") % {"minimum": minimum, "value": text})
    if maximum is not None and value > maximum:
        raise CellError(_("Le nombre doit être au plus %(maximum)s (« %(value)s »).") % {"maximum": maximum, "value": text})
    return value


def integer(minimum=None, maximum=None):
    """A whole number within the bounds (never beyond 18 digits); French thousands separators (``1 200 000``) read."""

    def parse(text):
        compact = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        if not _INTEGER.match(compact):
            raise CellError(_("« %(value)s » n'est pas un nombre entier.") % {"value": text})
        return _bounded(int(compact), text, minimum, maximum)

    return parse


def decimal(minimum=None, maximum=None):
    """A decimal number, French comma or dot (``12,5``), as :class:`decimal.Decimal`."""

    def parse(text):
        compact = text.replace(" ", "").replace("\u00a0", "")
        if not _DECIMAL.match(compact):
            raise CellError(_("« %(value)s » n'est pas un nombre.") % {"value": text})
        return _bounded(_decimal.Decimal(compact.replace(",", ".")), text, minimum, maximum)

    return parse


def date(text):
    """dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy) or ISO yyyy-mm-dd, as XLSX dates come out of :class:`~logis.imports.Table`."""
    for pattern in DATE_PATTERNS:
        try:
            return datetime.datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    raise CellError(_("Date « %(value)s » invalide : écrivez jj/mm/aaaa (ou aaaa-mm-jj).") % {"value": text})


def yes_no(text):
    """``oui``/``non`` and their usual spellings (``x``, ``1``, ``vrai``…) as a boolean."""
    word = normalise_label(text)
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(_("Répondez « oui » ou « non » (« %(value)s »).") % {"value": text})


def email(text):
    """An e-mail address, lower-cased."""
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("Adresse électronique « %(value)s » invalide.") % {"value": text}) from None
    return text.lower()


def text(max_length, message=None):
    """Free text of at most ``max_length`` characters: refused, never cut (two cut keys could collide).

    ``message`` may name the column (``"Référence trop longue (%(length)d caractères, %(max)d au plus)."``).
    """

    def parse(value):
        if len(value) > max_length:
            template = message or _("Texte trop long (%(length)d caractères, %(max)d au plus).")
            raise CellError(template % {"length": len(value), "max": max_length})
        return value

    return parse


def choices(enum, synonyms=None):
    """``{normalised label: value}`` for a Django ``TextChoices``: its values, its labels and the plugin's synonyms."""
    table = {normalise_label(value): value for value in enum.values}
    table.update({normalise_label(label): value for value, label in enum.choices})
    table.update({normalise_label(word): value for word, value in (synonyms or {}).items()})
    return table


def choice(table):
    """One of the values of ``table`` (built by :func:`choices`), whatever the case and accents."""

    def parse(text):
        value = table.get(normalise_label(text))
        if value is None:
            raise CellError(_("Valeur « %(value)s » non reconnue.") % {"value": text})
        return value

    return parse


def phone(normalise):
    """The phone hook: ``normalise(text)`` is the plugin's own reader, raising ``ValueError`` with a French message."""

    def parse(text):
        try:
            return normalise(text)
        except ValueError as error:
            raise CellError(str(error)) from None

    return parse


class Cells:
    """One row read with the parsers; each bad cell becomes a problem of ``report`` on this row.

    A NUL character is refused in any cell (PostgreSQL cannot store it).
    ``ok`` tells whether the row had no problem.
    """

    def __init__(self, line, row, report):
        self.line, self.row, self.report = line, row, report
        self._problems_before = report.problem_count
        for column, value in row.items():
            if "\x00" in value:
                self.problem(column, _("Caractère nul interdit : enregistrez le fichier en « CSV UTF-8 »."))

    def get(self, column, parse=None, default=None):
        """The parsed value of ``column``; ``default`` when the cell is empty or wrong."""
        value = self.row.get(column, "")
        if not value or parse is None:
            return value or default
        try:
            return parse(value)
        except CellError as error:
            self.problem(column, str(error))
            return default

    def require(self, columns):
        """A problem for each of ``columns`` left empty."""
        for column in columns:
            if not self.row.get(column):
                self.problem(column, _("Valeur obligatoire manquante."))

    def problem(self, column, message):
        self.report.add(self.line, column, message)

    def note(self, column, message):
        self.report.note(self.line, column, message)

    @property
    def ok(self):
        return self.report.problem_count == self._problems_before
