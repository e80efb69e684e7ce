"""The bridge from Logis plugins into Wagtail's own admin hooks.

Plugins never register Wagtail hooks themselves: they answer Logis hooks and
this module hands their viewsets, ModelAdmin classes, menu items and
dashboard panels to Wagtail, hiding a plugin's menu entries on a site where
the plugin is switched off and skipping a plugin whose hook raises.
"""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from logis.panels import IsolatedPanel, plugin_health_panel
from logis.plugins import call_hook
from logis.sites import enabled_plugins_for_request

#: plugin name → names of the admin menu items its screens created.
PLUGIN_MENU_NAMES = {}


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
                PLUGIN_MENU_NAMES.setdefault(plugin_name, set()).add(instance.get_menu_item().name)
            elif isinstance(item, (ViewSet, ViewSetGroup)):
                viewsets.append(item)
                PLUGIN_MENU_NAMES.setdefault(plugin_name, set()).update(_menu_names(item))
    return viewsets


_VIEWSETS = _plugin_viewsets()


@hooks.register("register_admin_viewset")
def register_plugin_viewsets():
    return _VIEWSETS


@hooks.register("construct_main_menu")
def plugin_menu(request, menu_items):
    enabled = enabled_plugins_for_request(request)
    hidden = set().union(*(names for plugin, names in PLUGIN_MENU_NAMES.items() if plugin not in enabled))
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
