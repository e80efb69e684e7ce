"""Loading all of France's territories: Logis's bulk loader against a naive one-save-per-row loader.

Both start from the same empty, migrated database (each runs in a forked child
of the process that migrated it, so neither sees the other's rows) and load the
same rows from ``platform/logis/territories/data/fr.json.gz``. Printed: rows,
seconds, rows/s, peak resident memory (``VmHWM``) and its growth during the
load, then the idempotent second run of the bulk loader.

    .venv/bin/python bench/territories_load_bench.py [--naive-only 35,44]
"""

import argparse
import json
import os
import time

import harness


def vm(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field)) // 1024


def bulk(_only):
    from logis.territories import loader

    first = loader.load("FR")
    again = loader.load("FR")
    return {"rows": sum(first.created.values()), "seconds": round(first.seconds, 2), "second_run_seconds": round(again.seconds, 2),
            "second_run_unchanged": sum(again.unchanged.values()), "second_run_written": sum(again.created.values()) + sum(again.updated.values())}


def naive(only):
    """What the loader replaces: ``save()`` each territory (signals, audit entry and all), parents looked up once."""
    from logis.accounts.models import FormerCode, Territory
    from logis.territories import loader, sources

    rows, former = loader.france_rows(sources.read("FR"), only)
    saved = {}
    for row in sorted(rows, key=lambda r: (r.path.count("/"), r.kind != "epci")):
        territory = Territory(kind=row.kind, code=row.code, name=row.name, parent=saved.get(row.parent_path),
                              postcodes=row.postcodes, population=row.population, siren=row.siren, epci=saved.get(row.epci_path))
        territory.save()
        saved[row.path] = territory
    for code, path in former.items():
        FormerCode(code=code, territory=saved[path]).save()
    return {"rows": len(saved)}


def in_child(name, action, only):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        start_rss = vm("VmRSS:")
        started = time.perf_counter()
        result = action(only)
        result.setdefault("seconds", round(time.perf_counter() - started, 2))  # the bulk loader times its first run only
        result.update(peak_mb=vm("VmHWM:"), growth_mb=vm("VmHWM:") - start_rss)
        os.write(write, json.dumps(result).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        result = json.loads(pipe.read())
    os.waitpid(pid, 0)
    result["loader"] = name
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--naive-only", default="", help="Departments for the naive loader (default: all of France).")
    args = parser.parse_args()
    only = [c for c in args.naive_only.split(",") if c] or None
    with harness.throwaway_database() as connection:
        print(f"Base : {connection.vendor} ({connection.settings_dict['NAME']}), source fr.json.gz")
        results = [in_child("Logis (bulk)", bulk, None), in_child("naïf (save par ligne)", naive, only)]
    print(f"{'chargeur':24} {'lignes':>8} {'secondes':>9} {'lignes/s':>9} {'pic Mo':>7} {'+Mo':>5}")
    for r in results:
        print(f"{r['loader']:24} {r['rows']:>8} {r['seconds']:>9} {r['rows'] / max(r['seconds'], 0.001):>9.0f} {r['peak_mb']:>7} {r['growth_mb']:>5}")
    bulk_result, naive_result = results
    ratio = (naive_result["seconds"] / naive_result["rows"]) / (bulk_result["seconds"] / bulk_result["rows"])
    print(f"Par ligne, le chargeur de Logis est {ratio:.0f} × plus rapide que le chargeur naïf.")
    print(f"Second passage (idempotent) : {bulk_result['second_run_seconds']} s, {bulk_result['second_run_unchanged']} "
          f"inchangées, {bulk_result['second_run_written']} écrites.")


if __name__ == "__main__":
    main()
