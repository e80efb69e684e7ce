"""The core's admin building blocks: a Wagtail permission policy answered by role scopes, the model viewset with its scoped views, a tool screen's viewset.

A plugin's ``admin.py`` only declares: a :class:`ScopedModelViewSet` per model
(``permissions`` by action, columns, filters) and a :class:`ToolViewSet` per
screen of its own (:mod:`logis.screens`). The policy is registered with Wagtail
when the viewset is, never on import. Everywhere: an action no current role
grants is refused (PermissionDenied), an object outside the scope answers 404,
an aggregates-only role sees no row.
"""

from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from logis.accounts.models import RoleAssignment, Territory
from logis.accounts.roles import role_registry
from logis.accounts.scoping import NO_ROLE, one_or_404, scope_for, user_scope
from logis.territories.widgets import territory_widget


class ScopedPermissionPolicy(BasePermissionPolicy):
    """Wagtail's "may this user do ``action`` (on this object)?" answered by the user's scope for the action's permission.

    ``permissions`` maps an action to the permission code granting it
    (``{"view": "offers.view", "add": "offers.change", "change": "offers.change"}``);
    ``permission`` with ``scoped_actions`` is the short form for one code. A
    superuser may do ``superuser_actions``: by default never hard-delete (history is kept).
    """

    def __init__(self, model, permission=None, scoped_actions=("view",), superuser_actions=("view", "add", "change"), *, permissions=None):
        super().__init__(model)
        if permissions is None:
            permissions = dict.fromkeys(scoped_actions, permission) if permission else {}
        self.permissions = dict(permissions)
        self.superuser_actions = frozenset(superuser_actions)

    def scope(self, user, action):
        """The scope in which ``user`` may do ``action``, or ``None`` (aggregates-only scopes included)."""
        if not user.is_authenticated or not user.is_active:
            return None
        permission = self.permissions.get(action)
        if user.is_superuser:
            return user_scope(user, permission or "") if action in self.superuser_actions else None
        if permission is None:
            return None
        scope = user_scope(user, permission)
        return scope if scope and not scope.aggregates_only else None

    def restrict(self, scope, queryset):
        """The rows of ``queryset`` inside ``scope`` (a model without ``scoping`` overrides this)."""
        return scope.filter(queryset)

    def get(self, user, action, queryset=None, **lookup):
        """The one object of ``queryset`` matching ``lookup`` that ``user`` may ``action``: PermissionDenied without a role for it, 404 outside the scope."""
        scope = self.scope(user, action)
        if scope is None:
            if self.permissions.get(action):
                scope_for(user, self.permissions[action], rows=True)  # raises with the precise French reason
            raise PermissionDenied(NO_ROLE)
        return one_or_404(self.restrict(scope, self.model._default_manager.all() if queryset is None else queryset), **lookup)

    def user_has_permission(self, user, action):
        return self.scope(user, action) is not None

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        scope = self.scope(user, action)
        return scope is not None and self.restrict(scope, self.model._default_manager.filter(pk=instance.pk)).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        for action in actions:
            scope = self.scope(user, action)
            if scope is not None:
                return self.restrict(scope, self.model._default_manager.all())
        return self.model._default_manager.none()

    def users_with_any_permission(self, actions):
        wanted = {self.permissions[action] for action in actions if action in self.permissions}
        roles = [code for code, role in role_registry().items() if wanted & role.permissions and not role.aggregates_only]
        holders = RoleAssignment.objects.current().filter(role__in=roles).values("user")
        return get_user_model().objects.filter(Q(is_superuser=True) | Q(pk__in=holders), is_active=True)


class ScopedObjectMixin:
    """The view's object read through the policy for ``object_action``: refused without a role for it, 404 outside the scope."""

    object_action = "view"
    related = ()

    def get_object(self, queryset=None):
        queryset = self.model._default_manager.select_related(*self.related)
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        return self.permission_policy.get(self.request.user, self.object_action, queryset, pk=pk)


class ScopedIndexView(generic.IndexView):
    """The list holds what the policy lets the user see; its one export keeps the list's filters.

    ``export_url_name`` (``"<namespace>:export_rows"``, taking ``fmt``): Wagtail's
    own ``?export=`` leads there, and the header offers it to holders of ``export_permission``.
    """

    related = ()
    export_url_name = None
    export_permission = None
    export_labels = {"csv": _("Exporter en CSV (Excel)"), "xlsx": _("Exporter en XLSX")}

    def dispatch(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if self.export_url_name and fmt in self.export_labels:
            query = request.GET.copy()
            query.pop("export")
            return redirect(self._export_url(fmt, query.urlencode()))
        return super().dispatch(request, *args, **kwargs)

    def _export_url(self, fmt, query):
        return reverse(self.export_url_name, args=[fmt]) + (f"?{query}" if query else "")

    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"]).select_related(*self.related)

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.export_url_name and user_scope(self.request.user, self.export_permission):
            query = self.request.GET.urlencode()
            buttons.extend(Button(label, url=self._export_url(fmt, query), icon_name="download", priority=50)
                           for fmt, label in self.export_labels.items())
        return buttons


class ScopedEditView(ScopedObjectMixin, generic.EditView):
    object_action = "change"


class ScopedInspectView(ScopedObjectMixin, generic.InspectView):
    """The record's fields, then its last changes in the core's labelled before → after table (audited models)."""

    template_name = "logis/admin/inspect.html"


class ScopedUsageView(ScopedObjectMixin, UsageView):
    object_action = "change"


class ScopedDeleteView(ScopedObjectMixin, generic.DeleteView):
    """Wagtail's delete view checks the action, never the object: here an object outside the scope answers 404."""

    object_action = "delete"


class ScopedModelViewSet(ModelViewSet):
    """A model's admin screens on the scoping service; the history link leads to the core's history (:mod:`logis.audit`)."""

    permissions = {}
    superuser_actions = ("view", "add", "change")
    policy_class = ScopedPermissionPolicy
    add_to_reference_index = False  # nothing links to these from pages; saves a task per save
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    inspect_view_class = ScopedInspectView
    usage_view_class = ScopedUsageView
    delete_view_class = ScopedDeleteView
    copy_view_enabled = False

    def register_permissions(self):
        """Register the viewset's policy with Wagtail, when Wagtail registers the viewset."""
        register_permission_policy(self.model, self.policy_class(
            self.model, permissions=self.permissions, superuser_actions=self.superuser_actions))
        super().register_permissions()

    def formfield_for_dbfield(self, db_field, **kwargs):
        widget = territory_widget(db_field)
        return db_field.formfield(**({"widget": widget} if widget else {}), **kwargs)


class ToolViewSet(ViewSet):
    """One screen of a plugin (a :class:`logis.screens.ScopedScreen`) with its menu entry, shown to users whose scope grants ``permission``."""

    view_class = None
    permission = None
    extra_urls = ()

    def get_urlpatterns(self):
        return [path("", self.view_class.as_view(), name="index"), *self.extra_urls]

    @cached_property
    def menu_item_class(self):
        permission = self.permission

        class ScopedMenuItem(MenuItem):
            def is_shown(self, request):
                return bool(user_scope(request.user, permission))

        return ScopedMenuItem


def territories_in_scope(request, permission, kinds=()):
    """The territories ``permission`` covers for the request's user (of ``kinds``), for filter and form choices."""
    if request is None:
        return Territory.objects.none()
    territories = user_scope(request.user, permission).territories()
    return territories.filter(kind__in=kinds) if kinds else territories
