"""Why a signed-in person is refused, and whom to ask: what a 403 page tells them.

A refusal without a reason sends people to the wrong desk. The reasons come
from the person's role assignments (none, expired, revoked, not yet valid,
current but granting something else); the people to ask are those who manage
roles in the person's organisations.
"""

from django.contrib.auth import get_user_model
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from logis.accounts.models import RoleAssignment
from logis.accounts.roles import role_registry

ROLE_MANAGER_PERMISSION = "accounts.manage_roles"


def _label(assignment):
    role = role_registry().get(assignment.role)
    return str(role.label) if role else assignment.role


def _date(value):
    return formats.date_format(value, "d/m/Y")


def refusal_reasons(user, permission):
    """Sentences saying why ``user`` does not hold ``permission`` today (most telling first)."""
    today = timezone.localdate()
    assignments = list(RoleAssignment.objects.filter(user=user).order_by("-valid_until", "-pk"))
    granting = [a for a in assignments if permission in getattr(role_registry().get(a.role), "permissions", ())]
    reasons = []
    for a in granting:
        if a.revoked_at:
            reasons.append(_("Votre rôle « %(role)s » (%(organisation)s) a été révoqué le %(date)s.")
                           % {"role": _label(a), "organisation": a.organisation, "date": _date(timezone.localtime(a.revoked_at))})
        elif a.valid_until and a.valid_until < today:
            reasons.append(_("Votre rôle « %(role)s » (%(organisation)s) a expiré le %(date)s.")
                           % {"role": _label(a), "organisation": a.organisation, "date": _date(a.valid_until)})
        elif a.valid_from > today:
            reasons.append(_("Votre rôle « %(role)s » (%(organisation)s) ne commence que le %(date)s.")
                           % {"role": _label(a), "organisation": a.organisation, "date": _date(a.valid_from)})
    current = RoleAssignment.objects.filter(user=user).current()
    if not reasons and current.exists():
        reasons.append(_("Vos rôles actuels (%(roles)s) ne donnent pas accès à cette page.")
                       % {"roles": ", ".join(sorted({_label(a) for a in current}))})
    if not assignments:
        reasons.append(_("Vous n'avez aucun rôle sur ce site : votre compte existe, mais aucun accès ne lui a été attribué."))
    elif not reasons:
        reasons.append(_("Vous n'avez aucun rôle en cours donnant accès à cette page."))
    return reasons


def whom_to_ask(user):
    """People who manage roles in ``user``'s organisations (current role managers), by name and e-mail."""
    organisations = RoleAssignment.objects.filter(user=user).values("organisation")
    codes = [code for code, role in role_registry().items() if ROLE_MANAGER_PERMISSION in role.permissions]
    managers = (RoleAssignment.objects.current().filter(role__in=codes, organisation__in=organisations)
                .exclude(user=user).values("user"))
    return list(get_user_model().objects.filter(pk__in=managers, is_active=True).order_by("last_name", "username")[:5])
