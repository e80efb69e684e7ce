"""The "Historique des modifications" of one audited object.

Who may read it: a superuser; someone whose ``audit.view`` scope covers the
territory recorded on the entries (a supervisor of the department); or
someone who may see the object itself through the permission its model
names in ``history_permission`` (e.g. ``offers.view``), checked with the
model's ``scoping``. Anyone else gets 404, as if the object did not exist.
The history of a plugin's object is 404 too on a site where the plugin is off.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView

from logis.accounts.scoping import user_scope
from logis.audit.display import with_changes
from logis.audit.links import history_url
from logis.audit.models import AuditEntry
from logis.audit.recorder import is_audited
from logis.sites import plugin_enabled, plugin_of_model

PER_PAGE = 50


def visible_entries(user, model, pk):
    """The entries of ``model`` #``pk`` that ``user`` may read (none: Http404)."""
    entries = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=str(pk))
    if user.is_superuser or _sees_object(user, model, pk):
        return entries
    scope = user_scope(user, "audit.view")
    if scope:
        q = scope.path_q("territory_path")
        entries = entries if q is None else entries.filter(q)
        if entries.exists():
            return entries
    raise Http404(_("Historique introuvable."))


def _sees_object(user, model, pk):
    permission = getattr(model, "history_permission", None)
    if not permission or getattr(model, "scoping", None) is None:
        return False
    scope = user_scope(user, permission)
    if not scope or scope.aggregates_only:
        return False
    return scope.filter(model._default_manager.filter(pk=pk)).exists()


def shown_on_site(request, model):
    """False for a model of a plugin switched off on the request's site."""
    plugin_name = plugin_of_model(model)
    return plugin_name is None or plugin_enabled(request, plugin_name)


class ObjectHistoryView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "logis/audit/object_history.html"
    page_title = _("Historique des modifications")
    header_icon = "history"

    @cached_property
    def model(self):
        try:
            model = apps.get_model(self.kwargs["model"])
        except (LookupError, ValueError):
            raise Http404(_("Type d'objet inconnu."))
        if not is_audited(model):
            raise Http404(_("Ce type d'objet n'a pas d'historique."))
        if not shown_on_site(self.request, model):
            raise Http404(_("Cette fonctionnalité n'est pas activée sur ce site."))
        return model

    @cached_property
    def entries(self):
        return visible_entries(self.request.user, self.model, self.kwargs["pk"]).select_related("content_type")

    def get_page_subtitle(self):
        latest = self.entries.first()
        return latest.object_repr if latest else ""

    def get_context_data(self, **kwargs):
        page = Paginator(self.entries, PER_PAGE).get_page(self.request.GET.get("p"))
        return super().get_context_data(page=page, rows=with_changes(page.object_list), **kwargs)


class HistoryRedirectView(HistoryView):
    """Wagtail's "Historique" of an audited model leads to its "Historique des modifications".

    Whoever may not read that history gets the same 404 here, before any
    redirect: the link says nothing about a record outside the scope.
    """

    def get_object(self):
        return self.model(pk=self.pk)  # no read: the history page checks who may see what

    def dispatch(self, request, *args, **kwargs):
        if not shown_on_site(request, self.model):
            raise Http404(_("Cette fonctionnalité n'est pas activée sur ce site."))
        visible_entries(request.user, self.model, self.pk)
        return redirect(history_url(self.object))
