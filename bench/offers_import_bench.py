"""Offers import: rows/s and peak memory against a raw csv + bulk_create and django-import-export, same run, same file.

Usage (its own database, never the development one; PostgreSQL with DATABASE_URL)::

    LOGIS_VAR_DIR=/tmp/offers-bench .venv/bin/python bench/offers_import_bench.py [--sizes 1000,10000,100000] [--repeat 1]

For each size a CSV file is generated (as a French spreadsheet writes it:
UTF-8 with BOM, semicolons, dd/mm/yyyy dates, "oui"/"non", phone numbers in
national form), then imported in a forked child process (so that peak memory
is that import's alone, read from the kernel's high-water mark) by:

* ``logis``: :func:`plugins.offers.importer.import_offers` streaming the file
  from disk as the job streams it from storage (validation of every cell,
  phone numbers normalised, row-by-row report, scoped look-ups, bulk writes
  and one audit entry per offer);
* ``brut``: the floor — ``csv`` and ``Offer.objects.bulk_create`` of the same
  rows (communes from a dict, dates and numbers converted, nothing checked,
  no audit); the re-send is the same rows as ``bulk_create(update_conflicts=True)``;
* ``import-export rapide``: a django-import-export ``ModelResource`` of the
  same columns configured as its documentation recommends for speed
  (``use_bulk``, ``batch_size=1000``, ``skip_diff`` and ``skip_html_diff``,
  ``CachedInstanceLoader``, communes looked up once; for the re-send
  ``skip_unchanged``, which needs the diff);
* ``import-export défaut``: the same resource in its default configuration
  (row by row, model validation, ``skip_unchanged``), as the bench measured before.

Neither baseline normalises phone numbers nor writes audit entries: they do
less work per row. Each size is imported twice per importer: into an empty
table, then the same file sent again (imported once unmeasured, then
measured: matching by ``reference``). Each import runs in a transaction
rolled back at the end, so every run starts from the same empty table. The
targets of issue 13 are printed beside the figures. Then the offers list
page and API are requested as a department service with 10 / 100 / 1,000
offers in the database: the number of SQL queries must not change.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("LOGIS_VAR_DIR", tempfile.mkdtemp(prefix="offers-bench-"))

import harness  # noqa: E402, F401  (sets Django up as in production: DEBUG=0, no SQL log kept)

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

COMMUNES = ["Lyon", "Villeurbanne", "Vénissieux"]


def write_file(path, rows):
    """A CSV of ``rows`` offers in the Rhône, the way Excel saves "CSV UTF-8"."""
    from plugins.offers.import_columns import CANONICAL_COLUMNS

    lines = [";".join(CANONICAL_COLUMNS)]
    for i in range(rows):
        lines.append(";".join([
            f"B-{i}", "Particulier" if i % 3 else "Hôtel", "Appartement" if i % 3 else "Chambre d'hôtel", f"{i % 150} rue du Banc",
            "69003", COMMUNES[i % 3], str(2 + i % 5), str(1 + i % 2), "01/03/2026", "30/09/2026", f"Hôte {i}",
            f"hote{i}@exemple.org", f"04 65 71 {i % 100:02d} {(i // 100) % 100:02d}", "crise@rhone.exemple.fr",
            "04 78 63 00 00", "oui" if i % 4 == 0 else "non", "non", "oui", "",
        ]))
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


KINDS = {"Particulier": "citizen", "Hôtel": "hotel", "Appartement": "flat", "Chambre d'hôtel": "hotel_room"}


def baseline_resource(organisation, fast=False, again=False):
    """The django-import-export resource of the same columns: as a project writes it, or tuned as its docs say.

    ``fast``: ``use_bulk``, ``batch_size``, ``skip_diff``/``skip_html_diff``,
    ``CachedInstanceLoader`` and communes read once (the bulk-import page's
    advice); ``again`` (a re-send) turns ``skip_unchanged`` on, which needs the diff.
    """
    from import_export import fields, instance_loaders, resources, widgets

    from logis.accounts.models import Territory
    from plugins.offers.models import Offer
    from plugins.offers.import_columns import CANONICAL_COLUMNS

    class CommuneWidget(widgets.ForeignKeyWidget):
        def get_queryset(self, value, row, *args, **kwargs):
            return Territory.objects.filter(kind="commune")

    class CachedCommuneWidget(widgets.ForeignKeyWidget):
        """One query for the file, not one per row."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.by_name = {t.name: t for t in Territory.objects.filter(kind="commune", name__in=COMMUNES)}

        def clean(self, value, row=None, **kwargs):
            return self.by_name[value]

    class OuiNon(widgets.BooleanWidget):
        TRUE_VALUES = ["oui", "Oui", "1"]
        FALSE_VALUES = ["non", "Non", "0"]

    class OfferResource(resources.ModelResource):
        reference = fields.Field("reference", "reference")
        type_hebergeur = fields.Field("provider_kind", "type_hebergeur")
        type_logement = fields.Field("accommodation_kind", "type_logement")
        adresse = fields.Field("street", "adresse")
        code_postal = fields.Field("postcode", "code_postal")
        commune = fields.Field("commune", "commune", widget=(CachedCommuneWidget if fast else CommuneWidget)(Territory, "name"))
        places_max = fields.Field("places_max", "places_max", widget=widgets.IntegerWidget())
        places_disponibles = fields.Field("places_available", "places_disponibles", widget=widgets.IntegerWidget())
        disponible_du = fields.Field("available_from", "disponible_du", widget=widgets.DateWidget("%d/%m/%Y"))
        disponible_au = fields.Field("available_until", "disponible_au", widget=widgets.DateWidget("%d/%m/%Y"))
        nom_contact = fields.Field("host_name", "nom_contact")
        email_contact = fields.Field("host_email", "email_contact")
        telephone_contact = fields.Field("host_phone", "telephone_contact")
        email_coordinateur = fields.Field("coordinator_email", "email_coordinateur")
        telephone_coordinateur = fields.Field("coordinator_phone", "telephone_coordinateur")
        pmr = fields.Field("step_free", "pmr", widget=OuiNon())
        animaux = fields.Field("pets_allowed", "animaux", widget=OuiNon())
        enfants = fields.Field("children_welcome", "enfants", widget=OuiNon())
        remarques = fields.Field("remarks", "remarques")

        class Meta:
            model = Offer
            import_id_fields = ("reference",)
            fields = CANONICAL_COLUMNS
            if fast:
                use_bulk, batch_size, skip_html_diff = True, 1000, True
                instance_loader_class = instance_loaders.CachedInstanceLoader
                skip_diff = not again
                skip_unchanged = again
            else:
                clean_model_instances = True
                skip_unchanged = True  # as Logis does: a row sent again unchanged is not written

        def before_import_row(self, row, **kwargs):
            row["type_hebergeur"] = KINDS.get(row["type_hebergeur"], row["type_hebergeur"])
            row["type_logement"] = KINDS.get(row["type_logement"], row["type_logement"])

        def get_queryset(self):
            return Offer.objects.filter(organisation=organisation)

        def init_instance(self, row=None):
            instance = super().init_instance(row)
            instance.organisation = organisation
            return instance

    return OfferResource()


def run_ours(path, organisation, again):
    from plugins.offers.importer import ALL_OR_NOTHING, import_offers

    with open(path, "rb") as handle:
        report = import_offers("bench.csv", handle, organisation, mode=ALL_OR_NOTHING)
    return report.created + report.updated + report.unchanged, report.problem_count


def run_raw(path, organisation, again):
    """The floor: csv.reader and bulk_create by 1,000 (an upsert on ``reference`` for the re-send)."""
    import csv
    import datetime

    from logis.accounts.models import Territory
    from plugins.offers.models import Offer

    communes = dict(Territory.objects.filter(kind="commune", name__in=COMMUNES).values_list("name", "pk"))
    yes = {"oui": True, "non": False}
    day = {}

    def date(text):
        if text not in day:
            day[text] = datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None
        return day[text]

    upsert = {"update_conflicts": True, "unique_fields": ["organisation", "reference"],
              "update_fields": ["places_max", "places_available", "host_name", "remarks"]} if again else {}
    count = 0
    with open(path, encoding="utf-8-sig", newline="") as handle:
        batch = []
        for row in csv.DictReader(handle, delimiter=";"):
            batch.append(Offer(
                organisation=organisation, reference=row["reference"], provider_kind=KINDS[row["type_hebergeur"]],
                accommodation_kind=KINDS[row["type_logement"]], street=row["adresse"], postcode=row["code_postal"],
                commune_id=communes[row["commune"]], places_max=int(row["places_max"]),
                places_available=int(row["places_disponibles"]), available_from=date(row["disponible_du"]),
                available_until=date(row["disponible_au"]), host_name=row["nom_contact"], host_email=row["email_contact"],
                host_phone=row["telephone_contact"], coordinator_email=row["email_coordinateur"],
                coordinator_phone=row["telephone_coordinateur"], step_free=yes[row["pmr"]], pets_allowed=yes[row["animaux"]],
                children_welcome=yes[row["enfants"]], remarks=row["remarques"],
            ))
            if len(batch) == 1000:
                count += len(Offer.objects.bulk_create(batch, **upsert))
                batch = []
        count += len(Offer.objects.bulk_create(batch, **upsert))
    return count, 0


def run_baseline(path, organisation, again, fast=False):
    import tablib

    dataset = tablib.Dataset().load(Path(path).read_text(encoding="utf-8-sig"), format="csv", delimiter=";")
    resource = baseline_resource(organisation, fast=fast, again=again)
    result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False)
    totals = result.totals
    return totals.get("new", 0) + totals.get("update", 0) + totals.get("skip", 0), len(result.invalid_rows) + len(result.row_errors())


def run_baseline_fast(path, organisation, again):
    return run_baseline(path, organisation, again, fast=True)


def _status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def _server_cpu():
    """CPU seconds of this connection's PostgreSQL backend when it runs on this machine (0 otherwise, and on SQLite)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measured(function, path, organisation_pk, again=False):
    """Run ``function`` in a forked child: (seconds, CPU seconds, rows processed, problems, peak extra memory in bytes).

    The CPU seconds are the process's and, on PostgreSQL on this machine, its
    server backend's: what the import costs whatever else the machine runs.

    ``again``: the file is first imported once (not measured), then the
    measured import is the same file sent again (updates by reference).
    """
    if connection.vendor == "postgresql":
        # Every run is rolled back: without a vacuum the dead rows of the runs before pile up in the
        # tables and their indexes, and each run would read more of them than the one before.
        from logis.audit.models import AuditEntry
        from plugins.offers.models import Offer

        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Offer._meta.db_table}, {AuditEntry._meta.db_table}")
    read_end, write_end = os.pipe()
    connections.close_all()
    pid = os.fork()
    if pid == 0:  # child: fresh DB connection, peak memory counter reset
        os.close(read_end)
        from logis.accounts.models import Organisation

        organisation = Organisation.objects.select_related("territory").get(pk=organisation_pk)
        with transaction.atomic():
            if again:
                function(path, organisation, False)
            try:
                Path("/proc/self/clear_refs").write_text("5")
            except OSError:
                pass
            start_rss = _status("VmRSS")
            server = _server_cpu()
            start, cpu = time.perf_counter(), time.process_time()
            with transaction.atomic():
                processed, problems = function(path, organisation, again)
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu + _server_cpu() - server
            transaction.set_rollback(True)
        os.write(write_end, f"{elapsed} {cpu} {processed} {problems} {_status('VmHWM') - start_rss}".encode())
        os._exit(0)
    os.close(write_end)
    output = b""
    while chunk := os.read(read_end, 1024):
        output += chunk
    os.waitpid(pid, 0)
    elapsed, cpu, written, problems, peak = output.split()
    return float(elapsed), float(cpu), int(written), int(problems), int(peak)


def list_queries(sizes=(10, 100, 1000)):
    """Queries and median time of the list page and API as a department service, as the table grows."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from logis.accounts.demo import organisation
    from logis.accounts.models import RoleAssignment
    from plugins.offers.importer import VALID_ROWS, import_offers

    user, _ = get_user_model().objects.get_or_create(username="bench.ddets", defaults={"is_staff": True})
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    RoleAssignment.objects.get_or_create(user=user, role="offers.department_service", organisation=organisation("DDETS du Rhône"))
    client = Client()
    client.force_login(user)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"list-{size}.csv"
            write_file(path, size)
            with transaction.atomic():
                with path.open("rb") as handle:
                    import_offers(path.name, handle, organisation("DDETS du Rhône"), mode=VALID_ROWS)
            for url in ("/admin/offers/", "/api/offers/?limit=100"):
                client.get(url)
                timings, counts = [], set()
                for _ in range(5):
                    with CaptureQueriesContext(connection) as captured:
                        start = time.perf_counter()
                        assert client.get(url).status_code == 200
                        timings.append(time.perf_counter() - start)
                    counts.add(len(captured))
                rows.append((size, url, sorted(counts), statistics.median(timings) * 1000))
    return rows


IMPORTERS = (("logis", run_ours), ("brut", run_raw), ("import-export rapide", run_baseline_fast),
             ("import-export défaut", run_baseline))
#: Issue 13: rows/s at 10,000 rows and more, by database; within ×2 of the raw floor; peak memory at 100,000 rows.
TARGET_ROWS_S = {"sqlite": 8000, "postgresql": 5000}
TARGET_RAW_RATIO = 2
TARGET_MEMORY = 100 * 2**20


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=1, help="Runs per size and importer (the median is kept).")
    parser.add_argument("--baseline-up-to", type=int, default=10000,
                        help="Skip django-import-export's default configuration above this many rows (it writes row by "
                             "row: ~1 h for 100,000 rows on a loaded 2-core machine). 0: measure it at every size.")
    parser.add_argument("--importers", default=",".join(name for name, _function in IMPORTERS),
                        help="Importers to measure, comma-separated (logis and brut are always measured: the verdict compares them).")
    parser.add_argument("--no-pages", action="store_true", help="Skip the SQL queries of the list page and API.")
    args = parser.parse_args()
    chosen = {"logis", "brut", *args.importers.split(",")}
    importers = [(name, function) for name, function in IMPORTERS if name in chosen]
    call_command("migrate", verbosity=0)
    from logis.accounts import demo
    from plugins.offers.models import Offer

    demo.load()
    Offer.objects.all().delete()
    organisation_pk = demo.organisation("DDETS du Rhône").pk
    target = TARGET_ROWS_S.get(connection.vendor, 0)
    print(f"Base : {connection.vendor} — {args.repeat} passage(s) par taille, médiane retenue — charge "
          f"{os.getloadavg()[0]:.1f} sur {os.cpu_count()} cœurs")
    print(f"Objectifs (issue 13) : ≥ {target} lignes/s à 10 000 lignes et plus, ≤ ×{TARGET_RAW_RATIO} du brut, "
          f"mémoire ≤ {TARGET_MEMORY // 2**20} Mio à 100 000 lignes\n")
    print(f"{'lignes':>8} | {'importeur':<32} | {'lignes/s':>9} | {'durée (s)':>9} | {'CPU (s)':>8} | {'CPU s/1k':>8} | "
          f"{'mémoire max (Mio)':>17} | traitées | problèmes | charge")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"offres-{size}.csv"
            write_file(path, size)
            for again in (False, True):
                results, measuring = {}, []
                for name, function in importers:
                    if name == "import-export défaut" and args.baseline_up_to and size > args.baseline_up_to:
                        print(f"{size:>8} | {name + (' (renvoi)' if again else ''):<32} | non mesuré (--baseline-up-to {args.baseline_up_to})")
                    else:
                        measuring.append((name, function))
                runs = {name: [] for name, _function in measuring}
                for _ in range(args.repeat):  # interleaved: a change of load falls on every importer alike
                    for name, function in measuring:
                        runs[name].append((*measured(function, path, organisation_pk, again), os.getloadavg()[0]))
                for name, _function in measuring:
                    label = f"{name}{' (renvoi)' if again else ''}"
                    elapsed = statistics.median(r[0] for r in runs[name])
                    cpu = statistics.median(r[1] for r in runs[name])
                    load = statistics.median(r[5] for r in runs[name])
                    _, _, processed, problems, peak, _load = runs[name][0]
                    results[name] = (elapsed, peak)
                    # A re-send reuses the memory the first import allocated: its peak says nothing.
                    memory = "—" if again else f"{peak / 2**20:.1f}"
                    print(f"{size:>8} | {label:<32} | {size / elapsed:>9.0f} | {elapsed:>9.2f} | {cpu:>8.2f} | "
                          f"{cpu / size * 1000:>8.3f} | {memory:>17} | {processed:>8} | {problems:>9} | {load:.1f}")
                print(verdict(size, again, results, target))
    if args.no_pages:
        return
    print("\nRequêtes SQL par page (service départemental), médiane de 5 appels :")
    for size, url, counts, median_ms in list_queries():
        print(f"  {size:>5} offres  {url:<26} requêtes={counts}  {median_ms:.0f} ms")


def verdict(size, again, results, target):
    """One line: Logis against each baseline of the same run, and against the issue's targets."""
    ours, ours_peak = results["logis"]
    ratios = [f"{name} : ×{ours / theirs:.2f} du temps" for name, (theirs, _peak) in results.items() if name != "logis"]
    checks = []
    if size >= 10000:
        checks.append(f"{size / ours:.0f} lignes/s {'✓' if size / ours >= target else '✗'} (≥ {target})")
        raw = ours / results["brut"][0]
        checks.append(f"brut ×{raw:.2f} {'✓' if raw <= TARGET_RAW_RATIO else '✗'} (≤ ×{TARGET_RAW_RATIO})")
    if size >= 100000 and not again:
        checks.append(f"mémoire {ours_peak / 2**20:.0f} Mio {'✓' if ours_peak <= TARGET_MEMORY else '✗'}")
    return f"{'':>8}   logis / {' ; '.join(ratios)}" + (f"\n{'':>8}   objectifs : {' ; '.join(checks)}" if checks else "")


if __name__ == "__main__":
    main()
