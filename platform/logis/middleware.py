"""Remember who makes the current request, for the audit history.

The lowest layer of the core: jobs, the audit and plugins read the current
user from here, so it imports nothing of Logis (the plugin switch, which
needs the API and the admin, is :mod:`logis.plugin_switch`).
"""

from contextvars import ContextVar

_current_user = ContextVar("logis_current_user", default=None)


def get_current_user():
    return _current_user.get()


class acting_as:
    """Attribute changes made outside a request (jobs, commands) to ``user``."""

    def __init__(self, user):
        self.user = user

    def __enter__(self):
        self.token = _current_user.set(self.user)
        return self.user

    def __exit__(self, *exc):
        _current_user.reset(self.token)


class CurrentUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = _current_user.set(user if user is not None and user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            _current_user.reset(token)
