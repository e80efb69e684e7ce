"""The GDPR rights of agents (people with an account): access/export and erasure.

The core holds an agent's account and role assignments; plugins say what they
hold through the ``logis_personal_data`` hook. The audit history is kept on
erasure: it is a legal obligation (traceability of who changed what) and it
is append-only; only the account itself is anonymised.
"""

from django.db import transaction
from django.utils import timezone

from logis.accounts.models import Organisation
from logis.audit.models import AuditEntry
from logis.audit.recorder import record
from logis.middleware import acting_as
from logis.plugins import PluginHookError, call_hook, plugin_manager


class ErasureError(RuntimeError):
    """A plugin could not erase its data: nothing was erased."""


def organisations_of(user):
    """Every organisation the person holds or held a role in (who may act on their data).

    A grant still awaiting the person's consent makes no organisation theirs:
    granting a role must not open someone's data to the granter.
    """
    return Organisation.objects.filter(role_assignments__user=user, role_assignments__pending=False).distinct()


def _sections_of_plugins(user, organisations):
    """Plugins' sections; for a partial view only from plugins that can keep to ``organisations``."""
    plugins = None
    if organisations is not None:
        impls = plugin_manager.pm.hook.logis_personal_data.get_hookimpls()
        plugins = [impl.plugin_name for impl in impls if "organisations" in impl.argnames]
    sections = {}
    for _plugin, plugin_sections in call_hook("logis_personal_data", user=user, erase=False, organisations=organisations, plugins=plugins):
        sections.update(plugin_sections)
    return sections


def _assignment(a):
    return {
        "role": str(a.role_label),
        "organisation": a.organisation.name,
        "territoire": str(a.scope_territory),
        "valide_du": a.valid_from,
        "valide_jusqu_au": a.valid_until,
        "revoquee_le": a.revoked_at,
    }


def export_person(user, organisations=None):
    """What Logis holds about ``user``: account, roles, audit count, plugins' sections.

    ``organisations``: only what these organisations hold (a role manager's
    view of someone who also works elsewhere): their assignments, and the
    plugins' sections filtered by them; the count of history entries, which
    belongs to no organisation, is left out (``None``). ``None``: everything.
    """
    assignments = user.role_assignments.filter(pending=False)
    if organisations is not None:
        assignments = assignments.filter(organisation__in=organisations)
    assignments = assignments.select_related("organisation__territory", "territory").order_by("valid_from", "pk")
    return {
        "compte": {
            "identifiant": user.get_username(),
            "prenom": user.first_name,
            "nom": user.last_name,
            "courriel": user.email,
            "inscrit_le": user.date_joined,
            "derniere_connexion": user.last_login,
        },
        "attributions_de_roles": [_assignment(a) for a in assignments],
        "entrees_d_historique_redigees": AuditEntry.objects.filter(user=user).count() if organisations is None else None,
        "extensions": _sections_of_plugins(user, organisations),
    }


def _end_assignments(user, now):
    """Revoke what is not revoked yet; one save each, so the audit records every end."""
    today = timezone.localdate(now)
    for assignment in user.role_assignments.filter(revoked_at__isnull=True):
        assignment.revoked_at = now
        if assignment.valid_from <= today and (assignment.valid_until is None or assignment.valid_until > today):
            assignment.valid_until = today
        assignment.save(update_fields=["revoked_at", "valid_until"])


def _erase_in_plugins(user):
    """Each plugin's summary; raises :class:`ErasureError` when one failed."""
    try:
        return dict(call_hook("logis_personal_data", user=user, erase=True, organisations=None, raise_errors=True))
    except PluginHookError as error:
        raise ErasureError(error.plugin_name) from error


def erase_person(user, by):
    """Anonymise ``user``'s account, end their roles, have plugins erase theirs; all or nothing.

    The audit history (what they did, and the history of their assignments)
    is kept, as the law requires; the erasure itself is recorded in it,
    attributed to ``by``. Returns the plugins' summaries by plugin name.
    """
    now = timezone.now()
    with transaction.atomic(), acting_as(by):
        summaries = _erase_in_plugins(user)  # first: plugins may look their records up by e-mail
        user.username = f"compte-supprime-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.set_unusable_password()
        user.is_active = False
        user.save()
        _end_assignments(user, now)  # after: their new history entries name the anonymised account
        record(user, "update", {"effacement_rgpd": [None, {"le": now.isoformat(), "extensions": summaries}]})
    return summaries

