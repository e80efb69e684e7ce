"""What the audit history and the role scoping cost, against the same work without them.

Run: ``.venv/bin/python bench/audit_overhead.py [--saves 500]``. Builds a
throw-away database (SQLite in memory unless DATABASE_URL is set: then a
``test_`` database next to it) with the demo territories, then prints:

1. the median time of one ``Organisation.save()`` that changes two fields,
   audited (one SELECT for the "before", one INSERT of the entry) and, as the
   baseline of the same run, with the audit's signals disconnected;
2. the SQL queries and median response time of the "Attributions de rôles"
   admin list for a commune's role manager with 10, 100 and 500 assignments
   (queries must not grow), next to the superuser's unscoped list.
"""

import argparse
import statistics

import harness

from django.db import connection  # noqa: E402
from django.db.models.signals import post_save, pre_save  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SIZES = (10, 100, 500)


def median_ms(action, repeat):
    return statistics.median(harness.sample_ms(action, repeat))


def save_cost(repeat):
    from logis.accounts import demo
    from logis.accounts.models import Organisation
    from logis.audit import recorder

    org = demo.organisation("Forum Réfugiés")
    lyon, rhone = demo.territory("FR/84/69/69123"), demo.territory("FR/84/69")

    def change(i):
        org.name = f"Forum Réfugiés {i}"
        org.territory = lyon if i % 2 else rhone
        org.save()

    audited = median_ms(change, repeat)
    uid = f"logis-audit-{Organisation._meta.label_lower}"
    pre_save.disconnect(sender=Organisation, dispatch_uid=uid + "-pre")
    post_save.disconnect(sender=Organisation, dispatch_uid=uid + "-post")
    try:
        plain = median_ms(change, repeat)
    finally:
        recorder._registered.discard(Organisation)
        recorder.audit(Organisation)
    print(f"Enregistrement d'une organisation ({repeat} fois, médiane, ms)")
    print(f"{'référence : sans historique':<32} {plain:>8.3f} {1:>6.1f}")
    print(f"{'avec historique':<32} {audited:>8.3f} {audited / plain:>6.1f}")


def role_list(repeat):
    from django.contrib.auth import get_user_model

    from logis.accounts import demo
    from logis.accounts.models import RoleAssignment

    users = get_user_model().objects
    lyon = demo.organisation("Ville de Lyon")
    manager = demo.demo_user("bench.gestion", "Bench", "Gestion", "core.role_manager", "Ville de Lyon")
    root = users.create_superuser("bench.racine", "r@example.org", "x")
    clients = {}
    for name, user in (("gestionnaire communal", manager), ("référence : superutilisateur", root)):
        clients[name] = Client()
        clients[name].force_login(user)
    print("\nListe « Attributions de rôles » : requêtes SQL et médiane (ms)")
    print(f"{'attributions':>12} " + " ".join(f"{name:>30}" for name in clients))
    done = 0
    for size in SIZES:
        for i in range(done, size):
            RoleAssignment.objects.create(user=users.create(username=f"bench.agent.{i}"), role="core.professional",
                                          organisation=lyon)
        done = size
        cells = []
        for client in clients.values():
            client.get("/admin/logis_roles/")
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/admin/logis_roles/").status_code == 200
            cells.append(f"{len(queries):>4} req. {median_ms(lambda _i: client.get('/admin/logis_roles/'), repeat):>8.1f} ms")
        print(f"{size:>12} " + " ".join(f"{cell:>30}" for cell in cells))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with harness.throwaway_database():
        from logis.accounts import demo

        demo.load()
        save_cost(args.saves)
        role_list(args.requests)


if __name__ == "__main__":
    main()
