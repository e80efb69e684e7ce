"""``logis offers import FILE --organisation ID [--user LOGIN] [--dry-run] [--all-or-nothing] [--json]`` and
``logis offers organisations --user LOGIN [--json]``: the admin import, for scripts.

The import exits non-zero when the file or the all-or-nothing mode refuses it,
so a script notices; ``--user`` names who imports, for the history and the
scope (the same organisations as in the admin's upload screen).
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from logis.accounts.models import Organisation
from logis.accounts.scoping import Scope
from logis.imports import ALL_OR_NOTHING, VALID_ROWS
from logis.middleware import acting_as
from plugins.offers.forms import organisations_for
from plugins.offers.importer import import_offers


class Command(BaseCommand):
    help = "Offres d'hébergement de crise : import de fichiers CSV/XLSX."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="actions")
        importer = actions.add_parser("import", help="Importe (ou vérifie) un fichier d'offres.")
        importer.add_argument("file", help="Fichier .csv ou .xlsx.")
        importer.add_argument("--organisation", type=int, required=True, help="Identifiant de l'organisation des offres.")
        importer.add_argument("--user", help="Identifiant de connexion de la personne qui importe (historique, périmètre).")
        importer.add_argument("--dry-run", action="store_true", help="Vérifie seulement, n'enregistre rien.")
        importer.add_argument("--all-or-nothing", action="store_true",
                              help="N'enregistre rien si une ligne est en erreur (sinon : lignes valides seulement).")
        importer.add_argument("--json", action="store_true", help="Affiche le rapport en JSON.")
        organisations = actions.add_parser("organisations", help="Organisations dans lesquelles une personne peut importer.")
        organisations.add_argument("--user", required=True, help="Identifiant de connexion.")
        organisations.add_argument("--json", action="store_true", help="Affiche la liste en JSON.")

    def handle(self, *args, **options):
        if options["action"] == "organisations":
            return self.list_organisations(options)
        return self.import_file(options)

    @staticmethod
    def _user(login):
        user = get_user_model().objects.filter(username=login, is_active=True).first()
        if user is None:
            raise CommandError(f"Utilisateur « {login} » introuvable ou inactif.")
        return user

    def _organisations(self, user):
        scope = Scope.for_user(user, "offers.import")
        if not scope or scope.aggregates_only:
            raise CommandError(f"« {user.get_username()} » n'a pas de rôle en cours qui permette d'importer des offres.")
        return scope, organisations_for(scope)

    def list_organisations(self, options):
        _scope, organisations = self._organisations(self._user(options["user"]))
        rows = [{"id": o.pk, "name": o.name, "kind": o.kind} for o in organisations]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row['id']}\t{row['name']}")

    def import_file(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        user, scope = None, None
        organisations = Organisation.objects.all()
        if options["user"]:
            user = self._user(options["user"])
            if not user.is_superuser:
                scope, organisations = self._organisations(user)
        organisation = organisations.select_related("territory").filter(pk=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"Organisation {options['organisation']} introuvable (ou hors de votre périmètre).")
        mode = ALL_OR_NOTHING if options["all_or_nothing"] else VALID_ROWS
        with acting_as(user), transaction.atomic(), path.open("rb") as handle:
            report = import_offers(path.name, handle, organisation, mode=mode, dry_run=options["dry_run"], scope=scope)
        result = report.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            for problem in result["problems"]:
                self.stdout.write(f"ligne {problem['line']}, colonne {problem['column'] or '—'} : {problem['message']}")
            self.stdout.write(result["summary"])
        if report.file_problem or (report.problem_count and mode == ALL_OR_NOTHING and not options["dry_run"]):
            raise CommandError(result["summary"])
