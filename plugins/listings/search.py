"""Listings as public search documents, present only while the listing is on line.

A document exists while the listing is published and today is inside its diffusion window;
otherwise :func:`to_document` returns ``None`` and the listing leaves the index. The daily
job re-indexes the listings whose window opens or closes (no save happens that day). No
personal data: the contact's name, e-mail and phone never go into the index.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _, gettext_lazy

from logis.search_documents import SearchDocument, SearchDocumentType, records_changed
from plugins.listings.models import Listing

TYPE = "listings.listing"


def to_document(listing):
    today = timezone.localdate()
    if not (listing.status == Listing.Status.PUBLISHED and listing.visible_from and listing.visible_until
            and listing.visible_from <= today <= listing.visible_until):
        return None
    title = _("%(type)s à louer à %(commune)s — %(title)s") % {
        "type": listing.get_dwelling_type_display(), "commune": listing.commune.name, "title": listing.title}
    body = " ".join([listing.title, listing.get_dwelling_type_display(), listing.get_building_kind_display(), listing.commune.name,
                     listing.postcode, listing.neighbourhood, " ".join(strip_tags(listing.description).split())])
    return SearchDocument(
        id=f"{TYPE}:{listing.pk}", type=TYPE, plugin="listings", title=title, body=body,
        url=reverse("listings_detail", args=[listing.pk]), summary=_("Logement à louer"), slug=f"annonce-{listing.pk}",
        audience="public", territory_path=listing.commune.path, organisation_id=listing.organisation_id,
        updated_at=listing.updated_at,
    )


def reindex(pks):
    """Listings whose window opened or closed without a save: have the search service re-read them."""
    records_changed(TYPE, pks)


def listing_document_type():
    return SearchDocumentType(
        name=TYPE, label=gettext_lazy("Annonce de logement"), model=Listing,
        queryset=lambda: Listing.objects.public().select_related("commune"), to_document=to_document, plugin="listings",
    )
