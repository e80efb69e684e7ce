"""The core import kit (``logis.imports``) on its own: cell parsers, the row reader, and a two-pass import of real rows.

The import under test updates organisations' e-mail addresses by name, as a
plugin would update its records by natural key: through the importer's scope,
all or nothing, the formula guard read backwards, hostile cells refused row by
row.
"""

import datetime
from decimal import Decimal

import pytest

from django.contrib.contenttypes.models import ContentType

from logis.accounts.models import Organisation
from logis.accounts.scoping import scope_for
from logis.audit.models import AuditEntry
from logis.exports import neutralise
from logis.fast_insert import insert, instances
from logis.imports import ALL_OR_NOTHING, VALID_ROWS, Cells, CellError, FileImport, Report, Table
from logis.imports.cells import cached, choice, choices, date, decimal, email, integer, phone, text, yes_no

pytestmark = pytest.mark.django_db


def french_phone(value):
    """A plugin's phone reader, as the ``phone`` hook takes it: ``ValueError`` with a French message."""
    digits = value.replace(" ", "")
    if len(digits) != 10:
        raise ValueError(f"« {value} » n'est pas un numéro de téléphone.")
    return "+33" + digits[1:]


def csv(*lines):
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


class OrganisationEmails(FileImport):
    """A plugin-sized import: ``nom`` is the natural key, ``courriel`` the value written."""

    columns, required, key = ("name", "courriel", "actif"), ("name", "courriel"), "name"

    def queryset(self):
        return Organisation.objects.all()

    def check(self, cells):
        cells.require(self.required)
        return {"name": cells.get("name", text(200), ""), "email": cells.get("courriel", email, ""),
                "active": cells.get("actif", yes_no, True)}

    def write(self, batch, existing, report):
        for values in batch:
            organisation = existing.get(values["name"])
            if organisation is None:
                report.unchanged += 1  # this import creates nothing
                continue
            organisation.email = values["email"]
            organisation.save(update_fields=["email"])
            report.updated += 1


@pytest.fixture
def rhone_scope(demo_territories, person):
    return scope_for(person("supervision.rhone", "core.supervisor", demo_territories.organisation("DDETS du Rhône")), "audit.view")


def run(scope, data, **options):
    return OrganisationEmails(scope, max_bytes=1 << 20, **options).run("organisations.csv", data)


@pytest.mark.parametrize("parse,value,expected", [
    (integer(minimum=1), "12", 12),
    (decimal(minimum=0), "12,5", Decimal("12.5")),
    (date, "31/12/2026", datetime.date(2026, 12, 31)),
    (date, "2026-12-31", datetime.date(2026, 12, 31)),
    (date, "1/3/2026", datetime.date(2026, 3, 1)),
    (date, "01.03.2026", datetime.date(2026, 3, 1)),
    (yes_no, "Oui", True),
    (yes_no, "x", True),
    (yes_no, "FAUX", False),
    (email, "Helene@Exemple.ORG", "helene@exemple.org"),
    (choice(choices(Organisation.Kind, {"mairie": Organisation.Kind.COMMUNE})), "Mairie", "commune"),
    (choice(choices(Organisation.Kind)), "Bailleur social", "social_landlord"),
    (phone(french_phone), "04 72 00 00 00", "+33472000000"),
])
def test_each_parser_reads_what_a_french_spreadsheet_holds(parse, value, expected):
    assert parse(value) == expected


@pytest.mark.parametrize("parse,value,message", [
    (integer(minimum=1), "0", "Le nombre doit être au moins 1 (« 0 »)."),
    (integer(maximum=30), "31", "Le nombre doit être au plus 30 (« 31 »)."),
    (integer(), "9" * 30, "« " + "9" * 30 + " » n'est pas un nombre entier."),
    (integer(), "=2+2", "« =2+2 » n'est pas un nombre entier."),
    (decimal(), "1e400", "« 1e400 » n'est pas un nombre."),
    (date, "31/02/2026", "Date « 31/02/2026 » invalide : écrivez jj/mm/aaaa (ou aaaa-mm-jj)."),
    (date, "00/03/2026", "Date « 00/03/2026 » invalide : écrivez jj/mm/aaaa (ou aaaa-mm-jj)."),
    (yes_no, "peut-être", "Répondez « oui » ou « non » (« peut-être »)."),
    (email, "pas un courriel", "Adresse électronique « pas un courriel » invalide."),
    (text(5), "beaucoup trop long", "Texte trop long (18 caractères, 5 au plus)."),
    (choice(choices(Organisation.Kind)), "Ministère", "Valeur « Ministère » non reconnue."),
    (phone(french_phone), "12", "« 12 » n'est pas un numéro de téléphone."),
])
def test_each_parser_refuses_with_a_french_message_quoting_the_cell(parse, value, message):
    with pytest.raises(CellError) as refused:
        parse(value)
    assert str(refused.value) == message


def test_a_row_reader_reports_each_bad_cell_on_its_line_and_a_nul_byte_anywhere():
    report = Report(file="x.csv")
    cells = Cells(7, {"name": "", "courriel": "a@b.fr", "places": "deux", "note": "avant\x00après"}, report)
    cells.require(["name", "courriel"])
    assert cells.get("places", integer(), default=0) == 0 and cells.get("courriel", email) == "a@b.fr"
    assert cells.get("absente", integer(), default=3) == 3 and not cells.ok
    assert [(p["line"], p["column"]) for p in report.problems] == [(7, "note"), (7, "name"), (7, "places")]
    assert report.invalid_lines == {7}


def test_a_table_reads_renamed_headers_ignores_the_problem_column_and_reads_neutralised_cells_as_typed():
    data = csv("Nom;Adresse électronique;problème", f"{neutralise('=Ville')};a@b.fr;à corriger")
    table = Table("x.csv", data, 1 << 20, ("name", "courriel"), ("name",), mapping={"nom": "name", "adresse_electronique": "courriel"})
    assert table.problems == [] and table.labels == {"name": "Nom", "courriel": "Adresse électronique"}
    assert list(table.rows()) == [(2, {"name": "=Ville", "courriel": "a@b.fr"})]


def test_the_import_updates_records_in_scope_by_natural_key_and_refuses_keys_held_elsewhere(rhone_scope, demo_territories):
    data = csv("name;courriel", "Ville de Lyon;Crise@Lyon.FR", "Ville de Grenoble;x@grenoble.fr", "Ville de Lyon;y@lyon.fr")
    report = run(rhone_scope, data, mode=VALID_ROWS)
    assert [(p["line"], p["message"]) for p in report.problems] == [
        (4, "Référence « Ville de Lyon » déjà utilisée ligne 2 du fichier."),
        (3, "Référence « Ville de Grenoble » hors de votre territoire."),
    ]
    assert report.applied and (report.to_update, report.updated) == (1, 1)
    assert demo_territories.organisation("Ville de Lyon").email == "crise@lyon.fr"
    assert demo_territories.organisation("Ville de Grenoble").email != "x@grenoble.fr"


def test_all_or_nothing_writes_nothing_when_one_row_is_wrong_and_a_dry_run_never_writes(rhone_scope, demo_territories):
    before = demo_territories.organisation("Ville de Lyon").email
    report = run(rhone_scope, csv("name;courriel;actif", "Ville de Lyon;a@lyon.fr;oui", "Ville de Lyon 2;a@;non"))
    assert report.mode == ALL_OR_NOTHING and not report.applied and report.summary().startswith("Rien n'a été enregistré")
    report = run(rhone_scope, csv("name;courriel", "Ville de Lyon;a@lyon.fr"), dry_run=True)
    assert (report.to_update, report.applied) == (1, False)
    assert demo_territories.organisation("Ville de Lyon").email == before


@pytest.mark.parametrize("data,name,message", [
    (b"", "x.csv", "Le fichier est vide."),
    (b"PK\x03\x04", "x.csv", "n'est pas un texte CSV lisible"),
    (csv("name;couleur"), "x.csv", "Colonne inconnue. Colonnes attendues : name, courriel, actif."),
    (b"name;courriel\r\n\"" + b"x" * 200_000 + b"\r\n", "x.csv", "Ligne 2 illisible"),
    (b"x" * (2 << 20), "x.csv", "taille maximale de 1 Mo"),
])
def test_a_file_that_cannot_be_read_is_refused_as_a_whole_with_a_french_reason(rhone_scope, data, name, message):
    report = run(rhone_scope, data)
    assert report.file_problem and not report.applied
    assert message in report.problems[0]["message"]


def test_a_cached_parser_reads_each_text_once_and_refuses_it_again_with_the_same_message():
    calls = []

    def counted(value):
        calls.append(value)
        return integer(minimum=1)(value)

    parse = cached(counted)
    assert [parse("3"), parse("3")] == [3, 3]
    for _ in range(2):
        with pytest.raises(CellError, match=r"^Le nombre doit être au moins 1 \(« 0 »\)\.$"):
            parse("0")
    assert calls == ["3", "0"]


def test_fast_insert_writes_what_bulk_create_writes_and_numbers_the_rows(db):
    """History entries (a JSON column, a timestamp set on save, a NULL foreign key) inserted both ways, read back alike."""
    content_type = ContentType.objects.get_for_model(Organisation)

    def entries(tag):
        return [AuditEntry(content_type=content_type, object_id=f"{tag}{i}", object_repr="Ville de Lyon — « crise »", action="update",
                           changes={"email": [None, f"crise{i}@lyon.fr"], "actif": [True, False], "n": [1, 2.5]},
                           user_repr="système", territory_path="FR/84/69") for i in range(3)]

    AuditEntry.objects.bulk_create(entries("django-"))
    ours = insert(entries("logis-"))
    assert insert([]) == [] and all(entry.pk and not entry._state.adding for entry in ours)
    assert [entry.object_id for entry in AuditEntry.objects.filter(pk__in=[e.pk for e in ours]).order_by("pk")] == [
        "logis-0", "logis-1", "logis-2"]

    def read(tag):
        rows = list(AuditEntry.objects.filter(object_id__startswith=tag).order_by("object_id").values())
        for row in rows:
            row["object_id"] = row["object_id"].removeprefix(tag)
            del row["id"]
        return rows, [row.pop("timestamp") for row in rows]

    (theirs, their_times), (mine, my_times) = read("django-"), read("logis-")
    assert mine == theirs and mine[0]["changes"]["n"] == [1, 2.5]
    assert all(abs((at - their_times[0]).total_seconds()) < 60 for at in my_times)


def test_fast_insert_statements_are_counted_like_django_s_own(db, django_assert_num_queries):
    """Sent past Django's cursor for speed, each batch's write is still logged: query counts and the toolbar see it."""
    content_type = ContentType.objects.get_for_model(Organisation)
    rows = [{"object_id": str(n), "object_repr": f"n°{n}"} for n in range(5)]
    from django.db import connection

    per_batch = ("SELECT nextval", "COPY ") if connection.vendor == "postgresql" else ("INSERT INTO",)
    with django_assert_num_queries(2 * len(per_batch)) as captured:      # two batches of at most 3
        insert(instances(AuditEntry, rows, content_type=content_type, action="create"), batch_size=3)
    assert [q["sql"].startswith(per_batch) for q in captured.captured_queries] == [True] * 2 * len(per_batch)


def test_instances_are_what_the_model_builds_from_keywords(db, django_assert_num_queries):
    """Defaults (a callable one called per instance), values by name, a foreign key given as its object and read without a query."""
    content_type = ContentType.objects.get_for_model(Organisation)
    rows = [{"object_id": "1", "object_repr": "Lyon", "territory_path": "FR/84/69"}, {"object_id": "2", "user": None}]
    built = instances(AuditEntry, rows, content_type=content_type, action="update")
    expected = [AuditEntry(content_type=content_type, action="update", **row) for row in rows]

    def values(entry):
        return {field.attname: getattr(entry, field.attname) for field in AuditEntry._meta.concrete_fields}

    assert [values(entry) for entry in built] == [values(entry) for entry in expected]
    assert built[0].changes == {} and built[0].changes is not built[1].changes
    with django_assert_num_queries(0):
        assert built[1].content_type is content_type and built[1].user is None
    assert all(entry._state.adding and entry.pk is None for entry in built)


def test_instances_go_through_the_model_s_init_when_a_receiver_listens_and_refuse_unknown_fields(db):
    """A ``post_init`` receiver still sees every instance built; a misspelt field is an error, not a stray attribute."""
    from django.db.models.signals import post_init

    content_type = ContentType.objects.get_for_model(Organisation)
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.object_id)

    post_init.connect(receiver, sender=AuditEntry)
    try:
        built = instances(AuditEntry, [{"object_id": "1"}, {"object_id": "2", "user": None}], content_type=content_type)
    finally:
        post_init.disconnect(receiver, sender=AuditEntry)
    assert seen == ["1", "2"] and [entry.content_type_id for entry in built] == [content_type.pk] * 2
    with pytest.raises(TypeError, match="objet_id"):
        instances(AuditEntry, [{"objet_id": "1"}])
