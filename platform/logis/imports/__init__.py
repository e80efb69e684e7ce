"""The core import kit: every plugin that imports a spreadsheet builds on it.

- :class:`FileImport` — the one-pass import (each row checked once, the valid
  ones written by batches in a savepoint, records matched by natural key
  through the importer's scope a batch at a time). A plugin subclasses it:
  ``columns``, ``required``, ``key``, and ``queryset()``, ``check(cells)``,
  ``write(batch, existing, report)``.
- :class:`Report` — problems by line and column, counts, French summary;
  :data:`ALL_OR_NOTHING` / :data:`VALID_ROWS` modes.
- :mod:`logis.imports.cells` — cell parsers (``integer``, ``decimal``,
  ``date``, ``yes_no``, ``email``, ``text``, ``choice``, the ``phone`` hook),
  ``cached`` (a parser remembering the file's values) and :class:`Cells`,
  which applies them to one row.
- :class:`Table`, :func:`check_file`, :exc:`FileRejected`,
  :func:`normalise_label` — reading CSV (encoding and separator detected) and
  XLSX from a stream (the storage's open file) or bytes, the formula guard
  read backwards (:func:`as_typed`).
- :func:`error_file` — the user's file with a "problème" column;
  :func:`template_csv`, :func:`template_xlsx`, :func:`column_notes` — the template.
"""

from logis.imports.cells import Cells, CellError
from logis.imports.error_file import error_file
from logis.imports.files import IGNORED, FileRejected, Table, as_typed, check_file, normalise_label
from logis.imports.report import ALL_OR_NOTHING, VALID_ROWS, Report
from logis.imports.runner import BATCH, FileImport
from logis.imports.template import column_notes, template_csv, template_xlsx

__all__ = [
    "ALL_OR_NOTHING", "BATCH", "IGNORED", "VALID_ROWS", "CellError", "Cells", "FileImport", "FileRejected", "Report", "Table",
    "as_typed", "check_file", "column_notes", "error_file", "normalise_label", "template_csv", "template_xlsx",
]
