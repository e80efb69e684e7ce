"""Lets people holding a current role into the Wagtail admin, and nobody else.

Access follows role assignments, never hand-managed Django permissions: the
day an assignment expires or is revoked, the admin closes, even for someone
whose group or account was given ``wagtailadmin.access_admin`` (Wagtail's own
Editors and Moderators groups carry it, and a demo once gave it to a group).
This is Django's model backend with that one permission answered by the
roles: it raises ``PermissionDenied``, which stops Django from asking any
backend listed after it. Superusers are let in by Django before any backend
is asked. What each screen shows is then decided by the scoping service.
"""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from logis.accounts.scoping import current_assignments

ADMIN_ACCESS = "wagtailadmin.access_admin"


class RoleHoldersAdminAccessBackend(ModelBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if perm != ADMIN_ACCESS:
            return super().has_perm(user_obj, perm, obj)
        if not user_obj.is_active or user_obj.is_anonymous or not current_assignments(user_obj):
            raise PermissionDenied
        return True
