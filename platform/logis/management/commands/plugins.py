"""``logis plugins``: what is installed, what it implements, where it is on."""

import json

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from wagtail.models import Site

from logis.plugins import plugin_manager
from logis.sites import enabled_plugins


class Command(BaseCommand):
    help = "Liste les extensions avec leur version, leurs hooks et les sites où elles sont activées."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Sortie JSON pour les scripts.")

    def handle(self, *args, **options):
        try:
            sites = list(Site.objects.order_by("pk"))
        except DatabaseError:  # not migrated yet: the plugins are still worth listing
            sites = []
            self.stderr.write("Base non migrée : sites inconnus (lancez « logis migrate »).")
        enabled_by_site = {site.pk: enabled_plugins(site) for site in sites}
        rows = []
        for info in sorted(plugin_manager.plugins.values(), key=lambda i: i.name):
            rows.append({
                "name": info.name,
                "version": info.version,
                "module": info.source,
                "status": "échec" if info.failed else "chargée",
                "hooks": info.hooks,
                "sites": [site.site_name or site.hostname for site in sites if info.name in enabled_by_site[site.pk]],
                "error": info.error.strip().splitlines()[-1] if info.failed else "",
            })
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Aucune extension installée.")
        for row in rows:
            self.stdout.write(f"{row['name']} {row['version']} — {row['status']} ({row['module']})")
            if row["error"]:
                self.stdout.write(self.style.ERROR(f"  erreur : {row['error']}"))
            self.stdout.write(f"  hooks : {', '.join(row['hooks']) or '—'}")
            self.stdout.write(f"  sites : {', '.join(row['sites']) or '—'}")
