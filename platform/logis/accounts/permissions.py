"""Wagtail permission policies answered by role scope instead of Django permissions.

Wagtail's generic views ask a policy "may this user add / change / view
(this object)?". Here the answer comes from :mod:`logis.accounts.scoping`:
a role holder may do ``scoped_actions`` on the objects in the scope of
``permission``; a superuser may do everything but hard-delete (history is
kept: assignments are revoked, never deleted).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

from logis.accounts.models import RoleAssignment
from logis.accounts.roles import role_registry
from logis.accounts.scoping import user_scope


class ScopedPermissionPolicy(BasePermissionPolicy):
    def __init__(self, model, permission=None, scoped_actions=("view",), superuser_actions=("view", "add", "change")):
        super().__init__(model)
        self.permission = permission
        self.scoped_actions = frozenset(scoped_actions)
        self.superuser_actions = frozenset(superuser_actions)

    def scope(self, user, action):
        """The scope in which ``user`` may do ``action``, or ``None``."""
        if not user.is_authenticated or not user.is_active:
            return None
        if user.is_superuser:
            return user_scope(user, self.permission or "") if action in self.superuser_actions else None
        if self.permission is None or action not in self.scoped_actions:
            return None
        scope = user_scope(user, self.permission)
        return scope if scope and not scope.aggregates_only else None

    def restrict(self, scope, queryset):
        """The rows of ``queryset`` inside ``scope`` (models without ``scoping`` override this)."""
        return scope.filter(queryset)

    def user_has_permission(self, user, action):
        return self.scope(user, action) is not None

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        scope = self.scope(user, action)
        return scope is not None and self.restrict(scope, self.model._default_manager.filter(pk=instance.pk)).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        for action in actions:
            scope = self.scope(user, action)
            if scope is not None:
                return self.restrict(scope, self.model._default_manager.all())
        return self.model._default_manager.none()

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.scoped_actions & set(actions) or self.permission is None:
            return users.filter(is_superuser=True)
        roles = [code for code, role in role_registry().items() if self.permission in role.permissions and not role.aggregates_only]
        holders = RoleAssignment.objects.current().filter(role__in=roles).values("user")
        return users.filter(Q(is_superuser=True) | Q(pk__in=holders))


class RoleAssignmentPermissionPolicy(ScopedPermissionPolicy):
    """Role managers never change their own assignments: no one extends their own rights."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "change" and instance.user_id == user.pk and not user.is_superuser:
            return False
        return super().user_has_permission_for_instance(user, action, instance)
