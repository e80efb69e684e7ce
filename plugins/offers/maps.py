"""The offers map (list and matching screen): one point per offer, coloured by status, with a text legend.

An offer's point is its own GPS point, else its commune's centre
(:class:`CommuneCentre`, as for the radius search) — each point says which.
Offers with neither are counted as "not on the map". Tiles come from the
``OFFERS_MAP_TILES`` setting (a URL template, with ``OFFERS_MAP_ATTRIBUTION``);
without it the map draws the points on a plain background with commune labels
and makes no request to another host. Leaflet is vendored under
``static/offers/leaflet`` (see its README).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from plugins.offers.matching import DistanceBasis, offer_point
from plugins.offers.models import CommuneCentre, Offer

STATUS_COLOURS = {
    Offer.Status.SUBMITTED: "#6a6af4", Offer.Status.VETTING: "#b34000", Offer.Status.AVAILABLE: "#18753c",
    Offer.Status.FULL: "#ce0500", Offer.Status.WITHDRAWN: "#666666", Offer.Status.EXPIRED: "#3a3a3a",
}


def tiles():
    """``{"url", "attribution"}`` of the configured tile server, or ``None`` (no external request)."""
    url = getattr(settings, "OFFERS_MAP_TILES", "")
    return {"url": url, "attribution": getattr(settings, "OFFERS_MAP_ATTRIBUTION", "")} if url else None


def offer_map(offers):
    """The map's data for ``offers`` (already read, communes selected): points, commune labels, legend and the count left off."""
    offers = list(offers)
    centres = {c.commune_id: (c.latitude, c.longitude) for c in CommuneCentre.objects.filter(commune__in={o.commune_id for o in offers})}
    points, counts = [], {}
    for offer in offers:
        point = offer_point(offer, centres)
        if point is None:
            continue
        counts[offer.status] = counts.get(offer.status, 0) + 1
        points.append({
            "lat": point[0], "lon": point[1], "colour": STATUS_COLOURS.get(offer.status, "#000000"),
            "label": f"{offer.reference} — {offer.get_status_display()} — {offer.places_available}/{offer.places_max}",
            "basis": str(DistanceBasis.LABELS[point[2]]), "url": reverse("offers:inspect", args=[offer.pk]),
        })
    communes = {o.commune_id: o.commune.name for o in offers}
    labels = [{"lat": lat, "lon": lon, "name": communes[pk]} for pk, (lat, lon) in centres.items()]
    legend = [{"label": label, "colour": STATUS_COLOURS[code], "count": counts.get(code, 0)} for code, label in Offer.Status.choices]
    return {"points": points, "communes": labels, "legend": legend, "missing": len(offers) - len(points), "tiles": tiles(),
            "title": _("Carte des offres")}
