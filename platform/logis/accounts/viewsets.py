"""Admin screens "Organisations et accès": territories, organisations, role assignments.

Declarations on the core's scoped viewset (:mod:`logis.viewsets`): lists hold
only what the user's scope covers, an object outside it answers 404, an
action the role does not allow is refused. Nothing is hard-deleted:
assignments are revoked, history stays.
"""

import django_filters
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import Button

from logis.accounts.forms import MANAGE_ROLES, RoleAssignmentForm
from logis.accounts.models import Organisation, RoleAssignment, Territory
from logis.accounts.permissions import RoleAssignmentPermissionPolicy
from logis.accounts.roles import role_choices
from logis.accounts.scoping import user_scope
from logis.accounts.views import ConsentView, RevokeView, RoleAssignmentCreateView, export_accounts
from logis.audit.links import history_url
from logis.exports import display_date
from logis.viewsets import ScopedEditView, ScopedIndexView, ScopedModelViewSet


def _organisations_in_scope(request):
    if request is None:
        return Organisation.objects.none()
    return user_scope(request.user, MANAGE_ROLES).filter(Organisation.objects.all())


class TerritoryFilterSet(WagtailFilterSet):
    class Meta:
        model = Territory
        fields = ["kind"]


class TerritoryViewSet(ScopedModelViewSet):
    model = Territory
    name = "logis_territories"
    icon = "site"
    menu_label = _("Territoires")
    index_view_class = type("TerritoryIndexView", (ScopedIndexView,), {"related": ("parent",)})
    filterset_class = TerritoryFilterSet
    form_fields = ["kind", "code", "name", "parent"]
    list_display = ["name", "code", "kind", Column("parent", label=_("Territoire parent")), Column("path", label=_("Chemin"))]
    search_fields = ["name", "code"]


def _federations_in_scope(request):
    return _organisations_in_scope(request).filter(kind=Organisation.Kind.FEDERATION)


class OrganisationFilterSet(WagtailFilterSet):
    federation = django_filters.ModelChoiceFilter(label=_("Membres de la fédération"), queryset=_federations_in_scope)

    class Meta:
        model = Organisation
        fields = ["kind"]


class OrganisationViewSet(ScopedModelViewSet):
    model = Organisation
    name = "logis_organisations"
    icon = "group"
    menu_label = _("Organisations")
    permissions = {"view": MANAGE_ROLES}
    index_view_class = type("OrganisationIndexView", (ScopedIndexView,), {"related": ("territory", "federation")})
    filterset_class = OrganisationFilterSet
    form_fields = ["name", "kind", "territory", "federation", "mandated_territories", "siren", "email"]
    list_display = ["name", "kind", Column("territory", label=_("Territoire")), Column("federation", label=_("Fédération"))]
    search_fields = ["name", "siren"]


class RoleAssignmentFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("État"), choices=RoleAssignment.State.choices, method="filter_state", empty_label=_("Tous"),
    )
    role = django_filters.ChoiceFilter(label=_("Rôle"), choices=role_choices, empty_label=_("Tous"))
    organisation = django_filters.ModelChoiceFilter(label=_("Organisation"), queryset=_organisations_in_scope)
    valid_until = django_filters.DateFromToRangeFilter(label=_("Fin de validité"))

    class Meta:
        model = RoleAssignment
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)


class RoleAssignmentIndexView(ScopedIndexView):
    related = ("user", "organisation__territory", "territory")
    export_url_name = "logis_roles:export"
    export_permission = "accounts.export"
    export_labels = {"csv": _("Extraction des comptes (CSV)"), "xlsx": _("Extraction des comptes (Excel)")}

    @cached_property
    def columns(self):
        """The person leads each row with its edit link and the row's actions (revoke, history)."""
        title = self._get_title_column_class(TitleColumn)(
            "person", label=_("Personne"), accessor=_person, sort_key="user__username", get_url=self.get_edit_url,
        )
        return [title, *super().columns[1:]]

    @cached_property
    def _revocable_ids(self):
        """What the user may revoke, read once for the page rather than once per row."""
        changeable = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return set(changeable.filter(revoked_at__isnull=True).values_list("pk", flat=True))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.pending and not instance.revoked_at:
            buttons.append(MenuItem(_("Valider ou refuser"), url=reverse("logis_roles:consent", args=[instance.pk]), icon_name="tick", priority=20))
        if instance.pk in self._revocable_ids:
            buttons.append(MenuItem(_("Révoquer"), url=reverse("logis_roles:revoke", args=[instance.pk]), icon_name="bin", priority=30))
        buttons.append(MenuItem(_("Historique"), url=history_url(instance), icon_name="history", priority=40))
        return buttons


class RoleAssignmentEditView(ScopedEditView):
    @cached_property
    def header_more_buttons(self):
        """The way to the person's GDPR page (the view checks access again)."""
        buttons = super().header_more_buttons
        if self.object.user_id != self.request.user.pk:
            url = reverse("logis_personal_data", args=[self.object.user_id])
            buttons.append(Button(_("Données personnelles (RGPD)"), url=url, icon_name="user", priority=60))
        return buttons


def _person(assignment):
    user = assignment.user
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


class RoleAssignmentViewSet(ScopedModelViewSet):
    model = RoleAssignment
    name = "logis_roles"
    icon = "key"
    menu_label = _("Attributions de rôles")
    permissions = dict.fromkeys(("view", "add", "change"), MANAGE_ROLES)
    policy_class = RoleAssignmentPermissionPolicy
    index_view_class = RoleAssignmentIndexView
    add_view_class = RoleAssignmentCreateView
    edit_view_class = RoleAssignmentEditView
    filterset_class = RoleAssignmentFilterSet
    list_display = [
        Column("person", label=_("Personne"), accessor=_person, sort_key="user__username"),
        Column("role_label", label=_("Rôle")),
        Column("organisation", label=_("Organisation"), sort_key="organisation__name"),
        Column("scope_territory", label=_("Territoire couvert")),
        Column("valid_from", label=_("Valide du"), accessor=lambda a: display_date(a.valid_from), sort_key="valid_from"),
        Column("valid_until", label=_("Valide jusqu'au"), accessor=lambda a: display_date(a.valid_until), sort_key="valid_until"),
        Column("state", label=_("État"), accessor=lambda a: a.state().label),
    ]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return RoleAssignmentForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", RevokeView.as_view(index_url_name=self.get_url_name("index")), name="revoke"),
            path("consent/<int:pk>/", ConsentView.as_view(index_url_name=self.get_url_name("index")), name="consent"),
            path("export/<str:fmt>/", export_accounts, {"filterset_class": RoleAssignmentFilterSet}, name="export"),
        ]


class AccessViewSetGroup(ViewSetGroup):
    menu_label = _("Organisations et accès")
    menu_icon = "key"
    menu_name = "logis-access"
    items = (RoleAssignmentViewSet, OrganisationViewSet, TerritoryViewSet)
