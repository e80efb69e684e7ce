"""The supervisors' screen: every audit entry of their territory, filterable.

Entries carry the territory path of their object when it was changed, so a
supervisor of the Rhône sees the Rhône communes' entries and never the
Isère's, even for objects since moved or deleted. The list is read-only: the
history is append-only (add, change and delete are refused by the policy).
"""

import django_filters
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.urls import path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import ContentTypeFilter, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn

from logis.accounts.models import Territory
from logis.territories.queries import within_q
from logis.audit.links import history_url
from logis.audit.models import AuditEntry
from logis.audit.recorder import audited_models
from logis.audit.views import ObjectHistoryView, shown_on_site
from logis.exports import display_date
from logis.viewsets import ScopedIndexView, ScopedModelViewSet, ScopedPermissionPolicy, territories_in_scope

AUDIT_VIEW = "audit.view"


class AuditEntryPermissionPolicy(ScopedPermissionPolicy):
    def restrict(self, scope, queryset):
        q = scope.path_q("territory_path")
        return queryset if q is None else queryset.filter(q)


def _audited_content_types(request):
    """The audited models' types, less those of plugins switched off on the request's site."""
    models = [m for m in audited_models() if request is None or shown_on_site(request, m)]
    return ContentType.objects.filter(pk__in=[ContentType.objects.get_for_model(m).pk for m in models])


def _switched_off_content_types(request):
    return [ContentType.objects.get_for_model(m).pk for m in audited_models() if not shown_on_site(request, m)]


class AuditEntryFilterSet(WagtailFilterSet):
    content_type = ContentTypeFilter(label=_("Type d'objet"), queryset=_audited_content_types)
    author = django_filters.CharFilter(label=_("Auteur"), field_name="user_repr", lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditEntry.Action.choices, empty_label=_("Toutes"))
    timestamp = django_filters.DateFromToRangeFilter(label=_("Date"))
    territory = django_filters.ModelChoiceFilter(label=_("Territoire"), queryset=partial(territories_in_scope, permission=AUDIT_VIEW), method="filter_territory")

    class Meta:
        model = AuditEntry
        fields = []

    def filter_territory(self, queryset, name, territory):
        return queryset.filter(within_q("territory_path", territory.path))


class AuditEntryIndexView(ScopedIndexView):
    def get_base_queryset(self):
        territory_name = Territory.objects.filter(path=OuterRef("territory_path")).values("name")[:1]
        return (
            self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])
            .exclude(content_type__in=_switched_off_content_types(self.request))
            .select_related("content_type")
            .annotate(territory_name=Subquery(territory_name))
        )


class AuditEntryViewSet(ScopedModelViewSet):
    model = AuditEntry
    permissions = {"view": AUDIT_VIEW}
    superuser_actions = ("view",)
    policy_class = AuditEntryPermissionPolicy
    name = "logis_history"
    url_prefix = "logis/historique"
    icon = "history"
    menu_label = _("Historique des modifications")
    add_to_admin_menu = True
    menu_order = 8500
    index_view_class = AuditEntryIndexView
    filterset_class = AuditEntryFilterSet
    list_display = [
        Column("timestamp", label=_("Date"), accessor=lambda e: display_date(e.timestamp), sort_key="timestamp"),
        Column("user_repr", label=_("Auteur"), sort_key="user_repr"),
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column("content_type", label=_("Type d'objet"), accessor=lambda e: e.content_type.name),
        TitleColumn("object_repr", label=_("Objet"), get_url=lambda e: history_url_for_entry(e)),
        Column("territory_name", label=_("Territoire")),
    ]

    def get_urlpatterns(self):
        """Read-only: the list and each object's history, no add, edit or delete views at all."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            re_path(r"^(?P<model>[a-z0-9_]+\.[a-z0-9_]+)/(?P<pk>[^/]+)/$", ObjectHistoryView.as_view(), name="object"),
        ]


def history_url_for_entry(entry):
    model = entry.content_type.model_class()
    return history_url(model(pk=entry.object_id)) if model else ""
