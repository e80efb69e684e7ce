"""What the offers plugin holds about an agent (a user account): offers vetted, allocations made or ended.

For the core's GDPR rights (:func:`logis.accounts.gdpr.export_person` and
``erase_person``): the export lists them, the erasure unlinks the account
(the offers and allocations stay, as figures; the history keeps who did what,
as the law requires).
"""

from django.utils.translation import gettext as _

from plugins.offers.models import Allocation, Offer


def personal_data(user, erase):
    vetted = Offer.objects.filter(vetted_by=user)
    allocated = Allocation.objects.filter(allocated_by=user)
    ended = Allocation.objects.filter(ended_by=user)
    if not (vetted.exists() or allocated.exists() or ended.exists()):
        return None
    if erase:
        return {"vetted_offers": vetted.update(vetted_by=None), "allocations_made": allocated.update(allocated_by=None),
                "allocations_ended": ended.update(ended_by=None)}
    return {
        _("Offres d'hébergement qualifiées"): [{"reference": o.reference, "vetted_at": o.vetted_at.isoformat()} for o in vetted],
        _("Attributions faites"): [{"offer": a.offer.reference, "allocated_at": a.allocated_at.isoformat(), "places": a.places}
                                   for a in allocated.select_related("offer")],
        _("Attributions terminées"): [{"offer": a.offer.reference, "ended_at": a.ended_at.isoformat(), "reason": a.end_reason}
                                      for a in ended.select_related("offer")],
    }
