"""The footer links a DSFR site must carry, and which of them a site still lacks.

One place reads the site's accessibility statement, legal pages and site map:
the footer of both themes, the check that keeps the DSFR theme from being
chosen without them, and the admin warning.

It sits below the page models: they name the obligation each of their pages
fulfils (``obligation``) with the keys defined here, and this module finds
them by their content type, so pages, navigation and this module import in
one direction only.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

ACCESSIBILITY, SITEMAP = "accessibilite", "plan-du-site"
LEGAL_NOTICE, PERSONAL_DATA, COOKIES = "mentions-legales", "donnees-personnelles", "cookies"
LEGAL_KINDS = [(LEGAL_NOTICE, gettext_lazy("Mentions légales")), (PERSONAL_DATA, gettext_lazy("Données personnelles")),
               (COOKIES, gettext_lazy("Gestion des cookies"))]
ORDER = [ACCESSIBILITY, LEGAL_NOTICE, PERSONAL_DATA, COOKIES, SITEMAP]
#: The page models (of the ``content`` app) whose pages fulfil an obligation; each declares ``obligation``.
PAGE_MODELS = ("accessibilitystatementpage", "legalpage", "sitemappage")


def _pages(root):
    """``{obligation: live page}`` among the children of the site's home page."""
    found = {}
    pages = Page.objects.child_of(root).live().filter(content_type__app_label="content", content_type__model__in=PAGE_MODELS)
    for page in pages.specific():
        found.setdefault(page.obligation, page)
    return found


def labels():
    return {ACCESSIBILITY: _("Déclaration d'accessibilité"), **{k: str(v) for k, v in LEGAL_KINDS}, SITEMAP: _("Plan du site")}


def footer_links(root, request=None):
    """The obligation links the site has, in the DSFR order; the accessibility one states the compliance level."""
    pages, names = _pages(root), labels()
    links = []
    for key in ORDER:
        page = pages.get(key)
        if page is None:
            continue
        label = names[key]
        if key == ACCESSIBILITY:
            label = _("Accessibilité : %(level)s") % {"level": page.get_compliance_display()}
        links.append({"key": key, "label": label, "url": page.get_url(request)})
    return links


def missing(root):
    """Labels of the obligations ``root``'s site lacks (no live page), in the DSFR order."""
    pages, names = _pages(root), labels()
    return [names[key] for key in ORDER if key not in pages]
