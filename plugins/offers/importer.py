"""Bulk import of offers through the core import kit: the offers' row check and batch write.

:class:`logis.imports.FileImport` reads the file once (each row checked,
then written by batches, or nothing) and matches rows to the organisation's
offers by ``reference`` *within the importer's scope*, so uploading the same
file again updates instead of duplicating. This module says what an offer
row must hold and how a batch is written: new offers inserted at the
database's speed (:func:`logis.fast_insert.insert`), changed ones updated
in one statement per batch, one audit entry per offer written in bulk, the
search index told.
"""

import operator
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logis.accounts.models import Territory
from logis.accounts.scoping import Scope
from logis.imports import ALL_OR_NOTHING, VALID_ROWS, FileImport, Report
from logis.imports.cells import cached, choice, choices, date, email, integer, phone, text, yes_no
from logis.territories.resolve import Unresolved
from logis.audit import changes_between, record_many, snapshot
from logis.fast_insert import insert, instances
from plugins.offers import rules, search
from plugins.offers.import_columns import (
    ACCOMMODATION_SYNONYMS, BOOL_FIELDS, CANONICAL_COLUMNS, PROVIDER_SYNONYMS, REQUIRED_COLUMNS, TEXT_FIELDS,
)
from plugins.offers.models import AccommodationKind, ImportMapping, Offer, OffersSettings, ProviderKind
from plugins.offers.phones import normalise_phone
from plugins.offers.postcodes import postcode_problem

__all__ = ["ALL_OR_NOTHING", "VALID_ROWS", "import_offers"]

OFFICIAL_CODE = re.compile(r"^(\d{5}|2[ABab]\d{3})$")  # INSEE (Corsica: 2A/2B) or NIS
WRITTEN_FIELDS = (
    "provider_kind", "accommodation_kind", "street", "postcode", "commune", "places_max", "places_available",
    "available_from", "available_until", "host_name", "host_email", "host_phone", "coordinator_email",
    "coordinator_phone", "step_free", "pets_allowed", "children_welcome", "remarks", "status", "vetted_at",
    "vetted_by", "withdrawn_at", "personal_data_erased_at",
)


class OfferReport(Report):
    done_message = gettext_lazy("%(created)d offre(s) créée(s), %(updated)d mise(s) à jour, %(unchanged)d inchangée(s), "
                                "%(skipped)d ligne(s) écartée(s).")


def allowed_territories(organisation, scope):
    """Territories an organisation may hold offers in (its territory and mandate, with what lies below), within the importer's scope."""
    territories = Territory.objects.within(organisation.territory, *organisation.mandated_territories.all())
    return territories if scope.national else territories.filter(pk__in=scope.territories().values("pk"))


def _text_parser(name):
    """Free text bounded by its model field (refused, never cut); a reference says so in its own words."""
    length = Offer._meta.get_field(name).max_length
    if name == "reference":
        return text(length, _("Référence trop longue (%(length)d caractères, %(max)d au plus)."))
    return text(length) if length else None


class OfferImport(FileImport):
    """One file of one organisation's offers."""

    columns, required, key, report_class = CANONICAL_COLUMNS, REQUIRED_COLUMNS, "reference", OfferReport
    writing_message = gettext_lazy("Enregistrement des offres")

    def __init__(self, organisation, scope, **options):
        super().__init__(scope, **options)
        self.organisation = organisation
        self.territories = allowed_territories(organisation, scope)
        self.resolved = {}  # (commune, postcode) → Resolution or Unresolved: a file names few communes, many times
        # The parsers, built once; those of columns whose values repeat remember them for the length of the file.
        self.providers = cached(choice(choices(ProviderKind, PROVIDER_SYNONYMS)))
        self.accommodations = cached(choice(choices(AccommodationKind, ACCOMMODATION_SYNONYMS)))
        self.date, self.yes_no, self.integers = cached(date), cached(yes_no), (integer(minimum=1), integer(minimum=0))
        self.coordinator_email = cached(email)  # the same few on every row; the hosts' differ and are not kept
        self.texts = {name: _text_parser(name) for name in ("reference", *TEXT_FIELDS.values())}
        self.phones = {}  # region → its phone parser

    def queryset(self):
        return Offer.objects.filter(organisation=self.organisation).select_related("commune")

    def check(self, cells):
        """An offer's field values from one row; the cross-column rules after the cells."""
        cells.require(REQUIRED_COLUMNS)
        values = {"reference": cells.get("reference", self.texts["reference"], "")}
        values["provider_kind"] = cells.get("type_hebergeur", self.providers)
        values["accommodation_kind"] = cells.get("type_logement", self.accommodations)
        commune = values["commune"] = self._commune(cells)
        region = commune.country_code if commune else "FR"
        values["places_max"] = cells.get("places_max", self.integers[0])
        values["places_available"] = cells.get("places_disponibles", self.integers[1])
        if values["places_max"] is not None and values["places_available"] is not None and values["places_available"] > values["places_max"]:
            cells.problem("places_disponibles", _("Plus de places disponibles (%(available)d) que de places au maximum (%(max)d).") % {
                "available": values["places_available"], "max": values["places_max"]})
        values["available_from"] = cells.get("disponible_du", self.date)
        values["available_until"] = cells.get("disponible_au", self.date)
        if values["available_from"] and values["available_until"] and values["available_until"] < values["available_from"]:
            cells.problem("disponible_au", _("La fin de disponibilité précède son début."))
        for column, name in TEXT_FIELDS.items():
            values[name] = cells.get(column, self.texts[name], "")
        for column, name in BOOL_FIELDS.items():
            values[name] = cells.get(column, self.yes_no, False)
        values["host_email"] = cells.get("email_contact", email, "")
        values["coordinator_email"] = cells.get("email_coordinateur", self.coordinator_email, "")
        national_phone = self._phone_parser(region)
        values["host_phone"] = cells.get("telephone_contact", national_phone, "")
        values["coordinator_phone"] = cells.get("telephone_coordinateur", national_phone, "")
        problem = postcode_problem(values["postcode"], commune) if commune else None
        if problem:
            cells.problem("code_postal", problem)
        if values["provider_kind"] == ProviderKind.CITIZEN and not (values["host_name"] and (values["host_email"] or values["host_phone"])):
            cells.problem("nom_contact", _("Pour l'offre d'un particulier, le nom et un courriel ou un téléphone de l'hébergeur sont obligatoires."))
        return values

    def _phone_parser(self, region):
        """The phone parser of the commune's country, remembering the file's numbers (a coordinator's is on every row)."""
        if region not in self.phones:
            self.phones[region] = cached(phone(lambda value: normalise_phone(value, region)))
        return self.phones[region]

    def _commune(self, cells):
        """The commune through the core resolver: INSEE/NIS code (old codes too), postcode + name, or name alone."""
        name, postcode = cells.get("commune", default=""), cells.get("code_postal", default="")
        if not name:
            return None
        if (name, postcode) not in self.resolved:
            columns = {"code": name} if OFFICIAL_CODE.match(name) else {"name": name, "postcode": postcode}
            try:
                self.resolved[name, postcode] = self.territories.resolve(**columns)
            except Unresolved as error:
                self.resolved[name, postcode] = error
        found = self.resolved[name, postcode]
        if isinstance(found, Unresolved):
            cells.problem("commune", str(found))
            return None
        if found.note:
            cells.note("commune", found.note)
        return found.commune

    def write(self, batch, existing, report):
        """Create the new offers, update those that really changed (only the changed columns), skip the others."""
        now = timezone.now()
        new_rows, to_update, updates, changed_columns = [], [], [], set()
        for values in batch:
            offer = existing.get(values["reference"])
            if offer is None:
                new_rows.append(values)
                continue
            state, before = offer.__dict__.copy(), _columns(offer)
            for name, value in values.items():
                setattr(offer, name, value)
            rules.declare_again(offer)
            after = _columns(offer)
            if after == before:
                report.unchanged += 1
                continue
            offer.updated_at = now
            changed_columns.update(name for name, old, new in zip(WRITTEN_FIELDS, before, after) if old != new)
            to_update.append(offer)
            updates.append((offer, changes_between(snapshot(_as_it_was(state)), snapshot(offer))))
        created = insert(instances(Offer, new_rows, organisation=self.organisation, status=Offer.Status.SUBMITTED),
                         batch_size=self.batch_size)
        if to_update:
            Offer.objects.bulk_update(to_update, sorted(changed_columns | {"updated_at"}), batch_size=self.batch_size)
        record_many([(offer, None) for offer in created], "create")
        record_many(updates, "update")
        search.reindex([offer.pk for offer in (*created, *to_update)])
        report.created += len(created)
        report.updated += len(to_update)


#: The imported columns of an offer, in the order of WRITTEN_FIELDS (foreign keys by id: no query).
_columns = operator.attrgetter(*(Offer._meta.get_field(name).attname for name in WRITTEN_FIELDS))


def _as_it_was(state):
    """An offer holding ``state`` (its ``__dict__`` copied before the row was applied): audited only when a column changed.

    Most rows of a file sent again change nothing; copying the state costs
    far less than the audit snapshot of every one.
    """
    offer = Offer.__new__(Offer)
    offer.__dict__.update(state)
    return offer


def import_offers(name, data, organisation, mode=ALL_OR_NOTHING, dry_run=False, scope=None, progress=None):
    """Check ``data`` (a CSV/XLSX file: the storage's open file, or bytes) and write it unless errors and all-or-nothing.

    Returns the report. ``scope`` is the importer's scope for ``offers.import``
    (``None``: the command line, unrestricted). The writes are all or nothing
    at the database level: the import runs in a savepoint of the caller's
    transaction (jobs and the command run in one).
    """
    scope = scope or Scope([], "offers.import", everything=True)
    mapping = ImportMapping.objects.filter(organisation=organisation).values_list("columns", flat=True).first()
    max_bytes = OffersSettings.load().max_upload_mb * 1024 * 1024
    return OfferImport(organisation, scope, max_bytes=max_bytes, mode=mode, dry_run=dry_run, mapping=mapping,
                       progress=progress).run(name, data)
