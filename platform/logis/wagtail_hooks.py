"""The bridge from Logis plugins into Wagtail's own admin hooks.

Plugins never register Wagtail hooks themselves: they answer Logis hooks and
this module hands their viewsets, ModelAdmin classes, menu items and
dashboard panels to Wagtail, hiding a plugin's menu entries on a site where
the plugin is switched off and skipping a plugin whose hook raises. The
screens themselves answer 404 there: :func:`plugin_of_admin_url` tells
:class:`logis.plugin_switch.PluginSwitchMiddleware` whose screen a URL is.
"""

from functools import cache

from wagtail import hooks
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from logis.exports import wagtail_list_export
from logis.panels import IsolatedPanel, plugin_health_panel
from logis.plugins import call_hook
from logis.settings_admin import settings_urls
from logis.sites import enabled_plugins_for_request

#: plugin name → its ViewSets, and its ModelAdmin instances (registered with Wagtail on import).
PLUGIN_VIEWSETS = {}
PLUGIN_MODELADMINS = {}


def _menu_names(item):
    if isinstance(item, ViewSetGroup):
        names = {getattr(item, "menu_name", "")}
        for sub in item.registerables:
            names |= _menu_names(sub)
        return names
    return {getattr(item, "menu_name", "") or getattr(item, "name", "")}


def _plugin_viewsets():
    viewsets = []
    for plugin_name, items in call_hook("logis_admin_viewsets"):
        for item in items:
            if isinstance(item, type) and issubclass(item, (ModelAdmin, ModelAdminGroup)):
                instance = item()
                instance.register_with_wagtail()
                PLUGIN_MODELADMINS.setdefault(plugin_name, []).append(instance)
            elif isinstance(item, (ViewSet, ViewSetGroup)):
                viewsets.append(item)
                PLUGIN_VIEWSETS.setdefault(plugin_name, []).append(item)
    return viewsets


_VIEWSETS = _plugin_viewsets()

# Every Wagtail list export (viewsets, ModelAdmin, reports, form submissions) goes through the
# platform's one formula-safe writer: Wagtail's own writes "=HYPERLINK(…)" into a CSV as it is.
SpreadsheetExportMixin.as_spreadsheet = wagtail_list_export


def plugin_menu_names(plugin_name):
    """Names of the admin menu items a plugin's screens created.

    Computed when a menu is built, not on import: a ModelAdmin's menu item
    reverses its URL, and resolving URLs while Wagtail still collects hooks
    would freeze the viewset registry before the plugins' viewsets join it.
    """
    names = set()
    for viewset in PLUGIN_VIEWSETS.get(plugin_name, ()):
        names |= _menu_names(viewset)
    for modeladmin in PLUGIN_MODELADMINS.get(plugin_name, ()):
        names.add(modeladmin.get_menu_item().name)
    return names


def _namespaces(item):
    """URL namespaces of a viewset or group, with a snippet's chooser (a viewset of its own)."""
    if isinstance(item, ViewSetGroup):
        return set().union(*(_namespaces(sub) for sub in item.registerables))
    chooser = getattr(item, "chooser_viewset", None)
    return {item.url_namespace} | ({chooser.url_namespace} if chooser is not None else set())


def _modeladmin_url_prefixes(modeladmin):
    """Prefixes of the URL names of a ModelAdmin (or of each member of a group): ``<app>_<model>_modeladmin_``."""
    if isinstance(modeladmin, ModelAdminGroup):
        return set().union(*(_modeladmin_url_prefixes(member) for member in modeladmin.modeladmin_instances))
    return {modeladmin.url_helper.get_action_url_name("")}


@cache
def _plugin_admin_urls():
    """``({namespace: plugin}, [(url name prefix, plugin)])``, read once the admin URLs are built."""
    namespaces = {ns: plugin for plugin, items in PLUGIN_VIEWSETS.items() for item in items for ns in _namespaces(item)}
    prefixes = [
        (prefix, plugin) for plugin, items in PLUGIN_MODELADMINS.items() for item in items for prefix in _modeladmin_url_prefixes(item)
    ]
    return namespaces, prefixes


def plugin_of_admin_url(match):
    """The plugin whose admin screen a resolved URL (``request.resolver_match``) is, or ``None``.

    Every URL of a plugin's viewset (list, edit, inspect, history, usage,
    chooser, its exports and extra screens) lives under the viewset's
    namespace; a ModelAdmin's URL names start with its own prefix.
    """
    namespaces, prefixes = _plugin_admin_urls()
    for namespace in match.namespaces:
        if namespace in namespaces:
            return namespaces[namespace]
    url_name = match.url_name or ""
    return next((plugin for prefix, plugin in prefixes if url_name.startswith(prefix)), None)


@hooks.register("register_admin_viewset")
def register_plugin_viewsets():
    return _VIEWSETS


@hooks.register("construct_main_menu")
def plugin_menu(request, menu_items):
    enabled = enabled_plugins_for_request(request)
    disabled = (set(PLUGIN_VIEWSETS) | set(PLUGIN_MODELADMINS)) - set(enabled)
    hidden = set().union(*(plugin_menu_names(plugin) for plugin in disabled))
    menu_items[:] = [item for item in menu_items if item.name not in hidden]
    for _plugin, items in call_hook("logis_admin_menu_items", plugins=enabled, request=request):
        menu_items.extend(items)


@hooks.register("construct_homepage_panels")
def plugin_dashboard_panels(request, panels):
    enabled = enabled_plugins_for_request(request)
    for plugin, items in call_hook("logis_dashboard_panels", plugins=enabled, request=request):
        panels.extend(IsolatedPanel(plugin, panel) for panel in items)
    health = plugin_health_panel(request)
    if health is not None:
        panels.insert(0, health)


@hooks.register("register_admin_urls", order=-1)
def register_settings_edit_view():
    return settings_urls()
