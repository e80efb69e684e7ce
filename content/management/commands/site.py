"""``logis site create``: a Logis home page at the root of the default site, for an install without the demo.

Wagtail's migrations leave a bare « Welcome » page at the site root, which
nothing in Logis can hang pages under (``logis content import`` refuses it).
This command puts a Logis home page there instead, asking for the site's
name in French unless it is given; run again, it changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from content.models import HomePage, SiteBranding

DEFAULT_NAME = "Documentation des professionnels"


def create_home(name, hostname="localhost"):
    """The default site's Logis home page: the existing one, or a new one replacing Wagtail's bare welcome page."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return site, site.root_page.specific, False
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).filter(slug="accueil").first()
    if home is None:
        home = HomePage(title=name, slug="accueil")
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        site = Site(hostname=hostname, port=80, is_default_site=True)
    welcome = site.root_page if site.root_page_id else None
    site.root_page, site.site_name = home, name
    site.save()
    if welcome is not None and type(welcome.specific) is Page and not welcome.get_children().exists():
        welcome.delete()  # Wagtail's placeholder, replaced
    branding = SiteBranding.for_site(site)
    branding.site_title = name
    branding.save()
    return site, home, True


class Command(BaseCommand):
    help = _("Crée la page d'accueil Logis du site par défaut (installation sans démonstration).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help=_("Crée la page d'accueil du site par défaut si elle manque"))
        create.add_argument("--name", help=_("Nom du site (demandé s'il n'est pas donné)"))
        create.add_argument("--hostname", default="localhost", help=_("Nom d'hôte du site s'il faut le créer"))
        create.add_argument("--no-input", action="store_true", help=_("Ne pose aucune question (nom par défaut)"))

    def handle(self, *args, name=None, hostname="localhost", no_input=False, **options):
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None and isinstance(site.root_page.specific, HomePage):
            self.stdout.write(_("Le site %(site)s a déjà une page d'accueil Logis : « %(title)s ».")
                              % {"site": site.hostname, "title": site.root_page.title})
            return
        if not name and not no_input:
            name = input(_("Nom du site (Entrée pour « %(default)s ») : ") % {"default": DEFAULT_NAME}).strip()
        name = (name or DEFAULT_NAME).strip()
        if len(name) > 255:
            raise CommandError(_("Le nom du site dépasse 255 caractères."))
        with transaction.atomic():
            site, home, _created = create_home(name, hostname)
        self.stdout.write(self.style.SUCCESS(
            _("Page d'accueil « %(title)s » créée à la racine du site %(site)s. Importez des pages avec « logis content import DOSSIER ».")
            % {"title": home.title, "site": site.hostname}))
