"""What the offers plugin holds about an agent (a user account): offers vetted, allocations made or ended.

For the core's GDPR rights (:func:`logis.accounts.gdpr.export_person` and
``erase_person``): the export lists them, only those of ``organisations``
when the reader is a role manager of some of the person's organisations; the
erasure unlinks the account (the offers and allocations stay, as figures; the
history keeps who did what, as the law requires, and records the unlinking).
"""

from django.utils.translation import gettext as _

from logis.audit import bulk_update
from plugins.offers.models import Allocation, Offer


def _held(user, organisations):
    vetted = Offer.objects.filter(vetted_by=user)
    allocated = Allocation.objects.filter(allocated_by=user)
    ended = Allocation.objects.filter(ended_by=user)
    if organisations is not None:
        vetted = vetted.filter(organisation__in=organisations)
        allocated = allocated.filter(offer__organisation__in=organisations)
        ended = ended.filter(offer__organisation__in=organisations)
    return vetted, allocated, ended


def personal_data(user, erase, organisations=None):
    vetted, allocated, ended = _held(user, None if erase else organisations)
    if not (vetted.exists() or allocated.exists() or ended.exists()):
        return None
    if erase:
        return {"vetted_offers": bulk_update(vetted, {"vetted_by": None}),
                "allocations_made": bulk_update(allocated, {"allocated_by": None}),
                "allocations_ended": bulk_update(ended, {"ended_by": None})}
    return {
        _("Offres d'hébergement qualifiées"): [{"reference": o.reference, "vetted_at": o.vetted_at.isoformat()}
                                               for o in vetted.order_by("pk")],
        _("Attributions faites"): [{"offer": a.offer.reference, "allocated_at": a.allocated_at.isoformat(), "places": a.places}
                                   for a in allocated.select_related("offer").order_by("pk")],
        _("Attributions terminées"): [{"offer": a.offer.reference, "ended_at": a.ended_at.isoformat(), "reason": a.end_reason}
                                      for a in ended.select_related("offer").order_by("pk")],
    }
