"""``logis content import DIR`` / ``logis content export DIR``: pages as Markdown with a YAML front matter."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from content.importer import ContentFileError, export_directory, import_directory


class Command(BaseCommand):
    help = _("Importe ou exporte les pages du site au format Markdown avec en-tête YAML.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, help_text in (("import", _("Importe un dossier de fichiers .md")),
                                ("export", _("Exporte les pages dans un dossier"))):
            action = sub.add_parser(name, help=help_text)
            action.add_argument("directory")
            action.add_argument("--site", help=_("Nom d'hôte du site (par défaut : le site par défaut)"))
            action.add_argument("--parent", type=int, help=_("Identifiant de la page d'accueil sous laquelle importer"))
            action.add_argument("--json", action="store_true", help=_("Rapport en JSON"))

    def _target(self, options):
        site = parent = None
        if options.get("site"):
            site = Site.objects.filter(hostname=options["site"]).first()
            if site is None:
                raise CommandError(_("Site introuvable : %(host)s") % {"host": options["site"]})
        if options.get("parent"):
            parent = Page.objects.filter(pk=options["parent"]).first()
            if parent is None:
                raise CommandError(_("Page parente introuvable : %(id)s") % {"id": options["parent"]})
        return site, parent

    def handle(self, *args, **options):
        site, parent = self._target(options)
        try:
            if options["action"] == "export":
                paths = export_directory(options["directory"], site=site, parent=parent)
                if options["json"]:
                    self.stdout.write(json.dumps({"files": [p.name for p in paths]}, ensure_ascii=False))
                else:
                    self.stdout.write(_("%(n)d page(s) exportée(s) dans %(dir)s") % {"n": len(paths), "dir": options["directory"]})
                return
            report = import_directory(options["directory"], site=site, parent=parent)
        except ContentFileError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        else:
            for result in report.results:
                if result.removed:
                    self.stdout.write(_("%(file)s : HTML non autorisé retiré — %(what)s")
                                      % {"file": result.file, "what": ", ".join(result.removed)})
                if result.status == "error":
                    self.stderr.write(f"{result.file} : {_('erreur')} — {result.error}")
            self.stdout.write(
                _("%(created)d créée(s), %(updated)d mise(s) à jour, %(unchanged)d inchangée(s), %(errors)d en erreur")
                % {k: v for k, v in report.as_dict().items() if k != "files"}
            )
        if report.failed:
            raise SystemExit(1)
