"""Which plugins are switched on for the site a request is addressed to."""

from wagtail.models import Site

from logis.plugins import call_hook, plugin_manager


def enabled_plugins(site):
    """Names of active plugins switched on for ``site`` (all of them when no site)."""
    from logis.models import PluginSettings

    names = {info.name for info in plugin_manager.active()}
    if site is None:
        return names
    return names - set(PluginSettings.for_site(site).disabled_plugins or [])


def enabled_plugins_for_request(request):
    cached = getattr(request, "_logis_enabled_plugins", None)
    if cached is None:
        cached = enabled_plugins(Site.find_for_request(request))
        request._logis_enabled_plugins = cached
    return cached


def plugin_enabled(request, plugin_name):
    return plugin_name in enabled_plugins_for_request(request)


def plugin_of_model(model):
    """The plugin whose Django app holds ``model`` (``None`` for the core's), e.g. to gate its history."""
    app_name = model._meta.app_config.name
    for plugin_name, apps in call_hook("logis_django_apps"):
        if app_name in apps:
            return plugin_name
    return None
