"""Traced contacts: an applicant's message is stored, mailed to the publisher, handled and finally erased.

The seed's complaint ("le contact n'est pas tracé") is answered here: every message sent from the
public page is a :class:`Contact` the publishing organisation sees and handles. The applicant's
name, e-mail, phone and message are erased after the retention period (or on request, see
:func:`applicant_contacts`); the date, the listing and the status stay for the counts.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from logis.audit.recorder import record
from logis.notifications import Message, notify
from plugins.listings.models import Contact

#: default retention of an applicant's data, in days (setting ``LOGIS_LISTINGS_CONTACT_RETENTION_DAYS``).
RETENTION_DAYS = 365


def retention_days():
    return int(getattr(settings, "LOGIS_LISTINGS_CONTACT_RETENTION_DAYS", RETENTION_DAYS))


def record_contact(listing, name, email, phone, message):
    """Store the applicant's message and mail it to the listing's contact once the transaction commits."""
    contact = Contact.objects.create(listing=listing, name=name, email=email, phone=phone, message=message,
                                     consent_at=timezone.now())
    mail = Message(
        recipient=listing.contact_email,
        subject=_("Annonce %(reference)s : nouveau contact") % {"reference": listing.reference},
        body=_("%(name)s (%(email)s%(phone)s) vous écrit au sujet de l'annonce « %(title)s » :\n\n%(message)s\n\n"
               "Ce contact est enregistré : retrouvez-le dans Logis, Annonces › Contacts, et indiquez quand vous y avez répondu.")
        % {"name": name, "email": email, "phone": f", {phone}" if phone else "", "title": listing.title, "message": message},
    )
    # robust: a mail server away is logged, never a 500 for the applicant — the contact is stored and shown in the admin.
    transaction.on_commit(lambda: notify("mail", mail), robust=True)
    return contact


def set_status(contact, status, user):
    """New → answered → closed (or back), with who and when."""
    contact.status = status
    contact.handled_by = user
    contact.handled_at = timezone.now()
    contact.save(update_fields=["status", "handled_by", "handled_at"])
    return contact


def _erase(contacts):
    now = timezone.now()
    erased = list(contacts.filter(personal_data_erased_at__isnull=True).select_related("listing__commune"))
    for contact in erased:
        contact.name, contact.email, contact.phone, contact.message = "—", "efface@invalid", "", ""
        contact.personal_data_erased_at = now
    Contact.objects.bulk_update(erased, [*Contact.PERSONAL_FIELDS, "personal_data_erased_at"])
    for contact in erased:
        record(contact, "update", {"personal_data_erased_at": [None, now.isoformat()]})
    return len(erased)


def erase_expired(today=None):
    """Erase the applicants' data of contacts older than the retention period."""
    today = today or timezone.localdate()
    limit = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=retention_days()), datetime.time()))
    return _erase(Contact.objects.filter(created_at__lt=limit))


def applicant_contacts(queryset, email="", phone=""):
    """The contacts an applicant sent (by e-mail or phone), among ``queryset`` (already scoped)."""
    email, phone = email.strip()[:254], phone.strip()[:20]
    if not email and not phone:
        return queryset.none()
    wanted = Q(pk__in=[])
    if email:
        wanted |= Q(email__iexact=email)
    if phone:
        wanted |= Q(phone=phone)
    return queryset.filter(wanted, personal_data_erased_at__isnull=True).select_related("listing")


def erase_applicant(contacts):
    """Erase an applicant's data on request (right to erasure)."""
    return _erase(contacts)


def counts_by_listing(listings):
    """``{listing id: (contacts, new contacts)}`` for these listings, in one query."""
    rows = (Contact.objects.filter(listing__in=listings).values("listing_id")
            .annotate(total=Count("pk"), new=Count("pk", filter=Q(status=Contact.Status.NEW))))
    return {row["listing_id"]: (row["total"], row["new"]) for row in rows}
