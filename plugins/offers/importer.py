"""Bulk import of offers: validate every row first, then apply in one transaction or not at all.

Two passes over the file keep memory flat for 100,000 rows: the first checks
every cell and collects the report; the second (only when something is to be
written) reads the file again and writes valid rows in batches with
``bulk_create``/``bulk_update``, plus one audit entry per offer written in
bulk too (see :mod:`logis.audit.bulk`). Rows are matched to existing
offers by ``reference`` within the organisation *and the importer's scope*
(``Scope.in_bulk``), so uploading the same file again updates instead of
duplicating, and a reference held outside the importer's territory is refused
without telling more: such an offer does not exist for him.
"""

import datetime
import re
from dataclasses import dataclass, field
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from logis.accounts.models import Territory
from logis.accounts.scoping import Scope
from logis.territories.resolve import Unresolved
from logis.audit import changes_between, record_many, snapshot
from plugins.offers import rules, search
from plugins.offers.models import AccommodationKind, ImportMapping, Offer, OffersSettings, ProviderKind
from plugins.offers.phones import InvalidPhone, normalise_phone
from plugins.offers.postcodes import postcode_problem
from plugins.offers.upload import REQUIRED_COLUMNS, FileRejected, Table, normalise_label

BATCH = 500
#: Longer references are refused row by row, never cut (two cut ones could collide after the duplicate check).
REFERENCE_LENGTH = Offer._meta.get_field("reference").max_length
MAX_LISTED_PROBLEMS = 1000
ALL_OR_NOTHING = "all_or_nothing"
VALID_ROWS = "valid_rows"

PROVIDER_SYNONYMS = {
    "particulier": ProviderKind.CITIZEN, "citoyen": ProviderKind.CITIZEN, "prive": ProviderKind.CITIZEN,
    "structure": ProviderKind.SHELTER, "chu": ProviderKind.SHELTER, "operateur": ProviderKind.SHELTER,
    "centre_d_hebergement": ProviderKind.SHELTER, "entreprise": ProviderKind.COMPANY, "hotel": ProviderKind.HOTEL,
    "centre_de_vacances": ProviderKind.HOLIDAY_CENTRE, "commune": ProviderKind.COMMUNE, "association": ProviderKind.ASSOCIATION,
}
ACCOMMODATION_SYNONYMS = {
    "chambre": AccommodationKind.ROOM, "appartement": AccommodationKind.FLAT, "studio": AccommodationKind.FLAT,
    "maison": AccommodationKind.HOUSE, "collectif": AccommodationKind.COLLECTIVE, "structure_collective": AccommodationKind.COLLECTIVE,
    "chambre_d_hotel": AccommodationKind.HOTEL_ROOM, "hotel": AccommodationKind.HOTEL_ROOM, "autre": AccommodationKind.OTHER,
}
YES = {"oui", "o", "x", "1", "vrai", "yes", "y", "true"}
NO = {"non", "n", "0", "faux", "no", "false", ""}
OFFICIAL_CODE = re.compile(r"^(\d{5}|2[ABab]\d{3})$")  # INSEE (Corsica: 2A/2B) or NIS
INTEGER = re.compile(r"^-?\d+$")
# column → model field, for the plain text and boolean columns.
TEXT_FIELDS = {"adresse": "street", "code_postal": "postcode", "nom_contact": "host_name", "remarques": "remarks"}
BOOL_FIELDS = {"pmr": "step_free", "animaux": "pets_allowed", "enfants": "children_welcome"}
WRITTEN_FIELDS = (
    "provider_kind", "accommodation_kind", "street", "postcode", "commune", "places_max", "places_available",
    "available_from", "available_until", "host_name", "host_email", "host_phone", "coordinator_email",
    "coordinator_phone", "step_free", "pets_allowed", "children_welcome", "remarks", "status", "vetted_at",
    "vetted_by", "withdrawn_at", "personal_data_erased_at",
)


def _choices(enum, synonyms):
    table = {normalise_label(value): value for value in enum.values}
    table.update({normalise_label(label): value for value, label in enum.choices})
    table.update(synonyms)
    return table


@dataclass
class Report:
    file: str
    mode: str
    dry_run: bool
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
        """Count a problem; the column is named as the user's header wrote it."""
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

    @property
    def valid(self):
        return self.rows - len(self.invalid_lines)

    def summary(self):
        if self.file_problem:
            return _("Le fichier n'a pas été importé : corrigez sa structure.")
        if self.dry_run:
            return _("Vérification seule : %(valid)d ligne(s) valide(s) sur %(rows)d, %(errors)d problème(s). Rien n'a été enregistré.") % {
                "valid": self.valid, "rows": self.rows, "errors": self.problem_count}
        if not self.applied:
            return _("Rien n'a été enregistré : %(errors)d problème(s) et le mode « tout ou rien » est choisi.") % {
                "errors": self.problem_count}
        return _("%(created)d offre(s) créée(s), %(updated)d mise(s) à jour, %(unchanged)d inchangée(s), "
                 "%(skipped)d ligne(s) écartée(s).") % {
            "created": self.created, "updated": self.updated, "unchanged": self.unchanged, "skipped": len(self.invalid_lines)}

    def as_dict(self):
        return {
            "file": self.file, "mode": self.mode, "dry_run": self.dry_run, "rows": self.rows, "valid": self.valid,
            "invalid": len(self.invalid_lines), "problem_count": self.problem_count, "problems": self.problems, "notes": self.notes,
            "to_create": self.to_create, "to_update": self.to_update, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "applied": self.applied, "summary": str(self.summary()),
            "unknown_columns": self.unknown_columns,
        }


def allowed_territories(organisation, scope=None):
    """Territories an organisation may hold offers in (its territory and mandate, with what lies below), within the importer's scope."""
    territories = Territory.objects.within(organisation.territory, *organisation.mandated_territories.all())
    return territories.filter(pk__in=scope.territories().values("pk")) if scope is not None else territories


class RowChecker:
    """Turns one row of text into offer field values, or problems."""

    def __init__(self, territories):
        self.territories = territories
        self.resolved = {}  # (commune, postcode) → Resolution or Unresolved: a file names few communes, many times
        self.providers = _choices(ProviderKind, PROVIDER_SYNONYMS)
        self.accommodations = _choices(AccommodationKind, ACCOMMODATION_SYNONYMS)

    def check(self, line, row, report):
        """``(values, ok)``: field values for a valid row; problems go to ``report``."""
        problems_before = report.problem_count
        values = {}
        for column in REQUIRED_COLUMNS:
            if not row.get(column):
                report.add(line, column, _("Valeur obligatoire manquante."))
        values["reference"] = row.get("reference", "")
        if len(values["reference"]) > REFERENCE_LENGTH:
            report.add(line, "reference", _("Référence trop longue (%(length)d caractères, %(max)d au plus).") % {
                "length": len(values["reference"]), "max": REFERENCE_LENGTH})
        for column, text in row.items():
            if "\x00" in text:
                report.add(line, column, _("Caractère nul interdit : enregistrez le fichier en « CSV UTF-8 »."))
        values["provider_kind"] = self._choice(line, row, "type_hebergeur", self.providers, report)
        values["accommodation_kind"] = self._choice(line, row, "type_logement", self.accommodations, report)
        commune = values["commune"] = self._commune(line, row.get("commune", ""), row.get("code_postal", ""), report)
        region = commune.country_code if commune else "FR"
        values["places_max"] = self._integer(line, row, "places_max", report, minimum=1)
        values["places_available"] = self._integer(line, row, "places_disponibles", report, minimum=0)
        if values["places_max"] is not None and values["places_available"] is not None and values["places_available"] > values["places_max"]:
            report.add(line, "places_disponibles", _("Plus de places disponibles (%(available)d) que de places au maximum (%(max)d).") % {
                "available": values["places_available"], "max": values["places_max"]})
        values["available_from"] = self._date(line, row, "disponible_du", report)
        values["available_until"] = self._date(line, row, "disponible_au", report)
        if values["available_from"] and values["available_until"] and values["available_until"] < values["available_from"]:
            report.add(line, "disponible_au", _("La fin de disponibilité précède son début."))
        for column, name in TEXT_FIELDS.items():
            values[name] = row.get(column, "")
        for column, name in BOOL_FIELDS.items():
            values[name] = self._boolean(line, row, column, report)
        values["host_email"] = self._email(line, row, "email_contact", report)
        values["coordinator_email"] = self._email(line, row, "email_coordinateur", report)
        values["host_phone"] = self._phone(line, row, "telephone_contact", region, report)
        values["coordinator_phone"] = self._phone(line, row, "telephone_coordinateur", region, report)
        problem = postcode_problem(values["postcode"], commune) if commune else None
        if problem:
            report.add(line, "code_postal", problem)
        if values["provider_kind"] == ProviderKind.CITIZEN and not (
            values["host_name"] and (values["host_email"] or values["host_phone"])
        ):
            report.add(line, "nom_contact", _("Pour l'offre d'un particulier, le nom et un courriel ou un téléphone de l'hébergeur sont obligatoires."))
        return values, report.problem_count == problems_before

    @staticmethod
    def _choice(line, row, column, table, report):
        text = row.get(column, "")
        if not text:
            return None
        value = table.get(normalise_label(text))
        if value is None:
            report.add(line, column, _("Valeur « %(value)s » non reconnue.") % {"value": text})
        return value

    def _commune(self, line, text, postcode, report):
        """The commune through the core resolver: INSEE/NIS code (old codes too), postcode + name, or name alone."""
        if not text:
            return None
        key = (text, postcode)
        if key not in self.resolved:
            columns = {"code": text} if OFFICIAL_CODE.match(text) else {"name": text, "postcode": postcode}
            try:
                self.resolved[key] = self.territories.resolve(**columns)
            except Unresolved as error:
                self.resolved[key] = error
        found = self.resolved[key]
        if isinstance(found, Unresolved):
            report.add(line, "commune", str(found))
            return None
        if found.note:
            report.note(line, "commune", found.note)
        return found.commune

    @staticmethod
    def _integer(line, row, column, report, minimum):
        text = row.get(column, "")
        if not text:
            return None
        if not INTEGER.match(text):
            report.add(line, column, _("« %(value)s » n'est pas un nombre entier.") % {"value": text})
            return None
        value = int(text)
        if value < minimum:
            report.add(line, column, _("Le nombre doit être au moins %(minimum)d (« %(value)s »).") % {"minimum": minimum, "value": text})
            return None
        return value

    @staticmethod
    def _date(line, row, column, report):
        text = row.get(column, "")
        if not text:
            return None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return datetime.datetime.strptime(text[:10], pattern).date()
            except ValueError:
                continue
        report.add(line, column, _("Date « %(value)s » invalide : écrivez jj/mm/aaaa (ou aaaa-mm-jj).") % {"value": text})
        return None

    @staticmethod
    def _boolean(line, row, column, report):
        text = normalise_label(row.get(column, ""))
        if text in YES:
            return True
        if text not in NO:
            report.add(line, column, _("Répondez « oui » ou « non » (« %(value)s »).") % {"value": row[column]})
        return False

    @staticmethod
    def _email(line, row, column, report):
        text = row.get(column, "")
        if not text:
            return ""
        try:
            validate_email(text)
        except ValidationError:
            report.add(line, column, _("Adresse électronique « %(value)s » invalide.") % {"value": text})
            return ""
        return text.lower()

    @staticmethod
    def _phone(line, row, column, region, report):
        try:
            return normalise_phone(row.get(column, ""), region)
        except InvalidPhone as error:
            report.add(line, column, str(error))
            return ""


def _existing(scope, organisation, references):
    """``(found, hidden)``: the organisation's offers with these references in the importer's scope, and the others."""
    return scope.in_bulk(Offer.objects.filter(organisation=organisation).select_related("commune"), "reference", references)


def import_offers(name, data, organisation, mode=ALL_OR_NOTHING, dry_run=False, scope=None, progress=None):
    """Validate ``data`` (a CSV/XLSX file's bytes), then write it unless errors and all-or-nothing; return the report.

    ``scope`` is the importer's scope for ``offers.import`` (``None``: the
    command line, unrestricted). Call inside a transaction (jobs and the
    command do): the writes are all or nothing at the database level too.
    """
    scope = scope or Scope([], "offers.import", everything=True)
    progress = progress or (lambda done, total, message: None)
    mapping = dict(ImportMapping.objects.filter(organisation=organisation).values_list("columns", flat=True).first() or {})
    report = Report(file=name, mode=mode, dry_run=dry_run, mapping=mapping)
    max_bytes = OffersSettings.load().max_upload_mb * 1024 * 1024
    try:
        table = Table(name, data, max_bytes, mapping)
    except FileRejected as error:
        report.add(1, "", str(error))
        report.file_problem = True
        return report
    report.labels, report.unknown_columns = table.labels, table.unknown
    for line, column, message in table.problems:
        report.add(line, column, message)
    if table.problems:
        report.file_problem = True
        return report
    checker = RowChecker(allowed_territories(organisation, scope))
    first_line = {}
    try:
        _check_rows(table, checker, report, first_line, progress)
    except FileRejected as error:
        report.add(report.rows + 2, "", str(error))
        report.file_problem = True
        return report
    valid_refs = {ref for ref, line in first_line.items() if line not in report.invalid_lines}
    existing, hidden = _existing(scope, organisation, valid_refs)
    for reference in sorted(hidden, key=first_line.get):
        # Refused in the dry run as in the real run, and counted nowhere: the report tells nothing of that offer.
        report.add(first_line[reference], "reference", _("Référence « %(ref)s » hors de votre territoire.") % {"ref": reference})
    report.to_update = len(existing)
    report.to_create = len(valid_refs) - len(existing) - len(hidden)
    if dry_run or (report.problem_count and mode == ALL_OR_NOTHING) or not valid_refs - hidden:
        return report
    _apply(name, data, max_bytes, organisation, scope, checker, report, progress)
    report.applied = True
    return report


def _check_rows(table, checker, report, first_line, progress):
    """First pass: every row checked, references seen once (``first_line``: reference → its line)."""
    for line, row in table.rows():
        report.rows += 1
        _values, _ok = checker.check(line, row, report)
        reference = row.get("reference")
        if reference:
            if reference in first_line:
                report.add(line, "reference", _("Référence « %(ref)s » déjà utilisée ligne %(line)d du fichier.") % {
                    "ref": reference, "line": first_line[reference]})
            else:
                first_line[reference] = line
        if report.rows % 1000 == 0:
            progress(min(report.rows, table.estimated_rows), table.estimated_rows, _("Vérification des lignes"))


def _apply(name, data, max_bytes, organisation, scope, checker, report, progress):
    """Second pass: write the valid rows by batches (the caller's transaction makes it atomic)."""
    scratch = Report(file=name, mode=report.mode, dry_run=False)
    batch = []
    total = report.valid
    for line, row in Table(name, data, max_bytes, report.mapping).rows():
        if line in report.invalid_lines:
            continue
        values, _ok = checker.check(line, row, scratch)
        batch.append(values)
        if len(batch) >= BATCH:
            _write_batch(scope, organisation, batch, report)
            batch = []
            progress(report.created + report.updated + report.unchanged, total, _("Enregistrement des offres"))
    if batch:
        _write_batch(scope, organisation, batch, report)
    progress(total, total, _("Import terminé"))


def _write_batch(scope, organisation, batch, report):
    """Create the new offers, update those that really changed (only the changed columns), skip the others."""
    now = timezone.now()
    existing, _hidden = _existing(scope, organisation, [values["reference"] for values in batch])
    to_create, to_update, updates, changed_columns = [], [], [], set()
    for values in batch:
        offer = existing.get(values["reference"])
        if offer is None:
            to_create.append(Offer(organisation=organisation, status=Offer.Status.SUBMITTED, **values))
            continue
        before, audited = _columns(offer), snapshot(offer)
        for name, value in values.items():
            setattr(offer, name, value)
        if offer.status in rules.CLOSED:
            # A host declares the place again: it must be vetted again, as a new offer would.
            offer.status, offer.vetted_at, offer.vetted_by = Offer.Status.SUBMITTED, None, None
            offer.withdrawn_at = offer.personal_data_erased_at = None
        rules.apply_places(offer)
        changed = {name for name, value in _columns(offer).items() if value != before[name]}
        if not changed:
            report.unchanged += 1
            continue
        offer.updated_at = now
        changed_columns |= changed
        to_update.append(offer)
        updates.append((offer, changes_between(audited, snapshot(offer))))
    created = Offer.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        Offer.objects.bulk_update(to_update, sorted(changed_columns | {"updated_at"}), batch_size=BATCH)
    record_many([(offer, None) for offer in created], "create")
    record_many(updates, "update")
    search.reindex([offer.pk for offer in (*created, *to_update)])
    report.created += len(created)
    report.updated += len(to_update)


def _columns(offer):
    """The imported columns of ``offer`` by field name (foreign keys by id: no query)."""
    return {name: getattr(offer, Offer._meta.get_field(name).attname) for name in WRITTEN_FIELDS}
