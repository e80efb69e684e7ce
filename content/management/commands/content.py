"""``logis content import DIR`` / ``logis content export DIR``: pages as Markdown with a YAML front matter."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from content.importer import ContentFileError, export_directory, home_page_for, import_directory
from content.search import DOCUMENT_TYPE
from search import service


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
        sub.choices["import"].add_argument(
            "--user", help=_("Identifiant de la personne à qui l'import est attribué dans l'historique des pages"))

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

    def _user(self, options, home):
        """The person the import is attributed to; they must be allowed to publish under ``home``."""
        if not options.get("user"):
            return None
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(_("Utilisateur introuvable ou inactif : %(user)s") % {"user": options["user"]})
        if not home.permissions_for_user(user).can_publish_subpage():
            raise CommandError(_("%(user)s n'a pas le droit de publier des pages sur ce site.") % {"user": options["user"]})
        return user

    def _index(self, report, home, out):
        """Index the imported pages now, in this process: the server's worker may listen to another Redis."""
        slugs = [r.slug for r in report.results if r.status in ("created", "updated")]
        pks = list(Page.objects.descendant_of(home).filter(slug__in=slugs).values_list("pk", flat=True))
        if not pks:
            return
        try:
            service.sync(DOCUMENT_TYPE, pks)
        except Exception as error:  # the index is locked or unreachable: the import itself stands
            self.stderr.write(_("Indexation en attente (%(error)s) : lancez « logis search reindex » pour rendre "
                                "ces pages trouvables par la recherche.") % {"error": error})
            return
        out.write(_("%(n)d page(s) indexée(s) pour la recherche.") % {"n": len(pks)})

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
            user = self._user(options, home_page_for(site, parent))
            report = import_directory(options["directory"], site=site, parent=parent, user=user)
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
        self._index(report, home_page_for(site, parent), self.stderr if options["json"] else self.stdout)
        if report.failed:
            raise SystemExit(1)
