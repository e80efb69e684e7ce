"""What the listings plugin holds about an agent (a user account): listings published, contacts handled.

For the core's GDPR rights: the export lists them (limited to ``organisations`` when given),
the erasure unlinks the account; the listings and contacts stay, the history keeps who did what.
"""

from django.utils.translation import gettext as _

from plugins.listings.models import Contact, Listing


def personal_data(user, erase, organisations=None):
    published = Listing.objects.filter(published_by=user)
    handled = Contact.objects.filter(handled_by=user)
    if organisations is not None:
        published = published.filter(organisation__in=organisations)
        handled = handled.filter(listing__organisation__in=organisations)
    if not (published.exists() or handled.exists()):
        return None
    if erase:
        return {"listings_published": published.update(published_by=None), "contacts_handled": handled.update(handled_by=None)}
    return {
        _("Annonces publiées"): [{"reference": x.reference, "published_at": x.published_at.isoformat() if x.published_at else ""}
                                 for x in published],
        _("Contacts de candidats traités"): [{"listing": c.listing.reference, "handled_at": c.handled_at.isoformat() if c.handled_at else "",
                                              "status": c.status} for c in handled.select_related("listing")],
    }
