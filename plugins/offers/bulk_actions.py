"""The offers list's bulk actions as rules: vet, withdraw, extend the end date of a selection.

Each action is one audited :func:`logis.audit.bulk_update` (one history entry
per changed offer, search told) on a queryset the caller has already narrowed
to the user's scope. An action skips the offers it cannot apply to and says
how many: a closed offer is neither vetted nor extended, and an offer with
running allocations is not withdrawn in bulk (its allocations must be decided
one offer at a time, on the offer's page or through the API).
"""

from dataclasses import dataclass

from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logis.audit import bulk_update
from plugins.offers.models import CLOSED, Offer

MAX_SELECTION = 200


@dataclass(frozen=True)
class BulkAction:
    code: str
    label: str
    permission: str
    question: str


ACTIONS = {action.code: action for action in (
    BulkAction("vet", _("Qualifier"), "offers.vet",
               _("Qualifier ces offres ? La liste de contrôle (visite, salubrité, caractéristiques, hébergeur) sera "
                 "enregistrée comme faite, à votre nom, et les offres deviendront attribuables.")),
    BulkAction("withdraw", _("Retirer"), "offers.change",
               _("Retirer ces offres ? Elles ne pourront plus être attribuées. Une offre qui a des attributions en cours "
                 "est gardée : décidez de ses attributions depuis sa fiche.")),
    BulkAction("extend", _("Prolonger la date de fin"), "offers.change",
               _("Prolonger ces offres jusqu'à la date choisie ?")),
    BulkAction("export", _("Exporter la sélection"), "offers.export", ""),
)}


def vet(offers, user):
    """Record the checklist as done and make the offers allocatable (full when no place is left); closed offers are skipped."""
    now = timezone.now()
    return bulk_update(offers.exclude(status__in=CLOSED), {
        **dict.fromkeys(Offer.CHECKLIST_FIELDS, True), "vetted_by": user, "vetted_at": now, "updated_at": now,
        "status": Case(When(places_available=0, then=Value(Offer.Status.FULL)), default=Value(Offer.Status.AVAILABLE)),
    })


def with_running_allocations(offers):
    """The offers of ``offers`` that still lodge a household."""
    return offers.annotate(running=Count("allocations", filter=Q(allocations__ended_at__isnull=True))).filter(running__gt=0)


def withdraw(offers):
    """Withdraw the open offers without running allocations."""
    now = timezone.now()
    kept = with_running_allocations(offers).values("pk")
    return bulk_update(offers.exclude(status__in=CLOSED).exclude(pk__in=kept),
                       {"status": Offer.Status.WITHDRAWN, "withdrawn_at": now, "updated_at": now})


def extend(offers, until):
    """Move the end date of the open offers that start on or before ``until`` to ``until``."""
    return bulk_update(offers.exclude(status__in=CLOSED).filter(available_from__lte=until),
                       {"available_until": until, "updated_at": timezone.now()})
