"""The one-pass import: each row read, checked and converted once, the valid ones written by batches, or nothing.

Rows are checked as the file streams by; every ``batch_size`` valid rows,
the records they update are looked up through the importer's scope
(``Scope.in_bulk``) and the batch is written while the mode allows it. The
whole import runs in a savepoint: when the file turns out to hold a problem
and the mode is all or nothing (or the file breaks off, or the process
stops), the batches already written are rolled back with it. Memory stays
flat for 100,000 rows: a batch, and the keys seen so far. A key held outside
the importer's scope is refused without telling more: such a record does
not exist for him, and cannot be created again either.
"""

import gc

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logis.imports.cells import Cells
from logis.imports.files import FileRejected, Table
from logis.imports.report import ALL_OR_NOTHING, Report

BATCH = 500
#: Rows between two "checking" steps of the progress bar.
PROGRESS_EVERY = 1000


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
        """Check and write ``data`` (a CSV/XLSX file: a binary stream, or bytes) unless the mode forbids; return the report."""
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
        gc.freeze()  # see _Pass
        try:
            with transaction.atomic():
                written = _Pass(self, table, report).run()
                report.applied = written and report.writes
                if written and not report.applied:  # a problem after batches were written: they are undone
                    transaction.set_rollback(True)
                    report.created = report.updated = report.unchanged = 0
        finally:
            gc.unfreeze()
        return report


class _Pass:
    """The rows of one file, read once: ``first_line`` (key → its line), the batch waiting, the keys found hidden.

    It runs with the objects that existed before it frozen out of the garbage
    collector (``gc.freeze``): the import allocates a few objects per cell,
    which triggers full collections, and each one would walk every object of
    Django, Wagtail and the plugins again (a fifth of an import's time).
    """

    def __init__(self, importer, table, report):
        self.importer, self.table, self.report = importer, table, report
        self.first_line, self.batch, self.hidden = {}, [], []
        self.written = False

    def run(self):
        """Whether any batch was written; problems, counts and the hidden keys' refusals are in the report."""
        report, key = self.report, self.importer.key
        try:
            for line, row in self.table.rows():
                report.rows += 1
                cells = Cells(line, row, report)
                values = self.importer.check(cells)
                value = row.get(key)
                if value and value in self.first_line:
                    cells.problem(key, self.importer.duplicate_message % {"key": value, "line": self.first_line[value]})
                elif value:
                    self.first_line[value] = line
                if cells.ok:
                    self.batch.append((line, values))
                    if len(self.batch) >= self.importer.batch_size:
                        self.flush()
                if report.rows % PROGRESS_EVERY == 0:
                    total = self.table.estimated_rows
                    self.importer.progress(min(report.rows, total), total, _("Vérification des lignes"))
            self.flush()
        except FileRejected as error:
            report.refuse_file(report.rows + 2, str(error))
        for line, value in sorted(self.hidden):
            # Refused in the dry run as in the real run, and counted nowhere: the report tells nothing of that record.
            report.add(line, key, self.importer.out_of_scope_message % {"key": value})
        self.importer.progress(report.valid, report.valid, _("Import terminé"))
        return self.written

    def writing(self):
        """Whether a batch may be written now: never in a dry run, and in all-or-nothing mode only while no problem was found."""
        report = self.report
        return not report.dry_run and not (report.mode == ALL_OR_NOTHING and (report.problem_count or self.hidden))

    def flush(self):
        """Look the batch's keys up through the scope, count, and write it while the mode allows."""
        importer, report, key = self.importer, self.report, self.importer.key
        if not self.batch:
            return
        existing, hidden = importer.existing([values[key] for _line, values in self.batch])
        self.hidden.extend((line, values[key]) for line, values in self.batch if values[key] in hidden)
        batch = [values for _line, values in self.batch if values[key] not in hidden]
        self.batch = []
        report.to_update += len(existing)
        report.to_create += len(batch) - len(existing)
        if batch and self.writing():
            importer.write(batch, existing, report)
            self.written = True
            done = report.created + report.updated + report.unchanged
            importer.progress(done, max(done, self.table.estimated_rows), importer.writing_message)
