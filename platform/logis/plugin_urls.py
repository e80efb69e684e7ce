"""Mount plugins' public URL patterns, each gated by the per-site switch."""

from functools import wraps

from django.http import Http404
from django.urls import URLPattern, URLResolver

from logis.plugins import call_hook
from logis.sites import plugin_enabled


def _gate(view, plugin_name):
    @wraps(view)
    def gated(request, *args, **kwargs):
        if not plugin_enabled(request, plugin_name):
            raise Http404("Cette fonctionnalité n'est pas activée sur ce site.")
        return view(request, *args, **kwargs)

    gated.logis_plugin = plugin_name
    return gated


def gate_patterns(patterns, plugin_name):
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = _gate(pattern.callback, plugin_name)
        elif isinstance(pattern, URLResolver):
            gate_patterns(pattern.url_patterns, plugin_name)
    return patterns


def plugin_urlpatterns():
    patterns = []
    for plugin_name, plugin_patterns in call_hook("logis_urlpatterns"):
        patterns.extend(gate_patterns(list(plugin_patterns), plugin_name))
    return patterns
