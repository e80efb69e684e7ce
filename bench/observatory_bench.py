"""Observatory consolidation: time and SQL queries over 500 organisations × 8 checkpoints × 5 years.

Usage (its own throw-away database)::

    LOGIS_VAR_DIR=/tmp/obs-bench .venv/bin/python bench/observatory_bench.py [--organisations 500] [--repeat 3]

One size per run (the harness builds one throw-away database per process).

Builds 20 departments in 4 regions (two EPCIs and three communes each), two
federations, N landlords spread over them, five yearly campaigns of eight checkpoints, one validated sheet per
landlord and campaign with six operations (three kinds, dates spread over the
year), written in bulk. Then the national body's, a federation's and a
regional association's consolidation of the five campaigns (both stages, rows
by department and by EPCI) is timed, with its number of queries: it must not
grow with N. The baseline, measured in the same run, is the reach's cube
suppressed alone (before the national figures joined each person's table). Target: under 5 s
for 500 organisations (the cube, the secrecy pass and the rows).
"""

import argparse
import datetime
import os
import tempfile
import time

os.environ.setdefault("LOGIS_VAR_DIR", tempfile.mkdtemp(prefix="obs-bench-"))

import harness  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

YEARS = range(2022, 2027)
MONTHS = (1, 4, 6, 8, 9, 10, 11, 12)


def build(organisations):
    from logis.accounts.models import Organisation, RoleAssignment, Territory
    from plugins.observatory.models import Campaign, Checkpoint, Operation, OperationKind, Sheet

    country = Territory.objects.create(kind="country", code="FR", name="France")
    regions = [Territory.objects.create(kind="region", code=f"R{r}", name=f"Région {r}", parent=country) for r in range(4)]
    departments = [Territory.objects.create(kind="department", code=f"{d:02d}", name=f"Département {d}", parent=regions[d % 4])
                   for d in range(1, 21)]
    # Two EPCIs and three communes per department; one commune outside any EPCI.
    epcis = {d.pk: [Territory.objects.create(kind="epci", code=f"2000{d.code}{e}", name=f"EPCI {d.code}-{e}", parent=d) for e in range(2)]
             for d in departments}
    communes = {d.pk: [Territory.objects.create(kind="commune", code=f"{d.code}{c:03d}", name=f"Commune {d.code}-{c}", parent=d,
                                                epci=epcis[d.pk][c] if c < 2 else None) for c in range(3)] for d in departments}
    federations = [Organisation.objects.create(name=f"Fédération {f}", kind="federation", territory=country) for f in range(2)]
    union = Organisation.objects.create(name="Union", kind="national_body", territory=country)
    association = Organisation.objects.create(name="AR 0", kind="regional_association", territory=regions[0])
    landlords = Organisation.objects.bulk_create([
        Organisation(name=f"Bailleur {i}", kind="social_landlord", territory=departments[i % 20], federation=federations[i % 2])
        for i in range(organisations)])
    kinds = list(OperationKind.values)
    for year in YEARS:
        campaign = Campaign.objects.create(code=f"OBS-{year}", title=f"Observatoire {year}", year=year)
        Checkpoint.objects.bulk_create([Checkpoint(campaign=campaign, due_on=datetime.date(year, m, 28)) for m in MONTHS])
        sheets = Sheet.objects.bulk_create([Sheet(campaign=campaign, organisation=o, department=o.territory, status=Sheet.Status.VALIDATED)
                                            for o in landlords])
        Operation.objects.bulk_create([
            Operation(sheet=s, reference=f"OP-{n}", kind=kinds[(i + n) % 3], units=5 + (i * 7 + n) % 40, cost=1_000_000,
                      commune=communes[s.department_id][(i + n) % 4] if (i + n) % 4 < 3 else None,
                      subsidies=200_000, loans=800_000, started_on=datetime.date(year, 1 + (i + 2 * n) % 12, 15),
                      finished_on=datetime.date(year, 12, 31) if n % 2 else None)
            for i, s in enumerate(sheets) for n in range(6)], batch_size=2000)
    user = get_user_model().objects
    people = {
        "national": ("observatory.national", union), "federation": ("observatory.federation", federations[0]),
        "regional": ("observatory.regional_association", association),
    }
    users = {}
    for name, (role, org) in people.items():
        users[name] = user.create_user(f"bench-{name}", f"{name}@bench.invalid", "x")
        RoleAssignment.objects.create(user=users[name], role=role, organisation=org)
    return users


def reach_alone(scope, campaigns, stage):
    """The baseline: the reach's cube suppressed alone, as before the national figures joined the person's table."""
    from plugins.observatory import consolidation, secrecy

    result, cells = consolidation.contributions(scope, campaigns, stage)
    return consolidation.publish(result, cells, secrecy.suppress(cells, consolidation.lines(result, cells),
                                                                 consolidation.private_organisations(scope)))


def measure(user, repeat, consolidate):
    from logis.accounts.scoping import Scope
    from plugins.observatory.models import Campaign, Stage

    timings, queries, hidden, cells = [], 0, 0, 0
    for _ in range(repeat):
        scope = Scope.for_user(user, "observatory.consolidated")
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            for stage in Stage.values:
                result = consolidate(scope, Campaign.objects.all(), stage)
                consolidation_rows(result)
        timings.append(time.perf_counter() - started)
        queries = len(captured)
        cells = len(result.cells)
        hidden = sum(c.hidden for c in result.cells.values())
    return min(timings), queries, cells, hidden


def consolidation_rows(result):
    from plugins.observatory import consolidation

    for level in ("department", "epci"):
        consolidation.rows(result, level)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from plugins.observatory import consolidation

    print("| organisations | lecteur | calcul | durée (s, 2 étapes × 5 campagnes) | requêtes | cases | cachées |")
    print("|---:|---|---|---:|---:|---:|---:|")
    n = args.organisations
    with harness.throwaway_database():
        users = build(n)
        for name, user in users.items():
            for label, consolidate in (("portée seule (référence)", reach_alone), ("avec les chiffres nationaux", consolidation.consolidate)):
                seconds, queries, cells, hidden = measure(user, args.repeat, consolidate)
                print(f"| {n} | {name} | {label} | {seconds:.2f} | {queries} | {cells} | {hidden} |", flush=True)


if __name__ == "__main__":
    main()
