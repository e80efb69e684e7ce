"""Admin screens (Wagtail ViewSets): the offers model screens, the plugin's tools in one menu, a dashboard panel.

The model views answer Wagtail's permission questions through a policy built
on :class:`logis.accounts.scoping.Scope`; the tool screens live in
:mod:`plugins.offers.screens`. Aggregates-only roles reach the dashboard and
nothing that shows a row.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from logis.accounts.models import RoleAssignment
from logis.accounts.roles import role_registry
from logis.accounts.scoping import scope_for, user_scope
from logis.audit.models import AuditEntry
from plugins.offers import rules, stats
from plugins.offers.allocation_screens import CurrentAllocationsScreen, EndAllocationForm
from plugins.offers.filters import OfferFilterSet
from plugins.offers.forms import OfferForm
from plugins.offers.models import Offer
from plugins.offers.phones import display_phone
from plugins.offers.screens import (
    DashboardScreen, HostDataScreen, MatchScreen, UploadScreen, UploadStatusScreen, VetScreen, download_import_template, export_offers,
)

ACTION_PERMISSIONS = {"view": "offers.view", "add": "offers.change", "change": "offers.change"}


class OfferPermissionPolicy(BasePermissionPolicy):
    """Wagtail's permission questions answered by the core scoping service (no Django permissions)."""

    def _scope(self, user, action):
        permission = ACTION_PERMISSIONS.get(action)
        if permission is None or not user.is_authenticated:
            return None
        scope = user_scope(user, permission)
        return scope if scope and not scope.aggregates_only else None

    def user_has_permission(self, user, action):
        return self._scope(user, action) is not None

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        roles = [code for code, role in role_registry().items()
                 if not role.aggregates_only and {ACTION_PERMISSIONS.get(a) for a in actions} & role.permissions]
        holders = RoleAssignment.objects.current().filter(role__in=roles).values("user")
        return get_user_model().objects.filter(Q(pk__in=holders) | Q(is_superuser=True), is_active=True)

    def user_has_permission_for_instance(self, user, action, instance):
        scope = self._scope(user, action)
        return scope is not None and scope.allows(instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        scopes = [s for s in (self._scope(user, a) for a in actions) if s is not None]
        return scopes[0].filter(Offer.objects.all()) if scopes else Offer.objects.none()


class ScopedObjectMixin:
    """Load the object through the user's scope: outside it, the offer does not exist (404)."""

    scope_permission = "offers.view"

    def get_object(self, queryset=None):
        scope = scope_for(self.request.user, self.scope_permission, rows=True)
        pk = self.kwargs.get(self.pk_url_kwarg, getattr(self, "pk", None))
        return scope.get(Offer.objects.select_related("commune", "organisation"), pk=pk)


class OfferIndexView(generic.IndexView):
    def dispatch(self, request, *args, **kwargs):
        """Wagtail's own CSV export gives way to the plugin's one export, with the same filters."""
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            query = request.GET.copy()
            query.pop("export")
            return redirect(reverse("offers:export_rows", args=[fmt]) + (f"?{query.urlencode()}" if query else ""))
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        scope = scope_for(self.request.user, "offers.view", rows=True)
        return scope.filter(Offer.objects.select_related("commune", "organisation"))

    @cached_property
    def header_more_buttons(self):
        """The one export of offers, with the list's current filters."""
        buttons = super().header_more_buttons
        if user_scope(self.request.user, "offers.export"):
            query = self.request.GET.urlencode()
            for fmt, label in (("csv", gettext_lazy("Exporter en CSV (Excel)")), ("xlsx", gettext_lazy("Exporter en XLSX"))):
                url = reverse("offers:export_rows", args=[fmt]) + (f"?{query}" if query else "")
                buttons.append(Button(label, url=url, icon_name="download"))
        return buttons


class OfferEditView(ScopedObjectMixin, generic.EditView):
    scope_permission = "offers.change"


class OfferCreateView(generic.CreateView):
    pass


class OfferHistoryView(ScopedObjectMixin, history.HistoryView):
    scope_permission = "offers.change"


class OfferUsageView(ScopedObjectMixin, usage.UsageView):
    scope_permission = "offers.change"


class OfferInspectView(ScopedObjectMixin, generic.InspectView):
    template_name = "offers/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        offer = self.object
        context.update(
            offer=offer,
            host_phone=display_phone(offer.host_phone), coordinator_phone=display_phone(offer.coordinator_phone),
            allocations=offer.allocations.select_related("allocated_by", "ended_by")[:50], end_form=EndAllocationForm(),
            can_end=bool(user_scope(self.request.user, "offers.allocate")),
            history=AuditEntry.objects.for_object(offer)[:50],
            can_vet=bool(user_scope(self.request.user, "offers.vet")) and offer.status not in rules.CLOSED,
            vet_url=reverse("offers:vet", args=[offer.pk]),
        )
        return context


class OfferViewSet(ModelViewSet):
    model = Offer
    icon = "home"
    menu_label = gettext_lazy("Offres")
    inspect_view_enabled = True
    index_view_class = OfferIndexView
    add_view_class = OfferCreateView
    edit_view_class = OfferEditView
    inspect_view_class = OfferInspectView
    history_view_class = OfferHistoryView
    usage_view_class = OfferUsageView
    filterset_class = OfferFilterSet
    list_display = [
        "reference", Column("commune", label=gettext_lazy("Commune")), "provider_kind", "accommodation_kind",
        "status", "places_available", "places_max", "available_until",
    ]
    search_fields = ["reference", "street", "postcode", "commune__name"]
    search_backend_name = None
    ordering = ["-updated_at"]
    inspect_view_fields = ["reference", "organisation", "provider_kind", "accommodation_kind", "commune", "postcode",
                           "places_max", "places_available", "available_from", "available_until", "status"]

    def get_form_class(self, for_update=False):
        return OfferForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("vet/<int:pk>/", VetScreen.as_view(), name="vet"),
            path("export/<str:fmt>/", export_offers, name="export_rows"),
        ]



class ToolViewSet(ViewSet):
    """One admin screen with its menu entry, shown to users whose scope grants ``permission``."""

    view_class = None
    permission = "offers.view"
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


class OffersMenu(ViewSetGroup):
    menu_label = gettext_lazy("Hébergement de crise")
    menu_icon = "home"
    menu_name = "offers"
    items = (
        OfferViewSet("offers"),
        ToolViewSet("offers_match", view_class=MatchScreen, permission="offers.allocate", icon="user",
                    menu_label=gettext_lazy("Attribuer une place"), url_prefix="offres/attribution"),
        ToolViewSet("offers_import", view_class=UploadScreen, permission="offers.import", icon="upload",
                    menu_label=gettext_lazy("Importer des offres"), url_prefix="offres/import",
                    extra_urls=[path("<uuid:job_id>/", UploadStatusScreen.as_view(), name="status"),
                                path("modele.<str:fmt>", download_import_template, name="template")]),
        ToolViewSet("offers_allocations", view_class=CurrentAllocationsScreen, permission="offers.allocate", icon="list-ul",
                    menu_label=gettext_lazy("Attributions en cours"), url_prefix="offres/attributions"),
        ToolViewSet("offers_dashboard", view_class=DashboardScreen, permission="offers.view", icon="table",
                    menu_label=gettext_lazy("Pilotage"), url_prefix="offres/pilotage"),
        ToolViewSet("offers_hosts", view_class=HostDataScreen, permission="offers.host_data", icon="lock",
                    menu_label=gettext_lazy("RGPD hébergeurs"), url_prefix="offres/rgpd"),
    )


def viewsets():
    return [OffersMenu()]


def register_policy():
    if not isinstance(policy_registry.get_by_type(Offer, fallback=False), OfferPermissionPolicy):
        register_permission_policy(Offer, OfferPermissionPolicy(Offer))


register_policy()


class DashboardPanel(Component):
    name = "offers_places"
    order = 120
    template_name = "offers/panel.html"

    def __init__(self, scope):
        self.scope = scope

    def get_context_data(self, parent_context=None):
        departments = stats.by_department(stats.by_commune(self.scope))
        return {"departments": departments, "url": reverse("offers_dashboard:index")}


def dashboard_panel(request):
    scope = user_scope(request.user, "offers.view")
    return DashboardPanel(scope) if scope else None
