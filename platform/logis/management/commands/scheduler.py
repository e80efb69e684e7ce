"""``logis scheduler``: run the periodic jobs plugins declare (RQ cron)."""

import django_rq
from django.core.management.base import BaseCommand

from logis.jobs.queue import build_cron_scheduler


class Command(BaseCommand):
    help = "Lance le planificateur des tâches périodiques déclarées par les extensions."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="Affiche les tâches et sort.")

    def handle(self, *args, **options):
        scheduler = build_cron_scheduler(django_rq.get_connection())
        for job in scheduler._cron_jobs:
            self.stdout.write(f"{job.name} — {job.cron} (file {job.queue_name})")
        if not options["list"]:
            scheduler.start()
