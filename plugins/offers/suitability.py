"""Whether an offer fits a household: its needs (pets, reduced mobility, children) and its dates.

One rule read two ways: :func:`fitting` filters a queryset for the matching
screen, :func:`misfits` names, in French, every need one offer does not meet,
so that an allocation is refused (or knowingly overridden) for the very
reasons the matching would have left the offer out.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _


def stay(household):
    """The first and last day the household needs the place (last = first when open-ended)."""
    start = household.date_from or timezone.localdate()
    return start, household.date_until or start


def fitting(offers, household):
    """``offers`` narrowed to those whose features and availability suit ``household``."""
    if household.pets:
        offers = offers.filter(pets_allowed=True)
    if household.reduced_mobility:
        offers = offers.filter(step_free=True)
    if household.children:
        offers = offers.filter(children_welcome=True)
    start, end = stay(household)
    return offers.filter(Q(available_from__lte=start), Q(available_until__isnull=True) | Q(available_until__gte=end))


def misfits(offer, household):
    """``[(code, message)]`` for each need of ``household`` that ``offer`` does not meet; empty when it fits."""
    problems = []
    if household.pets and not offer.pets_allowed:
        problems.append(("pets", _("l'offre n'accepte pas les animaux")))
    if household.reduced_mobility and not offer.step_free:
        problems.append(("reduced_mobility", _("l'offre n'est pas accessible aux personnes à mobilité réduite")))
    if household.children and not offer.children_welcome:
        problems.append(("children", _("l'offre n'accueille pas d'enfants")))
    start, end = stay(household)
    if offer.available_from > start:
        problems.append(("dates", _("l'offre n'est disponible qu'à partir du %(date)s") % {
            "date": offer.available_from.strftime("%d/%m/%Y")}))
    if offer.available_until is not None and offer.available_until < end:
        problems.append(("dates", _("l'offre n'est disponible que jusqu'au %(date)s") % {
            "date": offer.available_until.strftime("%d/%m/%Y")}))
    return problems
