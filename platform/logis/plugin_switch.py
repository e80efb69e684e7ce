"""The per-site plugin switch for URLs typed by hand: a switched-off plugin's API prefix and admin screens answer 404.

Loaded as a middleware, i.e. once the URLs and the admin are known; it sits
above :mod:`logis.api` and :mod:`logis.wagtail_hooks`, whose facts it reads.
"""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from logis.api import PLUGIN_API_PREFIXES
from logis.sites import plugin_enabled
from logis.wagtail_hooks import plugin_of_admin_url


class PluginSwitchMiddleware:
    """Answer 404 under a plugin's API prefix, and on its admin screens, on a site where the plugin is off.

    Hiding the menu is not enough: a URL typed by hand must not open the
    screen, its exports, its history or its chooser either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            rest = request.path_info[len("/api/"):]
            for prefix, plugin_name in PLUGIN_API_PREFIXES.items():
                if rest.startswith(prefix) and not plugin_enabled(request, plugin_name):
                    return JsonResponse({"detail": _("Cette fonctionnalité n'est pas activée sur ce site.")}, status=404)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        plugin_name = plugin_of_admin_url(request.resolver_match)
        if plugin_name is not None and not plugin_enabled(request, plugin_name):
            raise Http404(_("Cette fonctionnalité n'est pas activée sur ce site."))
