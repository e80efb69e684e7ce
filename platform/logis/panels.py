"""Admin dashboard panels: plugin panels isolated from each other, and the plugin health report."""

from django.forms import Media
from wagtail.admin.ui.components import Component

from logis.plugins import plugin_manager


class IsolatedPanel(Component):
    """A plugin's dashboard panel whose rendering cannot take the dashboard down.

    Panels render after the hook returned them, outside the plugin manager's
    protection: a panel that raises while rendering is logged, reported on
    the health panel and left out, and the others still show.
    """

    def __init__(self, plugin_name, panel):
        self.plugin_name = plugin_name
        self.panel = panel
        self.name = getattr(panel, "name", plugin_name)
        self.order = getattr(panel, "order", 100)

    @property
    def media(self):
        media = getattr(self.panel, "media", None)
        return media if isinstance(media, Media) else Media()

    def render_html(self, parent_context=None):
        try:
            return self.panel.render_html(parent_context)
        except Exception:
            plugin_manager.report_hook_error(self.plugin_name, "logis_dashboard_panels")
            return ""


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
