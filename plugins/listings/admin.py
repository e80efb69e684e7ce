"""Admin declarations: the listings viewset, the plugin's screens in one menu group, the dashboard panel.

Built on the core's scoped viewset and tool viewset (:mod:`logis.viewsets`): no permission policy
and no object lookup here. The screens live in :mod:`plugins.listings.screens`.
"""

import django_filters
from django.db.models import Count
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button

from logis.accounts.scoping import user_scope
from logis.viewsets import ScopedIndexView, ScopedInspectView, ScopedModelViewSet, ToolViewSet, territories_in_scope
from plugins.listings import figures
from plugins.listings.listing_form import ListingForm
from plugins.listings.models import DwellingType, Listing
from plugins.listings.screens import ApplicantDataScreen, ContactsScreen, FiguresScreen, PublicationScreen, export_contacts


def _communes(request):
    return territories_in_scope(request, "listings.view", kinds=("commune",))


class ListingFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Listing.Status.choices, empty_label=gettext_lazy("Tous"))
    dwelling_type = django_filters.ChoiceFilter(label=gettext_lazy("Typologie"), choices=DwellingType.choices, empty_label=gettext_lazy("Toutes"))
    commune = django_filters.ModelChoiceFilter(label=gettext_lazy("Commune"), queryset=_communes)

    class Meta:
        model = Listing
        fields = []


class ListingIndexView(ScopedIndexView):
    related = ("commune", "organisation")

    def get_base_queryset(self):
        """Each row with its number of contacts, counted in the same query (never the contacts themselves)."""
        return super().get_base_queryset().annotate(contact_count=Count("contacts"))


class ListingInspectView(ScopedInspectView):
    related = ("commune", "organisation")

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        buttons.append(Button(gettext_lazy("Conformité et publication"), url=reverse("listings:publication", args=[self.object.pk]),
                              icon_name="tick", priority=10))
        return buttons


PHOTO_PANELS = [FieldPanel("image"), FieldPanel("alt_text")]


class ListingViewSet(ScopedModelViewSet):
    model = Listing
    icon = "home"
    menu_label = gettext_lazy("Annonces")
    permissions = {"view": "listings.view", "add": "listings.change", "change": "listings.change"}
    inspect_view_enabled = True
    index_view_class = ListingIndexView
    inspect_view_class = ListingInspectView
    filterset_class = ListingFilterSet
    list_display = ["reference", "title", Column("commune", label=gettext_lazy("Commune")), "dwelling_type", "status",
                    "visible_from", "visible_until", "view_count", Column("contact_count", label=gettext_lazy("Contacts"))]
    search_fields = ["reference", "title", "neighbourhood", "commune__name"]
    search_backend_name = None
    ordering = ["-updated_at"]
    inspect_view_fields = ["reference", "organisation", "title", "dwelling_type", "building_kind", "commune", "neighbourhood", "surface",
                           "rent", "charges", "deposit", "energy_class", "ghg_class", "visible_from", "visible_until", "status",
                           "published_at", "view_count"]
    edit_handler = ObjectList([
        MultiFieldPanel([FieldPanel("organisation"), FieldRowPanel([FieldPanel("reference"), FieldPanel("dwelling_reference")]),
                         FieldPanel("title"), FieldPanel("description")], heading=gettext_lazy("Annonce")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("dwelling_type"), FieldPanel("building_kind"), FieldPanel("shared_rooms")]),
                         FieldRowPanel([FieldPanel("surface"), FieldPanel("floor"), FieldPanel("lift")]),
                         FieldRowPanel([FieldPanel("step_free"), FieldPanel("accessibility")])], heading=gettext_lazy("Logement")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("rent"), FieldPanel("charges"), FieldPanel("deposit")])], heading=gettext_lazy("Budget")),
        MultiFieldPanel([FieldPanel("street"), FieldRowPanel([FieldPanel("postcode"), FieldPanel("commune")]),
                         FieldPanel("neighbourhood"), FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
                        heading=gettext_lazy("Adresse")),
        MultiFieldPanel([FieldRowPanel([FieldPanel("energy_kwh"), FieldPanel("ghg_kg")]),
                         FieldRowPanel([FieldPanel("energy_class"), FieldPanel("ghg_class")]),
                         FieldRowPanel([FieldPanel("energy_cost_min"), FieldPanel("energy_cost_max")])],
                        heading=gettext_lazy("Performance énergétique")),
        InlinePanel("photos", panels=PHOTO_PANELS, heading=gettext_lazy("Photos"), label=gettext_lazy("Photo")),
        MultiFieldPanel([FieldPanel("contact_name"), FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                         FieldRowPanel([FieldPanel("visible_from"), FieldPanel("visible_until")])],
                        heading=gettext_lazy("Contact et diffusion")),
    ], base_form_class=ListingForm)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("publication/<int:pk>/", PublicationScreen.as_view(), name="publication")]


class ListingsMenu(ViewSetGroup):
    menu_label = gettext_lazy("Annonces de logements")
    menu_icon = "home"
    menu_name = "listings"
    items = (
        ListingViewSet("listings", url_prefix="listings"),
        ToolViewSet("listings_contacts", view_class=ContactsScreen, permission="listings.contacts", icon="mail",
                    menu_label=gettext_lazy("Contacts des candidats"), url_prefix="annonces/contacts",
                    extra_urls=[path("export/<str:fmt>/", export_contacts, name="export")]),
        ToolViewSet("listings_figures", view_class=FiguresScreen, permission="listings.view", icon="table",
                    menu_label=gettext_lazy("Chiffres"), url_prefix="annonces/chiffres"),
        ToolViewSet("listings_applicants", view_class=ApplicantDataScreen, permission="listings.applicants", icon="lock",
                    menu_label=gettext_lazy("Données d'un candidat"), url_prefix="annonces/candidats"),
    )


def viewsets():
    return [ListingsMenu()]


class DashboardPanel(Component):
    name = "listings_figures"
    order = 130
    template_name = "listings/panel.html"

    def __init__(self, scope):
        self.scope = scope

    def get_context_data(self, parent_context=None):
        return {"totals": figures.totals(figures.by_commune(self.scope)), "url": reverse("listings_figures:index")}


def dashboard_panel(request):
    scope = user_scope(request.user, "listings.view")
    return DashboardPanel(scope) if scope else None
