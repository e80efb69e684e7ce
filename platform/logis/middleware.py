"""Remember who makes the current request, for the audit history; answer a full disk in French.

The lowest layer of the core: jobs, the audit and plugins read the current
user from here, so it imports nothing of Logis (the plugin switch, which
needs the API and the admin, is :mod:`logis.plugin_switch`).
"""

import errno
import logging
from contextvars import ContextVar

_current_user = ContextVar("logis_current_user", default=None)
logger = logging.getLogger(__name__)


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


#: OS errors that mean "no room left": the disk, the user's quota, the largest file allowed.
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class DiskFullMiddleware:
    """A write refused by a full disk is a clear French 507, never a 500 with a traceback.

    The storage (:mod:`logis.storage`) has removed the partial file already;
    the view stopped before writing its rows, so nothing is half-saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OSError) or exception.errno not in _NO_ROOM:
            return None
        from django.http import HttpResponse, JsonResponse
        from django.template import loader
        from django.utils.translation import gettext as _

        logger.error("Écriture refusée, disque plein : %s %s (%s)", request.method, request.path, exception)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("Espace disque insuffisant : rien n'a été enregistré. Réessayez plus tard.")}, status=507)
        return HttpResponse(loader.get_template("logis/disk_full.html").render(request=request), status=507)
