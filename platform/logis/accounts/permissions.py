"""The role assignments' permission policy: the core's scoped policy, less one's own assignments.

No one extends their own rights: a role manager never changes an assignment
of their own, whatever the screen (the list's buttons or the edit form).
"""

from django.core.exceptions import PermissionDenied

from logis.viewsets import ScopedPermissionPolicy


class RoleAssignmentPermissionPolicy(ScopedPermissionPolicy):
    def _own(self, user, action, instance):
        return action == "change" and instance.user_id == user.pk and not user.is_superuser

    def get(self, user, action, queryset=None, **lookup):
        instance = super().get(user, action, queryset, **lookup)
        if self._own(user, action, instance):
            raise PermissionDenied
        return instance

    def user_has_permission_for_instance(self, user, action, instance):
        return not self._own(user, action, instance) and super().user_has_permission_for_instance(user, action, instance)
