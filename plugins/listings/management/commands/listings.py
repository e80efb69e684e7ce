"""``logis listings feeds [--json]``: rewrite the feed files portals read; ``logis listings expire [--json]``: the nightly rules now.

Exits non-zero when a feed cannot be written, so a script notices.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plugins.listings import jobs


class Command(BaseCommand):
    help = "Annonces de logements : flux pour les portails et règles quotidiennes."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="actions")
        feeds = actions.add_parser("feeds", help="Régénère les flux RSS, Atom et XML (Trovit) des annonces en ligne.")
        feeds.add_argument("--json", action="store_true", help="Affiche le résultat en JSON.")
        daily = actions.add_parser("daily", help="Fin de diffusion, effacement des contacts anciens, flux (la tâche de 0 h 05).")
        daily.add_argument("--json", action="store_true", help="Affiche le résultat en JSON.")

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                result = jobs.regenerate_feeds() if options["action"] == "feeds" else jobs.daily()
        except OSError as error:
            raise CommandError(f"Flux non écrits : {error}") from error
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, default=str))
        elif options["action"] == "feeds":
            for fmt, info in result.items():
                self.stdout.write(f"{fmt} : {info['path']} ({info['bytes']} octets)")
        else:
            self.stdout.write(", ".join(f"{key} : {value}" for key, value in result.items()))
