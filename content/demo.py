"""Demo content of the professionals' sites: the SNE site (DSFR) and a Belgian publisher (neutral theme).

Everything is created or updated in place, so ``logis demo`` can run again.
"""

from pathlib import Path

import yaml
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page, Site

from content.importer import import_directory
from content.models import (
    AccessibilityStatementPage,
    GlossaryPage,
    GlossaryTerm,
    HomePage,
    LegalPage,
    Menu,
    MenuItem,
    NewsIndexPage,
    SectionPage,
    SiteBranding,
    SitemapPage,
    Theme,
    ThemePage,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"
SITES = {
    "sne": {
        "hostname": "localhost", "default": True, "theme": "dsfr",
        "title": "Le site des professionnels du SNE",
        "intro": "<p>Bienvenue sur le site des professionnels ! Retrouvez la documentation du Système national "
                 "d'enregistrement de la demande de logement social, rubrique par rubrique.</p>",
        "operator": "Groupement d'intérêt public\nSystème national d'enregistrement",
        "tagline": "Documentation de la demande de logement social",
    },
    "uvcw": {
        "hostname": "uvcw.localhost", "default": False, "theme": "neutre",
        "title": "Hébergement de crise — l'espace des communes",
        "intro": "<p>Les repères des communes wallonnes pour organiser l'hébergement de crise.</p>",
        "operator": "Union des villes et communes de Wallonie",
        "tagline": "Fiches pratiques pour les communes",
    },
}


def demo_yaml(name):
    """A YAML file of the demo corpus (``content/demo/``), or None when it is missing."""
    path = DEMO_DIR / name
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def _child(parent, model, slug, **fields):
    """The child page ``slug`` of ``parent``, created and published when missing."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def load_themes():
    for item in demo_yaml("themes.yaml") or []:
        parent, _ = Theme.objects.update_or_create(
            slug=item["slug"], defaults={"name": item["name"], "description": item.get("description", ""), "parent": None})
        for child in item.get("children") or []:
            Theme.objects.update_or_create(
                slug=child["slug"], defaults={"name": child["name"], "description": child.get("description", ""), "parent": parent})


def load_glossary():
    for item in demo_yaml("glossary.yaml") or []:
        term, _ = GlossaryTerm.objects.update_or_create(
            term=item["term"],
            defaults={"slug": slugify(item.get("acronym") or item["term"]), "acronym": item.get("acronym") or "",
                      "expansion": item.get("expansion") or "",
                      "definition": "".join(f"<p>{escape(p)}</p>" for p in str(item["definition"]).split("\n\n"))},
        )
        if item.get("themes"):
            term.themes.set(Theme.objects.filter(name__in=item["themes"]))


def create_site(key, spec):
    """The home page ``key`` under the tree root, served by the Wagtail Site ``spec`` describes, with its branding."""
    root = Page.get_first_root_node()
    home = HomePage.objects.child_of(root).filter(slug=key).first()
    if home is None:
        home = HomePage(title=spec["title"], slug=key, intro=spec["intro"])
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(hostname=spec["hostname"], port=80).first() or Site(hostname=spec["hostname"], port=80)
    site.root_page, site.site_name, site.is_default_site = home, spec["title"], spec["default"]
    if spec["default"]:
        Site.objects.filter(is_default_site=True).exclude(pk=site.pk).update(is_default_site=False)
    site.save()
    branding = SiteBranding.for_site(site)
    branding.visual_theme, branding.site_title = spec["theme"], spec["title"]
    branding.operator_name, branding.tagline = spec["operator"], spec["tagline"]
    branding.save()
    return site, home


def create_sections(home, items):
    """The rubriques ``items`` (``{slug, title, intro}``) under ``home``, in menu order."""
    for item in items or []:
        section = _child(home, SectionPage, item["slug"], title=item["title"], intro=item.get("intro", ""),
                         show_in_menus=True)
        if section.title != item["title"] or section.intro != item.get("intro", ""):
            section.title, section.intro = item["title"], item.get("intro", "")
            section.save_revision().publish()


def _sne_extras(site, home):
    glossary = _child(home, GlossaryPage, "glossaire", title="Glossaire",
                      intro="Les sigles et notions du logement social, de A à Z.")
    news = _child(home, NewsIndexPage, "actualites", title="Actualités", intro="Les nouveautés du SNE.")
    for theme in Theme.objects.filter(parent__isnull=True):
        _child(home, ThemePage, f"theme-{theme.slug}", title=theme.name, theme=theme)
    menu, _ = Menu.objects.get_or_create(name="Accès rapides — SNE")
    if not menu.items.exists():
        MenuItem.objects.create(menu=menu, label="Glossaire", link_page=glossary, sort_order=0)
        MenuItem.objects.create(menu=menu, label="Actualités", link_page=news, sort_order=1)
    branding = SiteBranding.for_site(site)
    branding.header_menu = branding.footer_menu = menu
    branding.save()


def create_footer_pages(home, operator):
    """The pages a DSFR site's footer must link (accessibility, legal notices, personal data, cookies, site map)."""
    _child(home, AccessibilityStatementPage, "accessibilite", title="Déclaration d'accessibilité",
           compliance=AccessibilityStatementPage.PARTIAL, compliance_rate=72, auditor="Audit interne", show_in_menus=False)
    for kind, title in [("mentions-legales", "Mentions légales"), ("donnees-personnelles", "Données personnelles"),
                        ("cookies", "Gestion des cookies")]:
        _child(home, LegalPage, kind, title=title, kind=kind,
               body=f"<p>{title} du site édité par {operator}.</p>")
    _child(home, SitemapPage, "plan-du-site", title="Plan du site")


def load(stdout=None):
    """Create the two demo sites, the taxonomy, the glossary and import the demo pages; idempotent."""
    load_themes()
    load_glossary()
    sections = demo_yaml("sections.yaml") or {}
    for key, spec in SITES.items():
        site, home = create_site(key, spec)
        create_sections(home, sections.get(key))
        if key == "sne":
            _sne_extras(site, home)
        if spec["theme"] == "dsfr":
            create_footer_pages(home, spec["operator"])
        folder = DEMO_DIR / key
        if folder.is_dir():
            report = import_directory(folder, parent=home)
            if stdout is not None:
                stdout.write(f"Contenus {key} : {report.count('created')} créé(s), {report.count('updated')} mis à jour, "
                             f"{report.count('unchanged')} inchangé(s), {len(report.failed)} en erreur")
                for failed in report.failed:
                    stdout.write(f"  {failed.file} : {failed.error}")
