"""Admin declarations: the offers viewset, the plugin's screens in one menu group, the dashboard panel.

Built on the core's scoped viewset and tool viewset (:mod:`logis.viewsets`):
no permission policy and no object lookup here. The screens themselves live
in :mod:`plugins.offers.screens`; aggregates-only roles reach the dashboard
and nothing that shows a row.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup

from logis.accounts.scoping import user_scope
from logis.viewsets import ScopedModelViewSet, ToolViewSet
from plugins.offers import stats
from plugins.offers.availability import unconfirmed
from plugins.offers.allocation_screens import CurrentAllocationsScreen
from plugins.offers.capacity_screens import CapacityScreen
from plugins.offers.filters import OfferFilterSet
from plugins.offers.forms import OfferForm
from plugins.offers.list_screens import BulkActionScreen, OfferIndexView, OfferInspectView, SelectColumn, UnconfirmedScreen
from plugins.offers.models import Offer
from plugins.offers.screens import (
    DashboardScreen, HostDataScreen, MatchScreen, UploadScreen, UploadStatusScreen, VetScreen, download_import_template, export_offers,
)


class OfferViewSet(ScopedModelViewSet):
    model = Offer
    icon = "home"
    menu_label = gettext_lazy("Offres")
    permissions = {"view": "offers.view", "add": "offers.change", "change": "offers.change"}
    add_to_reference_index = True
    inspect_view_enabled = True
    index_view_class = OfferIndexView
    inspect_view_class = OfferInspectView
    filterset_class = OfferFilterSet
    list_display = [
        SelectColumn("select", label=gettext_lazy("Sélection")), "reference", Column("commune", label=gettext_lazy("Commune")), "provider_kind", "accommodation_kind",
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
            path("actions/", BulkActionScreen.as_view(), name="bulk"),
        ]


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
        ToolViewSet("offers_capacity", view_class=CapacityScreen, permission="offers.view", icon="history",
                    menu_label=gettext_lazy("Capacité au fil du temps"), url_prefix="offres/capacite"),
        ToolViewSet("offers_unconfirmed", view_class=UnconfirmedScreen, permission="offers.change", icon="warning",
                    menu_label=gettext_lazy("Offres non confirmées"), url_prefix="offres/non-confirmees"),
        ToolViewSet("offers_dashboard", view_class=DashboardScreen, permission="offers.view", icon="table",
                    menu_label=gettext_lazy("Pilotage"), url_prefix="offres/pilotage"),
        ToolViewSet("offers_hosts", view_class=HostDataScreen, permission="offers.host_data", icon="lock",
                    menu_label=gettext_lazy("RGPD hébergeurs"), url_prefix="offres/rgpd"),
    )


def viewsets():
    return [OffersMenu()]


class DashboardPanel(Component):
    name = "offers_places"
    order = 120
    template_name = "offers/panel.html"

    def __init__(self, scope, unconfirmed_scope):
        self.scope, self.unconfirmed_scope = scope, unconfirmed_scope

    def get_context_data(self, parent_context=None):
        departments = stats.by_department(stats.by_commune(self.scope))
        silent = self.unconfirmed_scope.filter(unconfirmed()).count() if self.unconfirmed_scope else None
        return {"departments": departments, "url": reverse("offers_dashboard:index"), "unconfirmed": silent,
                "unconfirmed_url": reverse("offers_unconfirmed:index")}


def dashboard_panel(request):
    scope = user_scope(request.user, "offers.view")
    change = user_scope(request.user, "offers.change")
    return DashboardPanel(scope, change if change and not change.aggregates_only else None) if scope else None
