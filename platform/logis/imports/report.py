"""The import report: what a file holds, what is wrong with it (line, column, French message), what was written.

It travels as a dict (:meth:`Report.as_dict`) in the job's result, so the
status screen, the error file and ``logis <plugin> import --json`` all read
the same thing.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ALL_OR_NOTHING = "all_or_nothing"
VALID_ROWS = "valid_rows"
#: Problems and notes listed beyond this are counted only: a report of 100,000 bad rows stays readable.
MAX_LISTED_PROBLEMS = 1000


@dataclass
class Report:
    """Problems and counts of one import; a plugin names its records by overriding :attr:`done_message`.

    ``mode`` is :data:`ALL_OR_NOTHING` (one problem writes nothing) or
    :data:`VALID_ROWS` (the valid rows are written, the others listed).
    """

    done_message = gettext_lazy("%(created)d enregistrement(s) créé(s), %(updated)d mis à jour, "
                                "%(unchanged)d inchangé(s), %(skipped)d ligne(s) écartée(s).")

    file: str
    mode: str = ALL_OR_NOTHING
    dry_run: bool = False
    rows: int = 0
    invalid_lines: set = field(default_factory=set)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    problem_count: int = 0
    file_problem: bool = False
    to_create: int = 0
    to_update: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    applied: bool = False
    mapping: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)
    unknown_columns: list = field(default_factory=list)

    def add(self, line, column, message):
        """Count a problem; the column is named as the user's header wrote it. Line 1 is the header."""
        column = self.labels.get(column, column)
        self.problem_count += 1
        if line > 1:
            self.invalid_lines.add(line)
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append({"line": line, "column": column, "message": str(message)})

    def note(self, line, column, message):
        """Something the import understood and did (an old commune code resolved): told, not refused."""
        if len(self.notes) < MAX_LISTED_PROBLEMS:
            self.notes.append({"line": line, "column": column, "message": str(message)})

    def refuse_file(self, line, message):
        """The file as a whole cannot be imported (unreadable, bad header): nothing is written."""
        self.add(line, "", message)
        self.file_problem = True

    @property
    def valid(self):
        return self.rows - len(self.invalid_lines)

    @property
    def writes(self):
        """Whether the valid rows are to be written: not a dry run, and no problem unless mode "valid rows"."""
        return not self.dry_run and not self.file_problem and not (self.problem_count and self.mode == ALL_OR_NOTHING)

    def summary(self):
        if self.file_problem:
            return _("Le fichier n'a pas été importé : corrigez sa structure.")
        if self.dry_run:
            return _("Vérification seule : %(valid)d ligne(s) valide(s) sur %(rows)d, %(errors)d problème(s). Rien n'a été enregistré.") % {
                "valid": self.valid, "rows": self.rows, "errors": self.problem_count}
        if not self.applied:
            return _("Rien n'a été enregistré : %(errors)d problème(s) et le mode « tout ou rien » est choisi.") % {
                "errors": self.problem_count}
        return str(self.done_message) % {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged, "skipped": len(self.invalid_lines)}

    def as_dict(self):
        return {
            "file": self.file, "mode": self.mode, "dry_run": self.dry_run, "rows": self.rows, "valid": self.valid,
            "invalid": len(self.invalid_lines), "problem_count": self.problem_count, "problems": self.problems, "notes": self.notes,
            "to_create": self.to_create, "to_update": self.to_update, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "applied": self.applied, "summary": str(self.summary()),
            "unknown_columns": self.unknown_columns,
        }
