"""Site-wide data every page needs, read once per cache generation instead of once per request (issue 13).

Each entry is keyed by the page cache's generation (``content.page_cache``), so
that publishing, unpublishing, moving a page or changing a menu, the branding
or a theme puts them out of use together with the cached pages:

- ``view_restrictions``: every page view restriction by page path, and the paths
  of alias pages, so that a page without any restriction above it costs no query
  to check (what ``Page.get_view_restrictions`` and ``private_q`` read);
- ``page_neighbours``: themes, related, previous and next pages of a page as
  visitors without access to professionals-only pages see them;
- ``page_body``: the rendered body of a live page in a visual theme;
- ``site_parts``: per site and language, the branding, the main navigation, the
  header and footer menus, the obligation links and the live pages down to the
  sections (breadcrumbs of a guide page come from them);
- ``route_target``: the id and type of the live page at a URL path below a home
  page, so that serving a page reads one row instead of two.

Within a request each entry is read from the cache once (``page_cache.request_memo``).
"""

import hashlib

from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction

from content import obligations
from content.models.branding import MenuItem, SiteBranding
from content.page_cache import PREFIX, generation, request_memo, timeout


def _cached(key, build):
    """``build()``'s value kept under ``key`` (None is not kept: a missing page is not remembered)."""
    memo = request_memo()
    if memo is not None and key in memo:
        return memo[key]
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, timeout())
    if memo is not None:
        memo[key] = value
    return value


def view_restrictions():
    """``({page path: [restriction ids]}, {alias page paths})`` of the whole tree."""

    def build():
        by_path = {}
        for pk, path in PageViewRestriction.objects.values_list("pk", "page__path"):
            by_path.setdefault(path, []).append(pk)
        return by_path, set(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))

    return _cached(f"{PREFIX}:{generation()}:restrictions", build)


def restriction_ids(page):
    """Ids of the restrictions on ``page`` and its ancestors, or None when an alias is involved (Wagtail resolves those)."""
    by_path, aliases = view_restrictions()
    prefixes = [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    if page.alias_of_id or aliases.intersection(prefixes):
        return None
    return [pk for prefix in prefixes for pk in by_path.get(prefix, ())]


def private_q():
    """``Page.objects.private_q()`` from the cached restrictions: pages in a restricted part of the tree."""
    q = Q()
    for path in view_restrictions()[0]:
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def _menu_links(menu_id, request):
    if not menu_id:
        return []
    items = MenuItem.objects.filter(menu_id=menu_id).select_related("link_page").order_by("sort_order")
    return [{"label": item.label, "url": item.href(request)} for item in items]


def site_parts(site, request):
    """Branding, navigation, menus, obligation links and top pages of ``site`` in the current language."""

    def build():
        branding = SiteBranding.for_site(site)
        if branding.operator_logo_id:
            branding.operator_logo  # noqa: B018  (read now, so that it is cached with the branding)
        root = site.root_page.specific
        top = Page.objects.filter(Q(pk=root.pk) | Q(path__startswith=root.path, depth=root.depth + 1)).live()
        pages = {page.path: page for page in top.order_by("path")}
        header = _menu_links(branding.header_menu_id, request)
        return {
            "branding": branding,
            "root": root,
            "top_pages": {path: page for path, page in pages.items()},
            "nav": [{"title": page.title, "url": page.get_url(request), "path": page.path}
                    for page in pages.values() if page.depth == root.depth + 1 and page.show_in_menus],
            "header_links": header,
            "footer_links": header if branding.footer_menu_id == branding.header_menu_id
            else _menu_links(branding.footer_menu_id, request),
            "legal_links": obligations.footer_links(root, request),
        }

    if request is None:  # links are then absolute (no site to be relative to): not what a request reads
        return build()
    return _cached(f"{PREFIX}:{generation()}:chrome:{site.pk}:{get_language()}", build)


def page_neighbours(page, site_root, build):
    """Themes, related, previous and next pages of a live ``page`` for visitors who see only public pages, per generation."""
    return _cached(f"{PREFIX}:{generation()}:neighbours:{site_root.pk}:{page.pk}:{get_language()}", build)


def page_body(page, theme, render):
    """The HTML of a live ``page``'s body in ``theme`` and the current language, per generation.

    The body of the live page changes only when it is published (a new
    generation); block templates read nothing from the visitor's request.
    """
    return _cached(f"{PREFIX}:{generation()}:body:{page.pk}:{theme.code}:{get_language()}", render)


def route_target(home, url_path, depth):
    """``(page id, content type id)`` of the page at ``url_path`` below ``home``, or None; only found pages are kept.

    Any page published, unpublished, moved, created or deleted starts a new
    generation; the caller still reads the page's row and checks it is live.
    """

    def build():
        return (Page.objects.descendant_of(home).filter(url_path=url_path, depth=depth)
                .values_list("pk", "content_type_id").first())

    return _cached(f"{PREFIX}:{generation()}:route:{home.pk}:{hashlib.sha256(url_path.encode()).hexdigest()}", build)
