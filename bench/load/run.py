#!/usr/bin/env python3
"""The full load run: Logis with production settings on loopback, 200 simulated users for 60 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/logis_charge REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/load/run.py [--users 200] [--seconds 60] [--workers 3] [--p95-max 0]

It migrates the database and loads the demo data (use a database of its own:
the run writes offers and imports into it), collects the static files, then
starts gunicorn (``--workers``) and one RQ worker with ``LOGIS_ENV=production``
behind a simulated TLS proxy (``LOGIS_TRUSTED_PROXY=1``), drives them with
the Locust scenarios of ``bench/load/locustfile.py`` and prints throughput and
p50/p95/p99 per endpoint against the baseline served by the same gunicorn in
the same run: Wagtail's own welcome page on a site of its own
(``baseline.localhost``, no plugin, no theme), and ``/healthz``. The figures go to ``var/reliability/`` and the
exit code is 1 when a request failed (or the p95 of all requests is above
``--p95-max`` milliseconds, when given).

With ``--pages`` (issue 13's page throughput: ``--workers 2 --seconds 30 --users 20``)
the run is instead anonymous readers without pause (``pages_locustfile.py``):
guide pages with the page cache on (the first phase starts cold, as after a
publish), the bare Wagtail page as Wagtail serves it, the same page through the
page cache, then again all three, each phase half of ``--seconds``, so that the
targets get the same time on a machine whose load drifts; it prints req/s and
p95 of each target and the guide pages' ratio to each bare page (target: at
least the bare Wagtail page's throughput; through the page cache the bare page
is the same dictionary look-up as a guide page, so that ratio is about 1).
"""

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(media):
    env = dict(os.environ)
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("La charge complète demande PostgreSQL : DATABASE_URL=postgres://… (une base à elle : elle y écrit).")
    env.update(LOGIS_ENV="production", DEBUG="0", SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="127.0.0.1,baseline.localhost",
               LOGIS_TRUSTED_PROXY="1", MEDIA_ROOT=str(media), LOG_LEVEL="WARNING", LOGIS_API_DOCS_PUBLIC="1")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    return env


def wait_until_up(url, seconds=300):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=10, headers={"X-Forwarded-Proto": "https"}).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    sys.exit(f"{url} ne répond pas après {seconds} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--spawn-rate", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--p95-max", type=float, default=0)
    parser.add_argument("--skip-setup", action="store_true", help="base déjà migrée et fichiers statiques déjà rassemblés")
    parser.add_argument("--pages", action="store_true", help="débit des fiches guides (cache des pages) contre la page Wagtail nue")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="logis-charge-"))
    env = production_env(workdir / "media")
    logis = [str(BIN / "logis")]
    steps = [["migrate", "--noinput"], ["collectstatic", "--noinput"], ["demo", "--json"]]
    for step in steps[2:] if args.skip_setup else steps:
        subprocess.run([*logis, *step], env=env, check=True, stdout=subprocess.DEVNULL)
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "logis.settings")
    import django

    django.setup()
    from logis.testing.load import baseline_site, run_locust, table
    from logis.testing.report import record

    baseline_site()
    port = free_port()
    processes = [
        subprocess.Popen([str(BIN / "gunicorn"), "logis.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
                          "--log-level", "warning"], env=env, cwd=ROOT),
        subprocess.Popen([*logis, "rqworker", "default", "imports", "search"], env=env, cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    try:
        host = f"http://127.0.0.1:{port}"
        wait_until_up(host + "/healthz")
        if args.pages:
            return page_throughput(host, args, workdir, run_locust, record)
        start = time.perf_counter()
        result = run_locust(host, args.users, args.seconds, workdir, spawn_rate=args.spawn_rate)
        total = result["total"]
        print(table(result))
        baseline = next((row for row in result["endpoints"] if "page Wagtail nue" in row["name"]), None)
        record("charge (complète)", utilisateurs=args.users, durée_s=args.seconds, workers_gunicorn=args.workers,
               requêtes=total["requests"], échecs=total["failures"], req_par_s=total["rps"], p50_ms=total["p50"], p95_ms=total["p95"],
               p99_ms=total["p99"], référence_page_wagtail_nue_p95_ms=baseline["p95"] if baseline else None,
               par_point_d_accès={row["name"]: {k: row[k] for k in ("requests", "failures", "rps", "p50", "p95", "p99")} for row in result["endpoints"]},
               durée_totale_s=round(time.perf_counter() - start, 1))
        for failure in result["failures"]:
            print(f"ÉCHEC {failure['Method']} {failure['Name']} : {failure['Error']} ×{failure['Occurrences']}", file=sys.stderr)
        failed = total["failures"] > 0 or (args.p95_max and total["p95"] > args.p95_max)
        return 1 if failed else 0
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()


PAGE_TARGETS = (("GuideReader", "fiche guide (cache des pages)"), ("UncachedBarePageReader", "page Wagtail nue, servie par Wagtail"),
                ("BarePageReader", "page Wagtail nue, via le cache des pages"))


def page_throughput(host, args, workdir, run_locust, record):
    """Guide pages against the bare Wagtail page, in alternating phases; 1 when a request failed."""
    phases = {label: [] for _cls, label in PAGE_TARGETS}
    for _round in range(2):
        for user_class, label in PAGE_TARGETS:
            result = run_locust(host, args.users, args.seconds // 2, workdir, spawn_rate=args.users,
                                locustfile=Path(__file__).with_name("pages_locustfile.py"), user_classes=[user_class])
            phases[label].append(next(row for row in result["endpoints"] if row["name"].endswith(label)))
    print(f"{args.users} lecteurs sans pause, gunicorn {args.workers} workers, 2 × {args.seconds // 2} s par cible, "
          f"charge de la machine {os.getloadavg()[0]:.1f}")
    print(f"{'cible':<34} {'requêtes':>9} {'échecs':>7} {'req/s':>7} {'p95 ms':>7}")
    figures = {}
    for label, rows in phases.items():
        requests_ = sum(row["requests"] for row in rows)
        figures[label] = {"requêtes": requests_, "échecs": sum(row["failures"] for row in rows),
                          "req_par_s": round(sum(row["rps"] for row in rows) / len(rows), 1),
                          "p95_ms": max(row["p95"] for row in rows)}  # the worse phase: a drifting machine shows
        f = figures[label]
        print(f"{label:<34} {f['requêtes']:>9} {f['échecs']:>7} {f['req_par_s']:>7} {f['p95_ms']:>7.0f}")
    guide, wagtail, bare = (figures[label] for _cls, label in PAGE_TARGETS)
    ratios = {}
    for name, reference in (("page nue servie par Wagtail (cible de l'issue 13)", wagtail), ("page nue via le cache des pages", bare)):
        ratios[name] = round(guide["req_par_s"] / reference["req_par_s"], 2) if reference["req_par_s"] else 0
        print(f"débit des fiches / {name} : × {ratios[name]:.2f} (≥ × 1 : {'atteint' if ratios[name] >= 1 else 'NON atteint'})")
    record("charge (fiches guides, cache des pages)", utilisateurs=args.users, durée_s_par_cible=args.seconds,
           workers_gunicorn=args.workers, rapports_débit=ratios, **{label: f for label, f in figures.items()})
    return 1 if any(f["échecs"] for f in figures.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
