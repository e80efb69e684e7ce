"""``logis offers import FILE --organisation ID [--dry-run] [--all-or-nothing] [--json]``: the admin import, for scripts."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from logis.accounts.models import Organisation


class Command(BaseCommand):
    help = "Offres d'hébergement de crise : import de fichiers CSV/XLSX."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="actions")
        importer = actions.add_parser("import", help="Importe (ou vérifie) un fichier d'offres.")
        importer.add_argument("file", help="Fichier .csv ou .xlsx.")
        importer.add_argument("--organisation", type=int, required=True, help="Identifiant de l'organisation des offres.")
        importer.add_argument("--dry-run", action="store_true", help="Vérifie seulement, n'enregistre rien.")
        importer.add_argument("--all-or-nothing", action="store_true",
                              help="N'enregistre rien si une ligne est en erreur (sinon : lignes valides seulement).")
        importer.add_argument("--json", action="store_true", help="Affiche le rapport en JSON.")

    def handle(self, *args, **options):
        from plugins.offers.importer import ALL_OR_NOTHING, VALID_ROWS, import_offers

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        organisation = Organisation.objects.select_related("territory").filter(pk=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"Organisation {options['organisation']} introuvable.")
        mode = ALL_OR_NOTHING if options["all_or_nothing"] else VALID_ROWS
        with transaction.atomic():
            report = import_offers(path.name, path.read_bytes(), organisation, mode=mode, dry_run=options["dry_run"])
        result = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for problem in result["problems"]:
            self.stdout.write(f"ligne {problem['line']}, colonne {problem['column'] or '—'} : {problem['message']}")
        self.stdout.write(result["summary"])
