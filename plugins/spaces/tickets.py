"""Shared tickets: a member opens a request for the team, someone takes it, it is resolved and stays visible.

Every change goes to the core history (the model is audited), which is the
ticket's history: its members read the status and assignee changes of it
(:func:`history`), the whole entries stay for ``spaces.manage``. Resolved
tickets are kept and shown with a filter.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from logis.audit.display import with_changes
from logis.audit.models import AuditEntry
from logis.notifications import notify_users
from plugins.spaces.models import Space, Ticket, TicketStatus
from plugins.spaces.rules import members, require_member

SOURCE = "spaces"
#: What members read of a ticket's history: who changed its status or assignee, and when.
HISTORY_FIELDS = ("status", "assignee")
HISTORY_LIMIT = 200
#: The list filter « à traiter »: every status but resolved.
TO_DO = "a_traiter"


def ticket_url(ticket):
    return reverse("spaces:ticket", args=[ticket.space.slug, ticket.number])


def open_ticket(space, user, title, description="", assignee=None):
    with transaction.atomic():
        Space.objects.select_for_update().filter(pk=space.pk).first()  # numbers are handed out one at a time
        number = (Ticket.objects.filter(space=space).aggregate(n=Max("number"))["n"] or 0) + 1
        ticket = Ticket.objects.create(space=space, number=number, title=title, description=description, created_by=user)
    if assignee is not None:
        assign(ticket, user, assignee)
    return ticket


def assign(ticket, user, assignee):
    """Hand the ticket to a member of the space (``None``: nobody); the assignee is notified."""
    if assignee is not None and not members(ticket.space).filter(pk=assignee.pk).exists():
        raise PermissionDenied(_("La personne choisie n'est pas membre de l'espace."))
    ticket.assignee = assignee
    if assignee is not None and ticket.status == TicketStatus.OPEN:
        ticket.status = TicketStatus.IN_PROGRESS
    ticket.save()
    if assignee is not None and assignee != user:
        notify_users([assignee], _("Demande n° %(number)d confiée : %(title)s") % {"number": ticket.number, "title": ticket.title},
                     ticket.description[:500], ticket_url(ticket), SOURCE)
    return ticket


def set_status(ticket, user, status):
    require_member(user, ticket.space)
    ticket.status = status
    ticket.resolved_at = timezone.now() if status == TicketStatus.RESOLVED else None
    ticket.save()
    if status == TicketStatus.RESOLVED and ticket.created_by and ticket.created_by != user:
        notify_users([ticket.created_by], _("Demande n° %(number)d résolue : %(title)s") % {
            "number": ticket.number, "title": ticket.title}, "", ticket_url(ticket), SOURCE)
    return ticket


def filtered(tickets, status):
    """``tickets`` of one status, or those still to do (:data:`TO_DO`); every ticket, resolved ones too, otherwise."""
    if status == TO_DO:
        return tickets.exclude(status=TicketStatus.RESOLVED)
    return tickets.filter(status=status) if status in TicketStatus.values else tickets


def history(ticket):
    """``[(entry, [Change])]``, newest first: the status and assignee changes of ``ticket`` with who made them and when."""
    entries = list(AuditEntry.objects.for_object(ticket).select_related("content_type", "user")[:HISTORY_LIMIT])
    for entry in entries:  # read only, never saved: the history keeps every field for those who run spaces
        entry.changes = {name: pair for name, pair in entry.changes.items() if name in HISTORY_FIELDS}
    return with_changes(entry for entry in entries if entry.changes)
