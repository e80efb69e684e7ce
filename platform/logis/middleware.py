"""Remember who makes the current request, for the audit history."""

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
