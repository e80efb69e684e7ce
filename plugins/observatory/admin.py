"""Admin declarations of the observatory: its screens in one menu group, the campaign screens, the dashboard panel.

Built on the core's tool and scoped model viewsets (:mod:`logis.viewsets`): no
permission policy here. Campaigns and checkpoints carry no territory: only the
national role (``observatory.manage``, national reach) reaches them.
"""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSetGroup

from logis.accounts.scoping import user_scope
from logis.viewsets import ScopedModelViewSet, ToolViewSet
from plugins.observatory.models import Campaign, Checkpoint, Sheet
from plugins.observatory.roles import CONSOLIDATED, MANAGE, VIEW
from plugins.observatory.consolidation_screens import ConsolidationScreen, NationalScreen
from plugins.observatory.screens import SheetListScreen, SheetScreen, sheet_template

MANAGED = {"view": MANAGE, "add": MANAGE, "change": MANAGE}


class CampaignViewSet(ScopedModelViewSet):
    model = Campaign
    permissions = MANAGED
    icon = "date"
    menu_label = gettext_lazy("Campagnes")
    url_prefix = "observatoire/campagnes"
    form_fields = ["code", "title", "year", "organisations", "is_open"]
    list_display = ["code", "title", "year", "is_open"]


class CheckpointViewSet(ScopedModelViewSet):
    model = Checkpoint
    permissions = MANAGED
    icon = "time"
    menu_label = gettext_lazy("Points d'étape")
    url_prefix = "observatoire/points-etape"
    form_fields = ["campaign", "due_on"]
    list_display = ["campaign", "due_on"]


class NationalViewSet(ToolViewSet):
    """The national figures: shown to every professional of the admin, whatever his roles (no scope to ask)."""

    menu_item_class = MenuItem


class ObservatoryMenu(ViewSetGroup):
    menu_label = gettext_lazy("Observatoire")
    menu_icon = "table"
    menu_name = "observatory"
    items = (
        ToolViewSet("observatory_sheets", view_class=SheetListScreen, permission=VIEW, icon="list-ul",
                    menu_label=gettext_lazy("Fiches"), url_prefix="observatoire/fiches",
                    extra_urls=[path("<int:pk>/", SheetScreen.as_view(), name="sheet"),
                                path("<int:pk>/modele.xlsx", sheet_template, name="template")]),
        ToolViewSet("observatory_consolidation", view_class=ConsolidationScreen, permission=CONSOLIDATED, icon="table",
                    menu_label=gettext_lazy("Chiffres consolidés"), url_prefix="observatoire/consolidation"),
        NationalViewSet("observatory_national", view_class=NationalScreen, icon="table",
                        menu_label=gettext_lazy("Chiffres nationaux"), url_prefix="observatoire/national"),
        CampaignViewSet("observatory_campaigns"),
        CheckpointViewSet("observatory_checkpoints"),
    )


def viewsets():
    return [ObservatoryMenu()]


class DashboardPanel(Component):
    name = "observatory_sheets"
    order = 130
    template_name = "observatory/panel.html"

    def __init__(self, scope):
        self.scope = scope

    def get_context_data(self, parent_context=None):
        counts = dict(self.scope.filter(Sheet.objects.filter(campaign__is_open=True)).order_by().values_list("status").annotate(n=Count("pk")))
        return {"counts": [(label, counts.get(value, 0)) for value, label in Sheet.Status.choices],
                "url": reverse("observatory_sheets:index")}


def dashboard_panel(request):
    scope = user_scope(request.user, VIEW)
    return DashboardPanel(scope) if scope and not scope.aggregates_only else None
