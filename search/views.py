"""The ``/recherche/`` page: results, "Affiner les résultats" facets and a helpful empty page.

Every state lives in the URL (``q``, repeated ``theme``/``section``/``type``,
``page``, ``tout`` for the facets shown in full) so that it can be shared;
facet, tag, pagination and "voir tout" links all keep it.
"""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from content import navigation
from search import service
from search.documents import document_types

#: URL parameter → service filter name.
URL_FILTERS = {"theme": "themes", "section": "sections", "type": "types"}
FACET_LABELS = {"themes": _("Thèmes"), "sections": _("Rubriques"), "types": _("Types de contenu")}
FACET_PREVIEW = 6
MAX_QUERY_LENGTH = 200


class SearchState:
    """The page's state as read from the URL, and the URLs of every state next to it."""

    def __init__(self, params):
        self.q = params.get("q", "").strip()[:MAX_QUERY_LENGTH]
        self.filters = {name: [v for v in params.getlist(param) if v] for param, name in URL_FILTERS.items()}
        self.expanded = set(params.getlist("tout")) & set(FACET_LABELS)
        try:
            self.page = max(1, int(params.get("page", 1)))
        except ValueError:
            self.page = 1

    def url(self, page=None, filters=None, expanded=None, q=None):
        filters = self.filters if filters is None else filters
        pairs = [("q", self.q if q is None else q)]
        for param, name in URL_FILTERS.items():
            pairs += [(param, value) for value in filters[name]]
        pairs += [("tout", name) for name in sorted(self.expanded if expanded is None else expanded)]
        if page and page > 1:
            pairs.append(("page", page))
        return "?" + urlencode(pairs)

    def toggled(self, name, value):
        """The URL with ``value`` added to or removed from the ``name`` filter (back to page 1)."""
        values = self.filters[name]
        changed = [v for v in values if v != value] if value in values else [*values, value]
        return self.url(filters={**self.filters, name: changed})


def _labels(results):
    sections = set(results.facets.get("sections", {})) | set(results.filters.get("sections", []))
    section_titles = dict(Page.objects.filter(slug__in=sections).values_list("slug", "title")) if sections else {}
    type_labels = {name: str(t.label) for name, t in document_types().items()}
    return {"sections": section_titles, "types": type_labels, "themes": {}}


def _facet_groups(state, results):
    labels = _labels(results)
    groups = []
    for name, title in FACET_LABELS.items():
        counts = results.facets.get(name, {})
        selected = state.filters[name]
        values = sorted(set(counts) | set(selected), key=lambda v: (v not in selected, -counts.get(v, 0), v))
        entries = [{"value": v, "label": labels[name].get(v, v), "count": counts.get(v, 0), "selected": v in selected,
                    "url": state.toggled(name, v)} for v in values]
        expanded = name in state.expanded
        groups.append({
            "name": name, "title": title, "entries": entries if expanded else entries[:FACET_PREVIEW],
            "more": len(entries) - FACET_PREVIEW if not expanded and len(entries) > FACET_PREVIEW else 0,
            "see_all_url": state.url(expanded=state.expanded | {name}),
            "see_less_url": state.url(expanded=state.expanded - {name}) if expanded else "",
        })
    return [g for g in groups if g["entries"]], labels


def _theme_links(request):
    from content.models import ThemePage

    site = Site.find_for_request(request)
    pages = ThemePage.objects.live().select_related("theme").order_by("title")
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return [{"title": p.title, "url": p.get_url(request)} for p in pages[:12]]


def search_page(request):
    state = SearchState(request.GET)
    site = Site.find_for_request(request)
    results = service.search(state.q, user=request.user, page=state.page, site=site, **state.filters)
    facets, labels = _facet_groups(state, results)
    tags = [{"label": labels[name].get(v, v), "url": state.toggled(name, v)} for name, values in state.filters.items() for v in values]
    pages = [{"number": n, "url": state.url(page=n), "current": n == results.page}
             for n in range(max(1, results.page - 3), min(results.num_pages, results.page + 3) + 1)]
    chrome = navigation.view_chrome(request, _("Rechercher"))
    theme = chrome["visual_theme"].code if "visual_theme" in chrome else "dsfr"
    context = {
        **chrome,
        # the facets panel in the site's theme: DSFR side menu, or the neutral theme's disclosure
        "facets_templates": [f"search/themes/{theme}/facets.html", "search/themes/neutre/facets.html"],
        "state": state, "results": results, "first_rank": (results.page - 1) * results.per_page + 1, "facets": facets, "tags": tags, "pages": pages,
        "clear_url": state.url(filters={name: [] for name in state.filters}),
        "previous_url": state.url(page=results.page - 1) if results.page > 1 else "",
        "next_url": state.url(page=results.page + 1) if results.page < results.num_pages else "",
        "suggestion_url": state.url(q=results.suggestion) if results.suggestion else "",
        "theme_links": _theme_links(request) if not results.total else [],
    }
    return render(request, "search/search.html", context)

