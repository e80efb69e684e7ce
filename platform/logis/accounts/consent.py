"""Role grants that wait for consent: a manager asked for a role for someone outside his organisations.

The assignment is saved ``pending``: it gives no right, no manager sees it
(``RoleAssignment.scoping`` withholds it), and it takes effect when the person
accepts it or a superuser validates it. Refusing it revokes it, so that the
history keeps both the request and its answer.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from logis.accounts.models import RoleAssignment


def answerable_by(user):
    """The pending grants ``user`` may answer: their own, or every one for a superuser."""
    pending = RoleAssignment.objects.in_state(RoleAssignment.State.PENDING)
    return pending if user.is_superuser else pending.filter(user=user)


def accept(assignment):
    assignment.pending = False
    assignment.save(update_fields=["pending"])


def refuse(assignment):
    assignment.revoked_at = timezone.now()
    assignment.save(update_fields=["revoked_at"])


class PendingRolesPanel(Component):
    """On the dashboard: the roles offered to the person, each with the way to answer."""

    name = "logis_pending_roles"
    order = 20
    template_name = "logis_accounts/pending_roles_panel.html"
    title = _("Rôles proposés")

    def __init__(self, assignments):
        self.assignments = assignments

    def get_context_data(self, parent_context=None):
        return {"assignments": self.assignments, "title": self.title}


def pending_roles_panel(request):
    """The panel when someone has offered the person a role, else ``None``."""
    assignments = list(
        RoleAssignment.objects.in_state(RoleAssignment.State.PENDING).filter(user=request.user)
        .select_related("organisation", "granted_by")
    )
    return PendingRolesPanel(assignments) if assignments else None
