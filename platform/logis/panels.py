"""Admin dashboard panel reporting plugins that failed to load or whose hooks raised."""

from wagtail.admin.ui.components import Component

from logis.plugins import plugin_manager


class PluginHealthPanel(Component):
    name = "logis_plugin_health"
    order = 10
    template_name = "logis/panels/plugin_health.html"

    def get_context_data(self, parent_context=None):
        return {
            "failed": plugin_manager.failed(),
            "hook_errors": [(info.name, hook) for info in plugin_manager.active() for hook, _tb in info.hook_errors],
        }


def plugin_health_panel(request):
    """The panel for superusers when something is wrong, else None."""
    if not request.user.is_superuser:
        return None
    if not plugin_manager.failed() and not any(info.hook_errors for info in plugin_manager.active()):
        return None
    return PluginHealthPanel()
