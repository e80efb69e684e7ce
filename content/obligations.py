"""The footer links a DSFR site must carry, and which of them a site still lacks.

One place reads the site's accessibility statement, legal pages and site map:
the footer of both themes, the check that keeps the DSFR theme from being
chosen without them, and the admin warning.
"""

from django.utils.translation import gettext as _
from wagtail.models import Page

from content.models.legal import (
    COOKIES, LEGAL_KINDS, LEGAL_NOTICE, PERSONAL_DATA, AccessibilityStatementPage, LegalPage, SitemapPage,
)

ACCESSIBILITY, SITEMAP = "accessibilite", "plan-du-site"
ORDER = [ACCESSIBILITY, LEGAL_NOTICE, PERSONAL_DATA, COOKIES, SITEMAP]


def _pages(root):
    """``{obligation: live page}`` among the children of the site's home page."""
    found = {}
    for page in Page.objects.child_of(root).live().type(AccessibilityStatementPage, LegalPage, SitemapPage).specific():
        key = page.kind if isinstance(page, LegalPage) else ACCESSIBILITY if isinstance(page, AccessibilityStatementPage) else SITEMAP
        found.setdefault(key, page)
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
