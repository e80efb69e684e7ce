"""``logis demo``: load the demo data of the core, the content and every plugin (idempotent)."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from logis.accounts import demo as accounts_demo
from logis.plugins import call_hook


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent) et affiche les comptes de démonstration."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Affiche les comptes en JSON.")

    def handle(self, *args, **options):
        from content import demo as content_demo
        from search import demo as search_demo

        with transaction.atomic():
            accounts_demo.load(self.stdout)
            content_demo.load(self.stdout)
            call_hook("logis_demo_data", stdout=self.stdout)
        search_demo.load(None if options["json"] else self.stdout)  # synonyms, then reindex what was just loaded
        accounts = [
            {
                "username": user.username,
                "password": accounts_demo.DEMO_PASSWORD,
                "roles": [f"{a.role_label} — {a.organisation}" for a in user.role_assignments.all()]
                or (["administrateur"] if user.is_superuser else []),
            }
            for user in get_user_model().objects.filter(email__endswith="@demo.logis.invalid")
            .prefetch_related("role_assignments__organisation").order_by("username")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(accounts, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées. Comptes (mot de passe commun : %s) :" % accounts_demo.DEMO_PASSWORD))
        for account in accounts:
            self.stdout.write(f"  {account['username']:<22} {' ; '.join(account['roles'])}")
