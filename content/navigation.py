"""What every page shows around its content, each in a fixed number of queries.

Breadcrumbs, main navigation, menus, previous/next in a section and related
pages by shared themes are each one query, however many pages the site has.
"""

import unicodedata
from itertools import groupby

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from content import chrome, page_cache
from content.access import may_read_private
from logis import public_pages


def can_view_private(request):
    """``may_read_private`` for the visitor of ``request``, cached on the request."""
    if request is None:
        return False
    if not hasattr(request, "_logis_view_private"):
        request._logis_view_private = may_read_private(getattr(request, "user", None))
    return request._logis_view_private


def visible(queryset, request):
    """Pages a visitor may open: professionals-only pages only for those ``may_read_private`` lets in."""
    if can_view_private(request):
        return queryset
    if request is None:
        return queryset.public()
    if not hasattr(request, "_logis_private_q"):  # the view restrictions, read once per cache generation
        request._logis_private_q = chrome.private_q()
    return queryset.exclude(request._logis_private_q)


def section_slug(page):
    """Slug of the page's parent, read from its URL path (no query)."""
    parts = [part for part in page.url_path.split("/") if part]
    return parts[-2] if len(parts) >= 3 else ""


def page_site(page, request):
    """The site ``request`` asked for, or the page's own (no request, or none matches)."""
    site = Site.find_for_request(request) if request is not None else None
    return site or page.get_site()


def _breadcrumbs(page, root, top_pages):
    """Live ancestors of ``page`` from the site's root down: from the cached top pages when they hold them all."""
    if not page.path.startswith(root.path):  # a page previewed outside the requested site
        return []
    wanted = [page.path[:end] for end in range(len(root.path), len(page.path), Page.steplen)]
    if all(path in top_pages for path in wanted):
        return [top_pages[path] for path in wanted]
    return [a for a in page.get_ancestors() if a.depth >= root.depth and a.live]


def site_chrome(page, request):
    """Breadcrumbs, main navigation, menus and skip links of ``page`` on its site (``content.chrome`` holds the site's part)."""
    parts = chrome.site_parts(page_site(page, request), request)
    root = parts["root"]
    return {
        "account": account_links(request) if request is not None else {},
        "legal_links": parts["legal_links"],
        "site_root": root,
        "breadcrumbs": _breadcrumbs(page, root, parts["top_pages"]),
        "nav_items": [{"title": item["title"], "url": item["url"], "current": page.path.startswith(item["path"])}
                      for item in parts["nav"]],
        "header_links": parts["header_links"],
        "footer_links": parts["footer_links"],
        # the parts of the theme's frame the same for every page of the site in a language ({% cache %} in base.html)
        "chrome_key": f"{page_cache.generation()}-{root.pk}",
        "chrome_seconds": page_cache.timeout(),
        "skiplinks": [
            {"link": "#contenu", "label": _("Contenu")},
            {"link": "#navigation-principale", "label": _("Menu")},
            {"link": "#recherche", "label": _("Recherche")},
            {"link": "#pied-de-page", "label": _("Pied de page")},
        ],
    }


def view_chrome(request, title):
    """The site's visual theme around a view that is not a page (search, login, error pages).

    Without a site (an install before ``logis site create``) the core's plain accessible page; the root page
    stands for ``page`` in breadcrumbs and titles.
    """
    site = Site.find_for_request(request)
    if site is None:
        return public_pages.chrome_without_site(title)
    branding = chrome.site_parts(site, request)["branding"]
    root = site.root_page.specific
    context = site_chrome(root, request)
    context.update(branding=branding, visual_theme=branding.theme, theme_base=branding.theme.base_template,
                   breadcrumbs=[root], page={"title": title})
    return context


def account_links(request):
    """« Se connecter » (back to this page), or « Mon espace » (for who may enter the admin) and « Se déconnecter »."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"login_url": reverse("content-login") + "?" + urlencode({"next": request.get_full_path()})}
    space = reverse("wagtailadmin_home") if user.has_perm("wagtailadmin.access_admin") else ""
    return {"user_name": user.get_full_name() or user.get_username(), "space_url": space,
            "logout_url": reverse("content-logout")}


def previous_next(page, request):
    """The previous and next pages of the same type in the same section, in menu order."""
    siblings = visible(type(page).objects.sibling_of(page, inclusive=False).live(), request)
    before = siblings.filter(path__lt=page.path).order_by("-path").values("pk")[:1]
    after = siblings.filter(path__gt=page.path).order_by("path").values("pk")[:1]
    both = list(type(page).objects.filter(Q(pk__in=before) | Q(pk__in=after)).defer("body"))  # one query
    return (next((p for p in both if p.path < page.path), None), next((p for p in both if p.path > page.path), None))


def related_pages(page, request, site_root, model, theme_ids, limit=4):
    """Pages of ``model`` (guides) on the same site sharing the most themes with ``page`` (the count follows the theme filter).

    The body is left out: it would be read, and grouped on, for every candidate page.
    """
    candidates = (model.objects.descendant_of(site_root).live()
                  .filter(themes__in=theme_ids)  # read by the caller, which shows them (a preview's are in memory)
                  .exclude(pk=page.pk).defer("body"))
    return list(visible(candidates, request).annotate(shared=Count("themes")).order_by("-shared", "title")[:limit])


def _sort_key(text):
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()


def group_by_letter(terms):
    """Glossary terms sorted A–Z by headword (acronym or term) and grouped by first letter."""
    ordered = sorted(terms, key=lambda term: _sort_key(term.acronym or term.term))
    return [(letter, list(items)) for letter, items in groupby(ordered, key=lambda term: term.letter)]
