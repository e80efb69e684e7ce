"""Who may call a role-bound API route: signed in *and* holding a role in force today.

Checked as django-ninja's authentication, i.e. before the query string and the
body are read: an account whose roles lapsed or were revoked gets the same
French 403 on every such route, whatever it sends — never a 422 that describes
the route's parameters to someone who may not use it. The route then asks the
scoping service for its own permission, as before.
"""

from django.core.exceptions import PermissionDenied
from ninja.security import SessionAuth

from logis.accounts.scoping import NO_ROLE, current_assignments


class ProfessionalAuth(SessionAuth):
    """django-ninja's session authentication (CSRF included), refused with 403 without a current role."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None and not user.is_superuser and not current_assignments(user):
            raise PermissionDenied(NO_ROLE)
        return user


professional_auth = ProfessionalAuth()
