"""Every URL pattern the platform and its plugins register, turned into concrete URLs.

The reliability suites (access-control crawler, hostile query strings) walk
the URL resolver instead of a hand-written list, so that a new plugin's pages,
admin screens and API routes are crawled as soon as it is installed. A
pattern's parameters are filled by name: ids from the objects of the model the
view serves, ``fmt`` with the export formats, ``model`` with model labels.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

#: Parameter name → the values tried (non-id parameters).
FIXED_VALUES = {"fmt": ["csv", "xlsx", "json"]}
#: Patterns that serve files or everything (Wagtail's catch-alls), or Wagtail's own test views.
SKIPPED_NAMES = {"wagtail_serve", "wagtaildocs_serve", "wagtailadmin_error_test", "wagtailadmin_logout", "set_language"}
_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its route text (``admin/offers/edit/<int:pk>/``), its parameters and the model it serves."""

    route: str
    name: str
    params: tuple
    model: type | None
    #: the module of the view (its app), empty when unknown
    module: str = ""

    def fill(self, values):
        """The concrete URL with ``values`` (parameter name → value), or None when a parameter has no value."""
        def replace(match):
            name = match.group("name") or match.group("rname")
            return str(values[name]) if name in values else "\x00"

        url = "/" + _PARAM.sub(replace, self.route)
        url = url.replace("^", "").replace("$", "").replace("\\.", ".")
        if "\x00" in url or re.search(r"[()\[\]\\*+?|]", url):
            return None
        return url

    @property
    def is_api(self):
        return self.route.startswith("api/")


def _view_model(callback):
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if model is None:
        model = getattr(getattr(callback, "view_class", None), "model", None)
    return model if isinstance(model, type) else None


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def routes():
    """Every crawlable route, in resolver order (a route text seen twice, e.g. GET and PATCH of one path, once)."""
    seen, found = set(), []
    for text, pattern in _walk(get_resolver().url_patterns):
        if pattern.name in SKIPPED_NAMES or text in seen or text.startswith("^media") or ".*" in text:
            continue
        seen.add(text)
        params = tuple(m.group("name") or m.group("rname") for m in _PARAM.finditer(text))
        # ninja writes its path parameters as <name> too; wagtail's regex routes as (?P<name>…).
        found.append(Route(text, pattern.name or "", params, _view_model(pattern.callback), getattr(pattern.callback, "__module__", "") or ""))
    return found


def static_routes():
    """Routes without parameters: lists, dashboards, forms, exports by query string."""
    return [r for r in routes() if not r.params]
