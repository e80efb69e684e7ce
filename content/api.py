"""The headless API: Wagtail API v2 endpoints serving only live, public content.

Pages restricted in any way (professionals-only pages carry a login
restriction) are left out for every caller, signed in or not: the API is the
public face of the sites. Documents in a collection with a view restriction
are left out too.

Hostile query strings get a French 400, never a 500: offsets and limits are
bounded before they reach the database (for every Wagtail API, the admin's
too: ``logis.hardening``) and a search text the database's full-text syntax
rejects is refused. Wagtail's
own refusals (« child_of must be a positive integer »…) are said in French,
with the parameter they name (schemathesis found them, as every role).
"""

import re

from django.db import OperationalError
from django.http import Http404
from django.utils.translation import gettext as _, gettext_lazy
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from logis.hardening import Refused
from logis.middleware import is_search_syntax_error

#: Wagtail's refusals (wagtail/api/v2: filters, pagination, views), read by pattern → the French sentence.
WAGTAIL_REFUSALS = [
    (r"(?P<name>\w+) must be a positive integer", gettext_lazy("« %(name)s » doit être un entier positif.")),
    (r"(?P<name>[\w ]+?) page doesn't exist", gettext_lazy("La page indiquée (« %(name)s ») n'existe pas ou n'est pas publique.")),
    (r"limit cannot be higher than (?P<name>\d+)", gettext_lazy("« limit » ne peut pas dépasser %(name)s.")),
    (r"random ordering", gettext_lazy("Le tri aléatoire ne se combine ni avec un autre tri ni avec « offset ».")),
    (r"cannot order by '(?P<name>[^']*)'", gettext_lazy("Tri impossible sur « %(name)s » : ce champ n'existe pas ou n'est pas indexé.")),
    (r"cannot filter by '(?P<name>[^']*)'", gettext_lazy("Filtre impossible sur « %(name)s » pendant une recherche.")),
    (r"field filter error\. '(?P<value>[^']*)' is not a valid value for (?P<name>\w+)",
     gettext_lazy("« %(value)s » n'est pas une valeur possible pour « %(name)s ».")),
    (r"field filter error\. null characters", gettext_lazy("Les caractères nuls (0x00) ne sont pas acceptés.")),
    (r"search is disabled", gettext_lazy("La recherche n'est pas disponible ici.")),
    (r"filtering by tag with a search", gettext_lazy("Le filtre par mot-clé ne se combine pas avec une recherche.")),
    (r"filtering by descendant_of with child_of", gettext_lazy("« descendant_of » ne se combine pas avec « child_of ».")),
    (r"query parameter is not an operation or a recognised field: (?P<name>.*)",
     gettext_lazy("Paramètre inconnu : %(name)s. La description de l'API (/api/v2/openapi.json) donne ceux qui existent.")),
    (r"unknown fields: (?P<name>.*)", gettext_lazy("Champ inconnu : %(name)s.")),
    (r"'(?P<name>[^']*)' does not support nested fields", gettext_lazy("Le champ « %(name)s » n'a pas de sous-champs.")),
    (r"fields error", gettext_lazy("Liste de champs (« fields ») illisible.")),
    (r"type doesn't exist", gettext_lazy("Type de page inconnu.")),
]


#: What a refusal may quote back: field and parameter names (a list of them), not any text the caller sent.
_QUOTABLE = re.compile(r"[\w.-]{1,60}(, [\w.-]{1,60}){0,9}")


def french_refusal(message):
    """Wagtail's English refusal in French, the parameter it names kept when it is a name; an unknown one in general terms."""
    for pattern, sentence in WAGTAIL_REFUSALS:
        found = re.match(pattern, message)
        if found:
            quoted = {key: value if _QUOTABLE.fullmatch(value) else "…" for key, value in found.groupdict().items()}
            return str(sentence) % quoted
    return _("Requête refusée : un paramètre est invalide.")


class SafeListingMixin:
    def handle_exception(self, exc):
        """Wagtail's 400 and 404 answers, in French (its own messages are English and untranslated)."""
        if isinstance(exc, BadRequestError):
            return Response({"message": str(exc) if isinstance(exc, Refused) else french_refusal(str(exc))}, status=400)
        if isinstance(exc, Http404):
            return Response({"message": _("Introuvable : ce contenu n'existe pas ou n'est pas public.")}, status=404)
        return super().handle_exception(exc)

    def listing_view(self, request):
        try:
            return super().listing_view(request)
        except OperationalError as error:
            # SQLite's FTS5 rejects some texts (an unterminated quote…) only when the query runs: said in this
            # API's own shape ({"message": …}); the core's middleware says it for every other route.
            if "search" not in request.GET or not is_search_syntax_error(error):
                raise
            raise Refused(_("Texte de recherche invalide : retirez les guillemets ou caractères spéciaux.")) from error


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
