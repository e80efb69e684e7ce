"""Remember who makes the current request, for the audit history; switch plugins per site; answer a full disk."""

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


class PluginSwitchMiddleware:
    """Answer 404 under a plugin's API prefix, and on its admin screens, on a site where the plugin is off.

    Hiding the menu is not enough: a URL typed by hand must not open the
    screen, its exports, its history or its chooser either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            from django.http import JsonResponse

            from logis.api import PLUGIN_API_PREFIXES
            from logis.sites import plugin_enabled

            rest = request.path_info[len("/api/"):]
            for prefix, plugin_name in PLUGIN_API_PREFIXES.items():
                if rest.startswith(prefix) and not plugin_enabled(request, plugin_name):
                    return JsonResponse({"detail": "Cette fonctionnalité n'est pas activée sur ce site."}, status=404)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.http import Http404

        from logis.sites import plugin_enabled
        from logis.wagtail_hooks import plugin_of_admin_url

        plugin_name = plugin_of_admin_url(request.resolver_match)
        if plugin_name is not None and not plugin_enabled(request, plugin_name):
            raise Http404("Cette fonctionnalité n'est pas activée sur ce site.")


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
