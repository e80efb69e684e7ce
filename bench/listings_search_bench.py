"""Public listings search: p50/p95 of the catalogue against the same filter as a plain Django queryset, and SQL per page.

Usage (its own throw-away database, never the development one)::

    LOGIS_VAR_DIR=/tmp/listings-bench .venv/bin/python bench/listings_search_bench.py [--size 20000] [--repeat 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/logis_bench ... (same, on PostgreSQL)

20,000 listings are written with ``bulk_create`` (three quarters on line, the rest drafts,
expired or outside their window) over the demo communes. Then, in the same run and on the
same data, each filter is timed two ways:

* ``logis``: :func:`plugins.listings.catalogue.search` — public state and window, rent with
  charges, place through the territory tree, sort, the first page of 12 with the related rows
  a result card shows (commune, department, organisation, photos);
* ``plain``: the same filter written as a developer would without the catalogue — a
  ``Listing.objects.filter(...)`` with the same conditions, ``select_related`` and
  ``prefetch_related`` of the same relations, the same slice.

Finally the public page ``/annonces/`` and the public API are requested with 10, 1,000 and
20,000 listings in the database: the number of SQL queries must not change.
"""

import argparse
import datetime
import os
import random
import tempfile
from decimal import Decimal

os.environ.setdefault("LOGIS_VAR_DIR", tempfile.mkdtemp(prefix="listings-bench-"))

import harness  # noqa: E402, F401

from django.db import connection  # noqa: E402
from django.db.models import DecimalField, F, Value  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

FILTERS = {
    "tout": "",
    "lieu=département+T3": "lieu=FR/84/69&type=T3",
    "loyer<=500+tri loyer": "loyer_max=500&tri=loyer",
    "commune+surface+PMR": "lieu=FR/84/38/38185&surface_min=50&pmr=1",
}


def populate(size, rng):
    from logis.accounts import demo
    from logis.accounts.models import Organisation, Territory
    from plugins.listings.models import Listing

    demo.load()
    communes = list(Territory.objects.filter(kind="commune", path__startswith="FR/84"))
    organisations = list(Organisation.objects.filter(kind="social_landlord"))
    today = timezone.localdate()
    start = Listing.objects.count()
    rows = []
    for index in range(start, size):
        state = rng.random()
        status = "published" if state < 0.8 else rng.choice(["draft", "expired", "let"])
        window = (today - datetime.timedelta(days=3), today + datetime.timedelta(days=40)) if state < 0.75 else \
            (today + datetime.timedelta(days=5), today + datetime.timedelta(days=40))
        rows.append(Listing(
            organisation=rng.choice(organisations), reference=f"B-{index}", title=f"Logement {index}", dwelling_type=rng.choice("123456").join(["T", ""]),
            surface=Decimal(rng.randint(20, 120)), rent=Decimal(rng.randint(200, 800)), charges=Decimal(rng.randint(20, 150)),
            deposit=Decimal(500), commune=rng.choice(communes), energy_class=rng.choice("ABCDEF"), ghg_class=rng.choice("ABCDEF"),
            step_free=rng.random() < 0.3, lift=rng.random() < 0.5, contact_email="b@exemple.fr", status=status,
            visible_from=window[0], visible_until=window[1], published_at=timezone.now() - datetime.timedelta(minutes=index),
        ))
    Listing.objects.bulk_create(rows, batch_size=2000)


def plain(params):
    """The same filter written directly with the ORM, without the catalogue."""
    from logis.accounts.models import Territory
    from plugins.listings.models import Listing

    today = timezone.localdate()
    qs = Listing.objects.filter(status="published", visible_from__lte=today, visible_until__gte=today).annotate(
        total=F("rent") + Coalesce("charges", Value(0), output_field=DecimalField()))
    if params.get("lieu"):
        place = Territory.objects.get(path=params["lieu"])
        qs = qs.filter(commune__path__startswith=place.path) if place.kind != "commune" else qs.filter(commune=place)
    if params.getlist("type"):
        qs = qs.filter(dwelling_type__in=params.getlist("type"))
    if params.get("loyer_max"):
        qs = qs.filter(total__lte=Decimal(params["loyer_max"]))
    if params.get("surface_min"):
        qs = qs.filter(surface__gte=Decimal(params["surface_min"]))
    if params.get("pmr"):
        qs = qs.filter(step_free=True)
    order = ("total", "pk") if params.get("tri") == "loyer" else ("-published_at", "-pk")
    qs = qs.select_related("commune", "commune__parent", "organisation").prefetch_related("photos__image").order_by(*order)
    return qs.count(), list(qs[:12])


def logis(params):
    from plugins.listings import catalogue

    found = catalogue.search(catalogue.Criteria.read(params)).prefetch_related("photos__image")
    return found.count(), list(found[:12])


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(2026)
    with harness.throwaway_database():
        client = Client()
        counts = {}
        for size in (10, 1000, args.size):
            populate(size, rng)
            client.get("/annonces/")  # warm caches
            counts[size] = (queries(client, "/annonces/?tri=loyer"), queries(client, "/api/listings/?limit=20"))
        print(f"engine: {connection.vendor}, listings: {args.size}, repeat: {args.repeat}")
        print(f"{'filtre':<24} {'logis p50':>10} {'p95':>8} {'plain p50':>10} {'p95':>8}  (ms)  results")
        for name, query in FILTERS.items():
            params = QueryDict(query)
            assert logis(params)[0] == plain(params)[0], name
            ours = harness.median_p95(harness.sample_ms(lambda i: logis(params), args.repeat, warmup=5))
            theirs = harness.median_p95(harness.sample_ms(lambda i: plain(params), args.repeat, warmup=5))
            print(f"{name:<24} {ours[0]:>10.2f} {ours[1]:>8.2f} {theirs[0]:>10.2f} {theirs[1]:>8.2f}        {logis(params)[0]}")
        print("SQL par requête (page publique, API publique) :", ", ".join(f"{size} annonces : {c[0]}, {c[1]}" for size, c in counts.items()))
        if len({c for c in counts.values()}) != 1:
            raise SystemExit("Le nombre de requêtes SQL varie avec le nombre d'annonces.")


if __name__ == "__main__":
    main()
