"""Allocations that end: the household left or never came, its places go back to the offer.

Ending is claimed with one conditional UPDATE (``ended_at IS NULL``), so two
coordinators ending the same allocation at once give its places back once;
the places come back with another conditional UPDATE capped at the offer's
maximum. Both changes are written to the history with who did it and why.
"""

from django.db import transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

from logis.audit import bulk_update
from logis.middleware import acting_as
from plugins.offers.models import Allocation, Offer

MAX_REASON = 500


class AllocationNotEnded(ValueError):
    """The allocation cannot be ended; the message says why, in French."""


def current(queryset=None):
    """Allocations still holding places, oldest arrival first, with their offer and commune."""
    queryset = Allocation.objects.all() if queryset is None else queryset
    return queryset.current().select_related("offer__commune", "offer__organisation", "allocated_by").order_by("date_from", "pk")


def end_allocation(allocation_id, user, kind=Allocation.End.ENDED, reason=""):
    """End (or cancel) one current allocation and give its places back; return the allocation as ended."""
    if kind not in Allocation.End.values:
        raise AllocationNotEnded(_("Fin d'attribution inconnue : « %(kind)s ».") % {"kind": kind})
    reason = (reason or "").strip()
    if not reason:
        raise AllocationNotEnded(_("Indiquez pourquoi l'attribution prend fin."))
    if len(reason) > MAX_REASON:
        raise AllocationNotEnded(_("Le motif ne doit pas dépasser %(max)d caractères.") % {"max": MAX_REASON})
    now = timezone.now()
    with transaction.atomic(), acting_as(user):
        claimed = bulk_update(Allocation.objects.filter(pk=allocation_id, ended_at__isnull=True),
                              {"ended_at": now, "ended_by": user, "end_kind": kind, "end_reason": reason}, lock=True)
        if not claimed:
            raise AllocationNotEnded(_("Cette attribution a déjà pris fin."))
        allocation = Allocation.objects.select_related("offer__commune").get(pk=allocation_id)
        allocation.offer = give_back(allocation.offer, allocation.places)
    return allocation


def give_back(offer, places):
    """Return ``places`` to ``offer`` (never above its maximum); a full offer becomes available again; return it, fresh."""
    # The lock makes "before" exact on PostgreSQL; the conditional update alone keeps the count right everywhere.
    bulk_update(Offer.objects.filter(pk=offer.pk), {
        "places_available": Least(F("places_available") + places, F("places_max")),
        "status": Case(When(status=Offer.Status.FULL, then=Value(Offer.Status.AVAILABLE)), default=F("status")),
        "updated_at": timezone.now(),
    }, lock=True)
    return Offer.objects.select_related("commune").get(pk=offer.pk)


def end_all(offer, user, reason):
    """End every current allocation of ``offer`` (it is withdrawn and the households leave); return how many."""
    ids = list(offer.allocations.current().values_list("pk", flat=True))
    for allocation_id in ids:
        end_allocation(allocation_id, user, Allocation.End.ENDED, reason)
    return len(ids)
