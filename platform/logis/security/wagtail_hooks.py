"""Admin screen « Verrouillages de connexion »: administrators see lockouts and unlock them.

Deleting an attempt record unlocks its account and address (axes counts
only the records that remain); the unlock is audited by ``throttling``.
"""

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


class UnlockOnlyPolicy(ModelPermissionPolicy):
    """Attempts are written by axes only: administrators may read and delete (unlock) them."""

    def user_has_permission(self, user, action):
        return action in ("view", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AccessAttempt, UnlockOnlyPolicy(AccessAttempt))


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    name = "logis_lockouts"
    icon = "lock"
    menu_label = _("Verrouillages de connexion")
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    form_fields = ["username"]  # never used: no add or edit view is open

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in ("index", "index_results", "delete", "usage")]


@hooks.register("register_admin_viewset")
def register_lockouts():
    return LockoutViewSet()
