"""Reading a sheet's operations back from its template, through the core import kit, all or nothing.

:class:`logis.imports.FileImport` checks the file (size, type, a workbook
that would unzip far beyond its size, headers) and every cell with the kit's
parsers, with French problems by line and column; then the operations replace
the sheet's through ``rules.replace_operations`` in one transaction. A file
with one problem writes nothing. A formula is refused in every cell, and so is
a cell far longer than any value of the sheet.
"""

import re

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logis.imports import ALL_OR_NOTHING, FileImport, FileRejected, Report
from logis.imports.cells import choice, choices, date, integer, text
from logis.territories.resolve import Unresolved
from plugins.observatory import rules
from plugins.observatory.models import MAX_EUROS, MAX_UNITS, Operation, OperationKind
from plugins.observatory.sheet_template import COLUMNS, NAMES, REQUIRED

MAX_BYTES = 1_000_000
MAX_OPERATIONS = 500
#: No value of a sheet is longer (a reference has 40 characters): a longer cell is refused unread.
MAX_CELL = 100
FORMULA = "="
OFFICIAL_CODE = re.compile(r"^(\d{5}|2[ABab]\d{3})$")
COLUMN_OF = {field: header for header, field in COLUMNS}


class SheetReport(Report):
    done_message = gettext_lazy("%(created)d opération(s) ajoutée(s), %(updated)d remplacée(s) ; "
                                "les opérations absentes du fichier sont retirées de la fiche.")


class SheetImport(FileImport):
    """One file of one sheet's operations: the file's operations replace the sheet's."""

    columns, required, key, report_class = NAMES, REQUIRED, "reference", SheetReport
    batch_size = MAX_OPERATIONS  # one batch: the whole sheet is replaced at once
    duplicate_message = gettext_lazy("Référence « %(key)s » déjà utilisée ligne %(line)d du fichier.")

    def __init__(self, sheet, scope):
        super().__init__(scope, max_bytes=MAX_BYTES, mode=ALL_OR_NOTHING)
        self.sheet = sheet
        self.kinds = choice(choices(OperationKind))
        self.communes = rules.communes_of(sheet.department)
        self.resolved = {}

    def queryset(self):
        return Operation.objects.filter(sheet=self.sheet)

    def check(self, cells):
        """An operation's field values from one row, then the sheet's rules on it."""
        if cells.line > MAX_OPERATIONS + 1:
            raise FileRejected(_("Une fiche compte au plus %(max)s opérations.") % {"max": MAX_OPERATIONS})
        bad = [column for column, value in cells.row.items() if len(value) > MAX_CELL or value.startswith(FORMULA)]
        for column in bad:
            value = cells.row[column]
            cells.problem(column, _("Formule refusée : saisissez la valeur elle-même.") if len(value) <= MAX_CELL else
                          _("Cellule trop longue (%(length)d caractères, %(max)d au plus).") % {"length": len(value), "max": MAX_CELL})
        if bad:
            return {}
        cells.require(REQUIRED)
        euros = integer(minimum=0, maximum=MAX_EUROS)
        values = {
            "reference": cells.get("reference", text(40, _("Référence trop longue (%(length)d caractères, %(max)d au plus).")), ""),
            "kind": cells.get("nature", self.kinds), "units": cells.get("logements", integer(minimum=1, maximum=MAX_UNITS)),
            "cost": cells.get("cout_total", euros), "subsidies": cells.get("subventions", euros, 0),
            "loans": cells.get("prets", euros, 0), "equity": cells.get("fonds_propres", euros, 0),
            "started_on": cells.get("mise_en_chantier", date), "finished_on": cells.get("livraison", date),
            "commune": self._commune(cells),
        }
        if cells.ok:
            for field, problems in rules.check_operation(Operation(sheet=self.sheet, **values), self.sheet, self._commune_ids()).items():
                for problem in problems:
                    cells.problem(COLUMN_OF.get(field, ""), problem)
        return values

    def _commune(self, cells):
        """The commune through the core resolver, among the sheet's department's: INSEE code or name."""
        name = cells.get("commune", default="")
        if not name:
            return None
        if name not in self.resolved:
            try:
                self.resolved[name] = self.communes.resolve(**({"code": name} if OFFICIAL_CODE.match(name) else {"name": name}))
            except Unresolved as error:
                self.resolved[name] = error
        found = self.resolved[name]
        if isinstance(found, Unresolved):
            cells.problem("commune", str(found))
            return None
        if found.note:
            cells.note("commune", found.note)
        return found.commune

    def _commune_ids(self):
        return {r.commune.pk for r in self.resolved.values() if not isinstance(r, Unresolved)}

    def write(self, batch, existing, report):
        created = rules.replace_operations(self.sheet, [Operation(**values) for values in batch])
        report.updated = len(existing)
        report.created = len(created) - len(existing)


def import_sheet(sheet, scope, name, data):
    """Check ``data`` (the file ``name``), then replace ``sheet``'s operations by its own, in one transaction; the report."""
    with transaction.atomic():
        return SheetImport(sheet, scope).run(name, data)
