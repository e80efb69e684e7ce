"""The headless API: Wagtail API v2 endpoints serving only live, public content.

Pages restricted in any way (professionals-only pages carry a login
restriction) are left out for every caller, signed in or not: the API is the
public face of the sites. Documents in a collection with a view restriction
are left out too.

Hostile query strings get a French 400, never a 500: offsets and limits are
bounded before they reach the database (SQLite integers are 64-bit) and a
search text the database's full-text syntax rejects is refused.
"""

from django.conf import settings
from django.db import OperationalError, connection
from django.utils.translation import gettext as _
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

#: Deepest offset served: far beyond any real listing, far below 2**63.
MAX_OFFSET = 100_000


def _bounded(request, name, default, maximum):
    raw = request.GET.get(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= maximum:
        raise BadRequestError(_("« %(name)s » doit être un entier entre 0 et %(maximum)d.") % {"name": name, "maximum": maximum})
    return value


class BoundedPagination(WagtailPagination):
    """Wagtail's pagination with ``offset`` and ``limit`` checked first, in French."""

    def paginate_queryset(self, queryset, request, view=None):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or 20
        _bounded(request, "offset", 0, MAX_OFFSET)
        _bounded(request, "limit", min(20, limit_max), limit_max)
        return super().paginate_queryset(queryset, request, view)


class SafeListingMixin:
    pagination_class = BoundedPagination

    def listing_view(self, request):
        if "\x00" in request.GET.get("search", ""):
            raise BadRequestError(_("La recherche contient un caractère interdit."))
        try:
            return super().listing_view(request)
        except OperationalError as error:
            # SQLite's FTS5 rejects some texts (an unterminated quote…) only when the query runs.
            if "search" not in request.GET or connection.vendor != "sqlite" or not _is_fts_syntax_error(error):
                raise
            raise BadRequestError(_("Texte de recherche invalide : retirez les guillemets ou caractères spéciaux.")) from error


def _is_fts_syntax_error(error):
    message = str(error).lower()
    return "fts5" in message or "syntax error" in message or "unterminated" in message


class PublicPagesAPIViewSet(SafeListingMixin, PagesAPIViewSet):
    def get_base_queryset(self):
        return super().get_base_queryset().public()


class SafeImagesAPIViewSet(SafeListingMixin, ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(SafeListingMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(collection__view_restrictions__isnull=True)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", SafeImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
