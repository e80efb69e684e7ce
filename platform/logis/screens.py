"""The base classes of a plugin's own admin screens (forms, reports, dashboards), served by a :class:`logis.viewsets.ToolViewSet`.

A screen names the ``permission`` it needs; it reads the user's scope once,
before anything else (a French PermissionDenied when no current role grants
it, or when the role sees aggregates only and the screen shows rows), and
keeps it as ``self.scope`` for every read: ``self.scope.filter(...)``,
``self.scope.get(...)``.
"""

from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from logis.accounts.scoping import scope_for


class ScopedScreen(WagtailAdminTemplateMixin, TemplateView):
    """An admin screen that needs ``permission`` (and rows of it unless ``aggregates_allowed``)."""

    permission = None
    aggregates_allowed = False
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        """Home, then the screen's own name: the page heading names the screen, not "Accueil"."""
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def dispatch(self, request, *args, **kwargs):
        self.scope = scope_for(request.user, self.permission, rows=not self.aggregates_allowed)
        return super().dispatch(request, *args, **kwargs)


class ScopedFormScreen(ScopedScreen, FormView):
    """A screen with a form whose choices come from the scope: the form is built with ``scope=self.scope``."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scope": self.scope}
