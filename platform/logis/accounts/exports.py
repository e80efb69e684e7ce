"""The account extraction ("extraction des comptes", as in Imhoweb).

One row per role assignment in the exporter's scope: who, which role, for
which organisation, valid from/until, revoked, last login, whether the
account is active, the assignment still in force, and what the account
lacks (e-mail, names). National exporters also get the accounts that hold
no role at all, to tidy them up.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _, gettext_lazy

from logis.accounts.models import RoleAssignment

HEADERS = [
    gettext_lazy("Identifiant"), gettext_lazy("Nom"), gettext_lazy("Prénom"), gettext_lazy("Courriel"), gettext_lazy("Compte actif"), gettext_lazy("Dernière connexion"),
    gettext_lazy("Rôle"), gettext_lazy("Organisation"), gettext_lazy("Territoire couvert"), gettext_lazy("Valide du"), gettext_lazy("Valide jusqu'au"),
    gettext_lazy("Révoquée le"), gettext_lazy("État de l'attribution"), gettext_lazy("Attribuée par"),
    gettext_lazy("Données à compléter"),
]


def _account(user):
    return [user.get_username(), user.last_name, user.first_name, user.email, user.is_active, user.last_login]


def _missing(user):
    """What the account lacks to be reachable and identifiable (Imhoweb's completeness check)."""
    fields = ((user.email, _("courriel")), (user.last_name, _("nom")), (user.first_name, _("prénom")))
    return ", ".join(str(label) for value, label in fields if not value.strip())


def assignment_rows(assignments):
    """Rows for ``assignments`` (a queryset, read in chunks with the related rows joined)."""
    assignments = assignments.select_related("user", "organisation__territory", "territory", "granted_by")
    for a in assignments.order_by("user__username", "organisation__name", "role").iterator(chunk_size=2000):
        yield [
            *_account(a.user), a.role_label, a.organisation.name, str(a.scope_territory), a.valid_from, a.valid_until,
            a.revoked_at, a.state().label, a.granted_by.get_username() if a.granted_by else "", _missing(a.user),
        ]


def accounts_without_role_rows():
    users = get_user_model().objects.exclude(pk__in=RoleAssignment.objects.values("user")).order_by("username")
    for user in users.iterator(chunk_size=2000):
        yield [*_account(user), _("Aucun rôle"), "", "", None, None, None, "", "", _missing(user)]
