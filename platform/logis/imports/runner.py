"""The two-pass import: check every row first, then write the valid ones by batches, or nothing.

The first pass checks every cell and collects the report; the second (only
when something is to be written) reads the file again and hands the valid
rows to the plugin a batch at a time, with the records they update already
looked up through the importer's scope (``Scope.in_bulk``). Memory stays flat
for 100,000 rows. A key held outside the importer's scope is refused without
telling more: such a record does not exist for him, and cannot be created
again either. Run it inside a transaction (jobs and commands are): then the
writes are all or nothing at the database level too.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logis.imports.cells import Cells
from logis.imports.files import FileRejected, Table
from logis.imports.report import ALL_OR_NOTHING, Report

BATCH = 500


class FileImport:
    """One import of one file; a plugin subclasses it and fills in what its records need.

    Class attributes: ``columns`` (the canonical columns), ``required`` (the
    columns that must be present and filled), ``key`` (the model field of the
    natural key, read from the file column of the same name), ``report_class``.
    Methods to write: :meth:`queryset`, :meth:`check` and :meth:`write`.
    """

    columns = ()
    required = ()
    key = "reference"
    report_class = Report
    batch_size = BATCH
    out_of_scope_message = gettext_lazy("Référence « %(key)s » hors de votre territoire.")
    duplicate_message = gettext_lazy("Référence « %(key)s » déjà utilisée ligne %(line)d du fichier.")
    writing_message = gettext_lazy("Enregistrement des lignes")

    def __init__(self, scope, *, max_bytes, mode=ALL_OR_NOTHING, dry_run=False, mapping=None, progress=None):
        """``scope``: the importer's :class:`~logis.accounts.scoping.Scope` for the import permission.

        ``mapping``: ``{normalised header: column}`` remembered for the
        organisation; ``progress(done, total, message)``: usually
        :func:`logis.jobs.queue.report_progress`.
        """
        self.scope, self.max_bytes, self.mode, self.dry_run = scope, max_bytes, mode, dry_run
        self.mapping = dict(mapping or {})
        self.progress = progress or (lambda done, total, message: None)

    def queryset(self):
        """The records the file's keys are matched against, before scoping (e.g. one organisation's)."""
        raise NotImplementedError

    def check(self, cells):
        """The field values of one row read through ``cells`` (:class:`~logis.imports.Cells`); problems go there."""
        raise NotImplementedError

    def write(self, batch, existing, report):
        """Write a batch of checked values; ``existing`` maps keys to the records in scope. Count into ``report``."""
        raise NotImplementedError

    def table(self, name, data):
        return Table(name, data, self.max_bytes, self.columns, self.required, self.mapping)

    def existing(self, keys):
        """``(found, hidden)``: records with these keys in the importer's scope, and keys held outside it."""
        return self.scope.in_bulk(self.queryset(), self.key, keys)

    def run(self, name, data):
        """Check ``data`` (a CSV/XLSX file's bytes), then write it unless the mode forbids; return the report."""
        report = self.report_class(file=name, mode=self.mode, dry_run=self.dry_run, mapping=self.mapping)
        try:
            table = self.table(name, data)
        except FileRejected as error:
            report.refuse_file(1, str(error))
            return report
        report.labels, report.unknown_columns = table.labels, table.unknown
        for line, column, message in table.problems:
            report.add(line, column, message)
        if table.problems:
            report.file_problem = True
            return report
        first_line = {}
        try:
            self._check_rows(table, report, first_line)
        except FileRejected as error:
            report.refuse_file(report.rows + 2, str(error))
            return report
        valid = {key for key, line in first_line.items() if line not in report.invalid_lines}
        existing, hidden = self.existing(valid)
        for key in sorted(hidden, key=first_line.get):
            # Refused in the dry run as in the real run, and counted nowhere: the report tells nothing of that record.
            report.add(first_line[key], self.key, self.out_of_scope_message % {"key": key})
        report.to_update = len(existing)
        report.to_create = len(valid) - len(existing) - len(hidden)
        if report.writes and valid - hidden:
            self._apply(name, data, report)
            report.applied = True
        return report

    def _check_rows(self, table, report, first_line):
        """First pass: every row checked, keys seen once (``first_line``: key → its line)."""
        for line, row in table.rows():
            report.rows += 1
            self.check(Cells(line, row, report))
            key = row.get(self.key)
            if key and key in first_line:
                report.add(line, self.key, self.duplicate_message % {"key": key, "line": first_line[key]})
            elif key:
                first_line[key] = line
            if report.rows % 1000 == 0:
                self.progress(min(report.rows, table.estimated_rows), table.estimated_rows, _("Vérification des lignes"))

    def _apply(self, name, data, report):
        """Second pass: the valid rows, checked again into a scratch report, written by batches."""
        scratch = self.report_class(file=name)
        batch, total = [], report.valid
        for line, row in self.table(name, data).rows():
            if line in report.invalid_lines:
                continue
            batch.append(self.check(Cells(line, row, scratch)))
            if len(batch) >= self.batch_size:
                self._write(batch, report)
                batch = []
                self.progress(report.created + report.updated + report.unchanged, total, self.writing_message)
        if batch:
            self._write(batch, report)
        self.progress(total, total, _("Import terminé"))

    def _write(self, batch, report):
        existing, _hidden = self.existing([values[self.key] for values in batch])
        self.write(batch, existing, report)
