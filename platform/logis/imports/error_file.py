"""The import report as the user's own file: every row and column as sent, plus a "problème" column.

The user fixes the cells the new column points at and sends the file again;
:class:`~logis.imports.Table` ignores that column and reads back what the
formula-safe writer neutralised.
"""

from django.utils.translation import gettext as _

from logis.exports import download
from logis.imports.files import raw_rows

PROBLEM_COLUMN = "problème"


def problems_by_line(problems):
    """``{line: "column : message ; ..."}`` from the report's problems."""
    lines = {}
    for problem in problems:
        text = f"{problem['column']} : {problem['message']}" if problem["column"] else problem["message"]
        lines.setdefault(problem["line"], []).append(text)
    return {line: " ; ".join(texts) for line, texts in lines.items()}


def error_file(name, data, problems, fmt, filename="lignes-a-corriger", title=None):
    """The original file (``name``, ``data``) in ``fmt`` with the problems of each line in a last column."""
    by_line = problems_by_line(problems)
    rows = raw_rows(name, data)
    header = next(rows, [])
    header_note = PROBLEM_COLUMN + (f" ({_('en-têtes')} : {by_line[1]})" if 1 in by_line else "")

    def body():
        for line, cells in enumerate(rows, start=2):
            if any(str(cell).strip() for cell in cells):
                yield [*cells, *[""] * (len(header) - len(cells)), by_line.get(line, "")]

    return download([*header, header_note], body(), filename, fmt, title=title or _("Lignes à corriger"))
