"""Outgoing feeds for portals: RSS 2.0, Atom 1.0, the Trovit "homes" XML of listing aggregators, schema.org JSON-LD.

Every feed is built from :meth:`ListingQuerySet.public`: a listing leaves them the day its
window closes, or as soon as it is withdrawn. The Trovit field mapping is in ``docs/listings.md``
(format: https://about.trovit.com/for-partners/, "Homes" XML). Text goes through
``xml.etree`` (escaped), never through string formatting.
"""

import json
from xml.etree import ElementTree

from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from plugins.listings.catalogue import CARD_RELATED
from plugins.listings.models import BuildingKind, Listing

FORMATS = {"rss": "application/rss+xml; charset=utf-8", "atom": "application/atom+xml; charset=utf-8",
           "trovit": "application/xml; charset=utf-8"}
FILENAMES = {"rss": "annonces.rss", "atom": "annonces.atom", "trovit": "annonces-trovit.xml"}
#: one feed holds at most this many listings (the most recent): aggregators read big files badly.
MAX_ITEMS = 5000


def public_listings(today=None):
    return (Listing.objects.public(today).select_related(*CARD_RELATED).prefetch_related("photos__image")
            .order_by("-published_at", "-pk")[:MAX_ITEMS])


def _absolute(base_url, path):
    return base_url.rstrip("/") + path


def plain_description(listing):
    return " ".join(strip_tags(listing.description).split())


def syndication(fmt, base_url, today=None):
    """The RSS (``fmt="rss"``) or Atom feed of the public listings, as text."""
    feed_class = Rss201rev2Feed if fmt == "rss" else Atom1Feed
    feed = feed_class(title=_("Logements sociaux à louer"), link=_absolute(base_url, "/annonces/"),
                      description=_("Annonces publiées par les bailleurs sociaux et les réservataires."),
                      language="fr", feed_url=_absolute(base_url, f"/annonces/flux/{fmt}/"))
    for listing in public_listings(today):
        url = _absolute(base_url, f"/annonces/{listing.pk}/")
        feed.add_item(
            title=f"{listing.title} — {listing.commune.name}", link=url, unique_id=url,
            description=summary(listing), pubdate=listing.published_at, updateddate=listing.updated_at,
        )
    return feed.writeString("utf-8")


def summary(listing):
    parts = [listing.get_dwelling_type_display(), listing.get_building_kind_display()]
    if listing.surface is not None:
        parts.append(f"{listing.surface:.0f} m²")
    if listing.total_rent is not None:
        parts.append(_("%(rent)s € charges comprises") % {"rent": f"{listing.total_rent:.0f}"})
    parts.append(_("DPE %(letter)s") % {"letter": listing.energy_class or "—"})
    return " · ".join(parts)


def _sub(parent, tag, text):
    element = ElementTree.SubElement(parent, tag)
    element.text = "" if text is None else str(text)
    return element


def trovit(base_url, today=None):
    """The Trovit "homes" XML of the public listings, as text (field mapping: docs/listings.md)."""
    root = ElementTree.Element("trovit")
    for listing in public_listings(today):
        ad = ElementTree.SubElement(root, "ad")
        _sub(ad, "id", f"{listing.organisation_id}-{listing.reference}")
        _sub(ad, "url", _absolute(base_url, f"/annonces/{listing.pk}/"))
        _sub(ad, "title", listing.title)
        _sub(ad, "type", "For Rent")
        _sub(ad, "content", plain_description(listing))
        _sub(ad, "price", f"{listing.total_rent:.2f}" if listing.total_rent is not None else "").set("period", "monthly")
        _sub(ad, "property_type", "Maison" if listing.building_kind == BuildingKind.HOUSE else "Appartement")
        _sub(ad, "floor_area", f"{listing.surface:.0f}" if listing.surface is not None else "").set("unit", "meters")
        _sub(ad, "rooms", listing.dwelling_type[1:])
        _sub(ad, "floor_number", listing.floor if listing.floor is not None else "")
        _sub(ad, "city", listing.commune.name)
        _sub(ad, "region", listing.commune.parent.name if listing.commune.parent_id else "")
        _sub(ad, "postcode", listing.postcode)
        _sub(ad, "city_area", listing.neighbourhood)
        _sub(ad, "latitude", listing.latitude if listing.latitude is not None else "")
        _sub(ad, "longitude", listing.longitude if listing.longitude is not None else "")
        _sub(ad, "agency", listing.organisation.name)
        _sub(ad, "energy_class", listing.energy_class)
        _sub(ad, "date", listing.published_at.strftime("%d/%m/%Y") if listing.published_at else "")
        _sub(ad, "expiration_date", listing.visible_until.strftime("%d/%m/%Y") if listing.visible_until else "")
        pictures = ElementTree.SubElement(ad, "pictures")
        for photo in listing.photos.all():
            picture = ElementTree.SubElement(pictures, "picture")
            _sub(picture, "picture_url", _absolute(base_url, photo.image.file.url))
            _sub(picture, "picture_title", photo.alt_text)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="unicode")


def render(fmt, base_url, today=None):
    return trovit(base_url, today) if fmt == "trovit" else syndication(fmt, base_url, today)


def json_ld(listing, url):
    """The schema.org description of a listing for search engines (``RealEstateListing``)."""
    place = {"@type": "PostalAddress", "addressLocality": listing.commune.name, "postalCode": listing.postcode,
             "addressCountry": listing.commune.path.split("/")[0]}
    dwelling = {"@type": "House" if listing.building_kind == BuildingKind.HOUSE else "Apartment",
                "numberOfRooms": int(listing.dwelling_type[1:]), "address": place}
    if listing.surface is not None:
        dwelling["floorSize"] = {"@type": "QuantitativeValue", "value": float(listing.surface), "unitCode": "MTK"}
    if listing.latitude is not None and listing.longitude is not None:
        dwelling["geo"] = {"@type": "GeoCoordinates", "latitude": listing.latitude, "longitude": listing.longitude}
    data = {"@context": "https://schema.org", "@type": "RealEstateListing", "name": listing.title, "url": url,
            "description": plain_description(listing)[:500], "about": dwelling}
    if listing.published_at:
        data["datePosted"] = timezone.localtime(listing.published_at).date().isoformat()
    if listing.total_rent is not None:
        data["offers"] = {"@type": "Offer", "price": f"{listing.total_rent:.2f}", "priceCurrency": "EUR",
                          "availabilityEnds": listing.visible_until.isoformat() if listing.visible_until else None,
                          "seller": {"@type": "Organization", "name": listing.organisation.name}}
    return data


def json_ld_script(data):
    """``data`` inside a ``<script type="application/ld+json">``, with ``<``, ``>`` and ``&`` escaped (no way out of the tag)."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'
