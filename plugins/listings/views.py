"""Public pages: search, detail with its contact form, and the feeds portals read.

No account. Every page starts from the public catalogue (:mod:`plugins.listings.catalogue`):
a draft, an expired or a let listing, or one outside its diffusion window, answers 404 here
as everywhere public. Pages wear the site's visual theme (:func:`logis.public_pages.chrome`).
"""

import hashlib

from django.conf import settings
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from logis.public_pages import chrome
from logis.rate_limits import allow
from plugins.listings import catalogue, contacts, energy, feeds
from plugins.listings.forms import ContactForm, form_stamp
from plugins.listings.models import DwellingType, Listing

#: contacts accepted from one address per hour, all listings together.
CONTACTS_PER_HOUR = 5


def _client_key(request):
    return hashlib.sha256(request.META.get("REMOTE_ADDR", "").encode()).hexdigest()[:32]


def _map_tiles():
    """The tile server URL template (``{z}/{x}/{y}``) of the map, or ``""``: the map then draws the point alone."""
    return getattr(settings, "LOGIS_LISTINGS_MAP_TILES", "")


@require_GET
def search(request):
    criteria = catalogue.Criteria.read(request.GET)
    results = catalogue.search(criteria).prefetch_related("photos__image")
    page = Paginator(results, catalogue.PER_PAGE).get_page(criteria.page)
    departments, communes = catalogue.places()
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **chrome(request, _("Logements à louer")),
        "criteria": criteria, "page_obj": page, "listings": page.object_list, "departments": departments, "communes": communes,
        "types": DwellingType.choices, "sorts": [(key, label) for key, (label, _order) in catalogue.SORTS.items()],
        "query": query.urlencode(),
    }
    return render(request, "listings/search.html", context)


def _detail_context(request, listing, form):
    url = request.build_absolute_uri(reverse("listings_detail", args=[listing.pk]))
    return {
        **chrome(request, listing.title),
        "listing": listing, "form": form, "photos": list(listing.photos.all()),
        "dpe_scale": energy.scale("dpe", listing.energy_class), "ges_scale": energy.scale("ges", listing.ghg_class),
        "excessive_mention": energy.EXCESSIVE_MENTION if listing.excessive else "",
        "json_ld": mark_safe(feeds.json_ld_script(feeds.json_ld(listing, url))), "map_tiles": _map_tiles(),
    }


def _public_listing(pk):
    listing = (Listing.objects.public().select_related(*catalogue.CARD_RELATED)
               .prefetch_related("photos__image").filter(pk=pk).first())
    if listing is None:
        raise Http404(_("Cette annonce n'est pas (ou plus) en ligne."))
    return listing


@require_http_methods(["GET", "POST"])
def detail(request, pk):
    listing = _public_listing(pk)
    if request.method == "GET":
        Listing.objects.filter(pk=listing.pk).update(view_count=F("view_count") + 1)  # a count: no history, no re-index
        response = render(request, "listings/detail.html", _detail_context(request, listing, ContactForm(initial={"stamp": form_stamp()})))
        if _map_tiles():
            response._csp_update = {"img-src": [_map_tiles().split("/{", 1)[0]]}
        return response
    form = ContactForm(request.POST)
    if not allow(f"listings-contact:{_client_key(request)}", CONTACTS_PER_HOUR, 3600):
        form.is_valid()
        form.add_error(None, _("Trop de messages envoyés depuis votre connexion : réessayez dans une heure."))
        return render(request, "listings/detail.html", _detail_context(request, listing, form), status=429)
    if not form.is_valid():
        form.data = form.data.copy()
        form.data["stamp"] = form_stamp()  # a corrected form counts its time again
        return render(request, "listings/detail.html", _detail_context(request, listing, form), status=400)
    with transaction.atomic():
        contacts.record_contact(listing, form.cleaned_data["name"], form.cleaned_data["email"], form.cleaned_data["phone"],
                                form.cleaned_data["message"])
    context = _detail_context(request, listing, None)
    context["sent"] = True
    return render(request, "listings/detail.html", context)


@require_GET
def feed(request, fmt):
    """A feed built now from the public catalogue: a portal reading it never gets a listing whose window closed."""
    if fmt not in feeds.FORMATS:
        raise Http404(_("Flux inconnu."))
    body = feeds.render(fmt, request.build_absolute_uri("/"))
    return HttpResponse(body, content_type=feeds.FORMATS[fmt])
