"""Offers import: rows/s and peak memory against django-import-export on the same file, plus list queries.

Usage (its own database, never the development one)::

    LOGIS_VAR_DIR=/tmp/offers-bench .venv/bin/python bench/offers_import_bench.py [--sizes 1000,10000,100000] [--repeat 1]

For each size a CSV file is generated (as a French spreadsheet writes it:
UTF-8 with BOM, semicolons, dd/mm/yyyy dates, "oui"/"non", phone numbers in
national form), then imported in a forked child process (so that peak memory
is that import's alone, read from the kernel's high-water mark) by:

* ``logis``: :func:`plugins.offers.importer.import_offers` (validation of every
  cell, row-by-row report, bulk writes and audit entries);
* ``import-export``: a django-import-export ``ModelResource`` mapping the same
  columns (model validation on, updates by ``reference``), the usual way a
  Django project imports spreadsheets — it neither normalises phone numbers
  nor writes audit entries, so it does less work per row.

Each size is imported twice per importer: into an empty table, then sent
again (the file is imported once unmeasured, then the same file is measured
again: matching by ``reference``, unchanged rows skipped by both importers).
Each import runs in a transaction rolled back at the end, so every run starts
from the same empty table. Then the offers list page and API are requested
as a department service with 10 / 100 / 1,000 offers in the database: the
number of SQL queries must not change, the median time is printed.
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


def baseline_resource(organisation):
    """The django-import-export resource of the same columns, as a project would write it."""
    from import_export import fields, resources, widgets

    from logis.accounts.models import Territory
    from plugins.offers.models import Offer
    from plugins.offers.import_columns import CANONICAL_COLUMNS

    class CommuneWidget(widgets.ForeignKeyWidget):
        def get_queryset(self, value, row, *args, **kwargs):
            return Territory.objects.filter(kind="commune")

    class OuiNon(widgets.BooleanWidget):
        TRUE_VALUES = ["oui", "Oui", "1"]
        FALSE_VALUES = ["non", "Non", "0"]

    class OfferResource(resources.ModelResource):
        reference = fields.Field("reference", "reference")
        type_hebergeur = fields.Field("provider_kind", "type_hebergeur")
        type_logement = fields.Field("accommodation_kind", "type_logement")
        adresse = fields.Field("street", "adresse")
        code_postal = fields.Field("postcode", "code_postal")
        commune = fields.Field("commune", "commune", widget=CommuneWidget(Territory, "name"))
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
            clean_model_instances = True
            skip_unchanged = True  # as Logis does: a row sent again unchanged is not written

        def before_import_row(self, row, **kwargs):
            kinds = {"Particulier": "citizen", "Hôtel": "hotel", "Appartement": "flat", "Chambre d'hôtel": "hotel_room"}
            row["type_hebergeur"] = kinds.get(row["type_hebergeur"], row["type_hebergeur"])
            row["type_logement"] = kinds.get(row["type_logement"], row["type_logement"])

        def get_queryset(self):
            return Offer.objects.filter(organisation=organisation)

        def init_instance(self, row=None):
            instance = super().init_instance(row)
            instance.organisation = organisation
            return instance

    return OfferResource()


def run_ours(data, organisation):
    from plugins.offers.importer import ALL_OR_NOTHING, import_offers
    from plugins.offers.phones import normalise_phone

    normalise_phone.cache_clear()  # each import starts cold, as in a fresh RQ work-horse

    report = import_offers("bench.csv", data, organisation, mode=ALL_OR_NOTHING)
    return report.created + report.updated + report.unchanged, report.problem_count


def run_baseline(data, organisation):
    import tablib

    dataset = tablib.Dataset().load(data.decode("utf-8-sig"), format="csv", delimiter=";")
    result = baseline_resource(organisation).import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False)
    totals = result.totals
    return totals.get("new", 0) + totals.get("update", 0) + totals.get("skip", 0), len(result.invalid_rows) + len(result.row_errors())


def _status(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def measured(function, data, organisation_pk, again=False):
    """Run ``function`` in a forked child: (seconds, rows processed, problems, peak extra memory in bytes).

    ``again``: the file is first imported once (not measured), then the
    measured import is the same file sent again (updates by reference).
    """
    read_end, write_end = os.pipe()
    connections.close_all()
    pid = os.fork()
    if pid == 0:  # child: fresh DB connection, peak memory counter reset
        os.close(read_end)
        from logis.accounts.models import Organisation

        organisation = Organisation.objects.select_related("territory").get(pk=organisation_pk)
        with transaction.atomic():
            if again:
                function(data, organisation)
            try:
                Path("/proc/self/clear_refs").write_text("5")
            except OSError:
                pass
            start_rss = _status("VmRSS")
            start = time.perf_counter()
            with transaction.atomic():
                processed, problems = function(data, organisation)
            elapsed = time.perf_counter() - start
            transaction.set_rollback(True)
        os.write(write_end, f"{elapsed} {processed} {problems} {_status('VmHWM') - start_rss}".encode())
        os._exit(0)
    os.close(write_end)
    output = b""
    while chunk := os.read(read_end, 1024):
        output += chunk
    os.waitpid(pid, 0)
    elapsed, written, problems, peak = output.split()
    return float(elapsed), int(written), int(problems), int(peak)


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
                import_offers(path.name, path.read_bytes(), organisation("DDETS du Rhône"), mode=VALID_ROWS)
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=1, help="Runs per size and importer (the median is kept).")
    parser.add_argument("--baseline-up-to", type=int, default=0,
                        help="Skip django-import-export above this many rows (it writes row by row: ~1 h for 100,000 "
                             "rows on a loaded 2-core machine). 0: measure it at every size.")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from logis.accounts import demo
    from plugins.offers.models import Offer

    demo.load()
    Offer.objects.all().delete()
    organisation_pk = demo.organisation("DDETS du Rhône").pk
    print(f"Base : {connection.vendor} — {args.repeat} passage(s) par taille, médiane retenue\n")
    print(f"{'lignes':>8} | {'importeur':<22} | {'lignes/s':>9} | {'durée (s)':>9} | {'mémoire max (Mo)':>16} | traitées | problèmes")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(folder) / f"offres-{size}.csv"
            write_file(path, size)
            data = path.read_bytes()
            for again in (False, True):
                results = {}
                for name, function in (("logis", run_ours), ("import-export", run_baseline)):
                    label = f"{name}{' (renvoi)' if again else ''}"
                    if name == "import-export" and args.baseline_up_to and size > args.baseline_up_to:
                        print(f"{size:>8} | {label:<22} | non mesuré (--baseline-up-to {args.baseline_up_to})")
                        continue
                    runs = [measured(function, data, organisation_pk, again) for _ in range(args.repeat)]
                    elapsed = statistics.median(r[0] for r in runs)
                    _, processed, problems, peak = runs[0]
                    results[name] = (elapsed, peak)
                    # A re-send reuses the memory the first import allocated: its peak says nothing.
                    memory = "—" if again else f"{peak / 2**20:.1f}"
                    print(f"{size:>8} | {label:<22} | {size / elapsed:>9.0f} | {elapsed:>9.2f} | {memory:>16} | "
                          f"{processed:>8} | {problems}")
                if "import-export" in results:
                    ours, theirs = results["logis"], results["import-export"]
                    ratio = f"vitesse ×{theirs[0] / ours[0]:.1f}"
                    if not again and theirs[1]:
                        ratio += f", mémoire ×{ours[1] / theirs[1]:.2f}"
                    print(f"{'':>8}   rapport logis / import-export : {ratio}")
    print("\nRequêtes SQL par page (service départemental), médiane de 5 appels :")
    for size, url, counts, median_ms in list_queries():
        print(f"  {size:>5} offres  {url:<26} requêtes={counts}  {median_ms:.0f} ms")


if __name__ == "__main__":
    main()
