"""JSON endpoints behind the admin autocompletes: territories, addresses, organisations by SIREN.

Territories are searched within the scope of the permission the form asks
for (``?permission=offers.edit``), so a picker never offers what the form
would refuse; without one, the public official geography is searched.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _

from logis.accounts.company_numbers import normalise_company_number
from logis.accounts.models import Territory
from logis.accounts.scoping import user_scope
from logis.territories import addresses, sirene

MAX_RESULTS = 20


def _bounded(request):
    query = request.GET.get("q", "")[:200]
    try:
        limit = max(1, min(int(request.GET.get("limit", 10)), MAX_RESULTS))
    except ValueError:
        limit = 10
    return query, limit


def territory_autocomplete(request):
    query, limit = _bounded(request)
    permission = request.GET.get("permission", "")[:80]
    territories = user_scope(request.user, permission).territories() if permission else Territory.objects.all()
    kinds = [k for k in request.GET.get("kinds", "").split(",") if k in Territory.Kind.values]
    if kinds:
        territories = territories.filter(kind__in=kinds)
    found = territories.search(query).select_related("parent")[:limit]
    return JsonResponse({"results": [{
        "id": t.pk, "label": f"{t.name} ({t.code})", "kind": t.get_kind_display(),
        "context": t.parent.name if t.parent_id else "", "postcodes": t.postcodes,
    } for t in found]})


def address_autocomplete(request):
    query, limit = _bounded(request)
    suggestions = addresses.suggest(query, limit)
    offline = bool(suggestions) and suggestions[0]["source"] == "local"
    return JsonResponse({
        "results": suggestions,
        "notice": _("Service d'adresses indisponible : seules les communes sont proposées.") if offline else "",
    })


def organisation_lookup(request):
    """The number checked offline first; then the Sirene name and address when the look-up is switched on."""
    try:
        number = normalise_company_number(request.GET.get("siren", ""))
    except ValidationError as error:
        return JsonResponse({"valid": False, "error": error.messages[0]}, status=400)
    found = sirene.lookup(number[:9]) if number else None
    return JsonResponse({"valid": bool(number), "siren": number, "organisation": found})


urlpatterns = [
    path("territories/autocomplete/", territory_autocomplete, name="logis_territory_autocomplete"),
    path("territories/addresses/", address_autocomplete, name="logis_address_autocomplete"),
    path("territories/organisation/", organisation_lookup, name="logis_organisation_lookup"),
]
