"""Offers as permission-aware search documents.

A document carries the commune's territory path and the organisation so that
the search service shows it only to users whose ``offers.view`` scope covers
it. No personal data of the host goes into the index.
"""

from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from logis.search_documents import SearchDocument, SearchDocumentType, records_changed
from plugins.offers.models import CLOSED, Offer


def to_document(offer):
    if offer.status in CLOSED:
        return None
    features = [str(offer._meta.get_field(name).verbose_name) for name in (
        "step_free", "pets_allowed", "children_welcome", "private_kitchen", "private_bathroom", "near_transport",
    ) if getattr(offer, name)]
    title = _("%(kind)s à %(commune)s — %(available)d place(s) sur %(max)d") % {
        "kind": offer.get_accommodation_kind_display(), "commune": offer.commune.name,
        "available": offer.places_available, "max": offer.places_max,
    }
    body = " ".join([
        offer.reference, offer.get_provider_kind_display(), offer.get_accommodation_kind_display(), offer.postcode,
        offer.commune.name, offer.get_status_display(), *features,
    ])
    return SearchDocument(
        id=f"offers.offer:{offer.pk}", type="offers.offer", plugin="offers", title=title, body=body,
        url=reverse("offers:inspect", args=[offer.pk]), summary=offer.get_status_display(), slug=offer.reference,
        audience="scoped", permission="offers.view", territory_path=offer.commune.path,
        organisation_id=offer.organisation_id, updated_at=offer.updated_at,
    )


def reindex(pks):
    """Bulk writes (import, expiry, allocation) send no ``post_save``: have the search service re-read these offers."""
    records_changed("offers.offer", pks)


def offer_document_type():
    return SearchDocumentType(
        name="offers.offer", label=gettext_lazy("Offre d'hébergement"), model=Offer,
        queryset=lambda: Offer.objects.exclude(status__in=CLOSED).select_related("commune"),
        to_document=to_document, plugin="offers",
    )
