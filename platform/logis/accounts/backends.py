"""Lets people holding a current role into the Wagtail admin.

Access follows role assignments, never hand-managed Django permissions: the
day an assignment expires or is revoked, the admin closes. What each screen
shows is then decided by the scoping service.
"""

from django.contrib.auth.backends import BaseBackend

from logis.accounts.scoping import current_assignments

ADMIN_ACCESS = "wagtailadmin.access_admin"


class RoleHoldersAdminAccessBackend(BaseBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if perm != ADMIN_ACCESS or not user_obj.is_active or user_obj.is_anonymous:
            return False
        return bool(current_assignments(user_obj))
