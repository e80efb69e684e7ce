"""The rules of the Housing Tool: status follows places, end date + 1 day, retention of personal data.

Each rule is a plain function of the database so that the daily job, the
admin screens, the API and the import all apply the very same rule.
"""

import datetime

from django.utils import timezone

from logis.audit import bulk_update
from plugins.offers import figures
from plugins.offers.models import CLOSED, DailySnapshot, Offer, OffersSettings

ALLOCATABLE = (Offer.Status.AVAILABLE, Offer.Status.FULL)


def status_for_places(status, places_available):
    """A vetted offer with no place left leaves the available list; one with places comes back."""
    if status in ALLOCATABLE:
        return Offer.Status.FULL if places_available == 0 else Offer.Status.AVAILABLE
    return status


def apply_places(offer):
    """Set the status an offer's places call for (call before saving)."""
    offer.status = status_for_places(offer.status, offer.places_available)
    return offer


def vet(offer, checklist, user):
    """Record the qualification checklist; all checks done makes the offer allocatable."""
    for name in Offer.CHECKLIST_FIELDS:
        setattr(offer, name, bool(checklist.get(name)))
    if offer.status in CLOSED:
        offer.save()
        return offer
    if all(checklist.get(name) for name in Offer.CHECKLIST_FIELDS):
        offer.vetted_by, offer.vetted_at = user, timezone.now()
        offer.status = Offer.Status.FULL if offer.places_available == 0 else Offer.Status.AVAILABLE
    else:
        offer.vetted_by, offer.vetted_at = None, None
        offer.status = Offer.Status.VETTING
    offer.save()
    return offer


def withdraw(offer):
    offer.status = Offer.Status.WITHDRAWN
    offer.withdrawn_at = timezone.now()
    offer.save()
    return offer


def expire_offers(today=None):
    """Withdraw the offers whose availability ended more than one day ago."""
    today = today or timezone.localdate()
    due = Offer.objects.filter(available_until__lt=today - datetime.timedelta(days=1)).exclude(status__in=CLOSED)
    now = timezone.now()
    return bulk_update(due, {"status": Offer.Status.EXPIRED, "withdrawn_at": now, "updated_at": now})


def erase_personal_data(now=None):
    """Erase the personal fields of offers closed for longer than the retention period."""
    now = now or timezone.now()
    retention = OffersSettings.load().retention_days
    due = Offer.objects.filter(
        status__in=CLOSED, withdrawn_at__lt=now - datetime.timedelta(days=retention), personal_data_erased_at__isnull=True,
    )
    return erase(due, now)


def erase(queryset, now=None):
    """Blank the personal fields of ``queryset`` (retention and GDPR requests); statistics stay."""
    now = now or timezone.now()
    return bulk_update(queryset, {**dict.fromkeys(Offer.PERSONAL_FIELDS, ""), "personal_data_erased_at": now, "updated_at": now})


def forget_host(queryset, now=None):
    """A GDPR erasure request: withdraw the host's live offers, then erase their personal data."""
    now = now or timezone.now()
    ids = list(queryset.values_list("pk", flat=True))
    bulk_update(Offer.objects.filter(pk__in=ids).exclude(status__in=CLOSED),
                {"status": Offer.Status.WITHDRAWN, "withdrawn_at": now, "updated_at": now})
    return erase(Offer.objects.filter(pk__in=ids), now)


def take_snapshot(day=None):
    """Write (or rewrite) the day's figures per commune (:mod:`plugins.offers.figures`), for the charts over time."""
    day = day or timezone.localdate()
    rows = figures.everything()
    DailySnapshot.objects.filter(date=day).delete()
    DailySnapshot.objects.bulk_create([DailySnapshot(date=day, commune_id=commune_id, **row) for commune_id, row in rows.items()])
    return len(rows)
