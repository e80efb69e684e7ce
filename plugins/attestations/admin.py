"""Admin declarations: applicants, templates, validity by territory, print batches, the plugin's screens in one menu
group, the dashboard panel.

Built on the core's scoped viewset and tool viewset (:mod:`logis.viewsets`):
no permission policy and no object lookup here. The screens live in
:mod:`plugins.attestations.screens`.
"""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup

from logis.accounts.scoping import user_scope
from logis.notifications import Status
from logis.viewsets import ScopedIndexView, ScopedInspectView, ScopedModelViewSet, ToolViewSet, territories_in_scope

from plugins.attestations.forms import ApplicantForm, IdentityChangeForm, IssueForm, TerritoryValidityForm
from plugins.attestations.models import Applicant, DocumentTemplate, IdentityChange, IssuedDocument, PrintBatch, TerritoryValidity
from plugins.attestations.postal_screens import BatchCsvScreen, BatchPdfScreen, BatchPostedScreen, BounceScreen
from plugins.attestations.editor_screens import TemplateEditorScreen
from plugins.attestations.screens import BulkSendScreen, DocumentScreen, IdentityScreen, IssueScreen, MonitoringScreen


def _territories(request):
    return territories_in_scope(request, "attestations.view")


class ApplicantFilterSet(WagtailFilterSet):
    territory = django_filters.ModelChoiceFilter(label=gettext_lazy("Territoire"), queryset=_territories)
    accompanied = django_filters.BooleanFilter(label=gettext_lazy("Accompagné"))

    class Meta:
        model = Applicant
        fields = ["territory", "accompanied"]


class ApplicantIndexView(ScopedIndexView):
    related = ("territory", "organisation")


class ApplicantInspectView(ScopedInspectView):
    template_name = "attestations/applicant.html"
    related = ("territory", "organisation")

    def get_context_data(self, **kwargs):
        applicant, user = self.object, self.request.user
        return super().get_context_data(
            applicant=applicant, issue_form=IssueForm(), identity_form=IdentityChangeForm(),
            deliveries=applicant.deliveries.select_related("version__template", "sent_by", "document", "batch")[:100],
            bounceable=(Status.SENT, Status.DELIVERED),
            pending=applicant.identity_changes.filter(state=IdentityChange.State.PENDING).select_related("requested_by"),
            can_issue=bool(user_scope(user, "attestations.issue")), can_report_bounce=bool(user_scope(user, "attestations.send")),
            can_change=bool(user_scope(user, "attestations.change_identity")), **kwargs)


class ApplicantViewSet(ScopedModelViewSet):
    model = Applicant
    icon = "user"
    menu_label = gettext_lazy("Demandeurs")
    permissions = {"view": "attestations.view", "add": "attestations.change_identity", "change": "attestations.change_identity"}
    inspect_view_enabled = True
    index_view_class = ApplicantIndexView
    inspect_view_class = ApplicantInspectView
    filterset_class = ApplicantFilterSet
    form_fields = ApplicantForm.Meta.fields
    list_display = ["number", "birth_name", "first_names", Column("territory", label=gettext_lazy("Territoire")), "filing_date"]
    search_fields = ["number"]
    search_backend_name = None
    ordering = ["number"]
    inspect_view_fields = ["number", "filing_date", "renewal_date", "accompanied", "organisation", "territory"]

    def get_form_class(self, for_update=False):
        return ApplicantForm

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("issue/<int:pk>/", IssueScreen.as_view(), name="issue"),
                path("identity/<int:pk>/", IdentityScreen.as_view(), name="identity"),
                path("document/<int:issued_document_id>/", DocumentScreen.as_view(), name="document"),
                path("bounce/<int:delivery_id>/", BounceScreen.as_view(), name="bounce")]


class TemplateViewSet(ScopedModelViewSet):
    model = DocumentTemplate
    icon = "doc-full"
    menu_label = gettext_lazy("Modèles de documents")
    permissions = {"view": "attestations.templates", "add": "attestations.templates", "change": "attestations.templates"}
    form_fields = ["slug", "name", "kind", "organisation", "validity_months", "active"]
    list_display = ["name", "slug", "kind", "organisation", "validity_months", "active"]
    search_fields = ["name", "slug"]
    search_backend_name = None

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("version/<int:pk>/", TemplateEditorScreen.as_view(), name="version")]


class TerritoryValidityIndexView(ScopedIndexView):
    related = ("template", "territory")


class TerritoryValidityViewSet(ScopedModelViewSet):
    model = TerritoryValidity
    icon = "date"
    menu_label = gettext_lazy("Validité par territoire")
    permissions = {"view": "attestations.validity", "add": "attestations.validity", "change": "attestations.validity"}
    index_view_class = TerritoryValidityIndexView
    form_fields = TerritoryValidityForm.Meta.fields
    list_display = ["template", Column("territory", label=gettext_lazy("Territoire")), "months"]
    ordering = ["territory__path"]

    def get_form_class(self, for_update=False):
        return TerritoryValidityForm


class PrintBatchFilterSet(WagtailFilterSet):
    territory = django_filters.ModelChoiceFilter(label=gettext_lazy("Territoire"),
                                                 queryset=lambda request: territories_in_scope(request, "attestations.print"))
    posted_at = django_filters.BooleanFilter(label=gettext_lazy("Posté"), field_name="posted_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = PrintBatch
        fields = ["territory", "posted_at"]


class PrintBatchIndexView(ScopedIndexView):
    related = ("territory", "posted_by")


class PrintBatchInspectView(ScopedInspectView):
    template_name = "attestations/print_batch.html"
    related = ("territory", "posted_by")


class PrintBatchViewSet(ScopedModelViewSet):
    """The day's letters of each territory: download the PDF or the CSV, mark the batch posted (no add, no edit)."""

    model = PrintBatch
    icon = "mail"
    menu_label = gettext_lazy("Lots de courriers")
    permissions = {"view": "attestations.print"}
    superuser_actions = ("view",)
    form_fields = []   # batches are made by the print job only: the add and edit views refuse everyone
    index_view_class = PrintBatchIndexView
    inspect_view_enabled = True
    inspect_view_class = PrintBatchInspectView
    filterset_class = PrintBatchFilterSet
    list_display = ["day", Column("territory", label=gettext_lazy("Territoire")), "number", "letters", "posted_at"]
    inspect_view_fields = ["day", "territory", "number", "letters", "created_at", "posted_at", "posted_by"]
    ordering = ["-day", "territory__path", "-number"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(),
                path("pdf/<int:pk>/", BatchPdfScreen.as_view(), name="pdf"),
                path("csv/<int:pk>/", BatchCsvScreen.as_view(), name="csv"),
                path("posted/<int:pk>/", BatchPostedScreen.as_view(), name="posted")]


class AttestationsMenu(ViewSetGroup):
    menu_label = gettext_lazy("Attestations et envois")
    menu_icon = "doc-full"
    menu_name = "attestations"
    items = (
        ApplicantViewSet("attestations_applicants", url_prefix="attestations/demandeurs"),
        TemplateViewSet("attestations_templates", url_prefix="attestations/modeles"),
        TerritoryValidityViewSet("attestations_validity", url_prefix="attestations/validite"),
        PrintBatchViewSet("attestations_batches", url_prefix="attestations/courriers"),
        ToolViewSet("attestations_bulk", view_class=BulkSendScreen, permission="attestations.send", icon="mail",
                    menu_label=gettext_lazy("Envoi groupé"), url_prefix="attestations/envoi-groupe"),
        ToolViewSet("attestations_monitoring", view_class=MonitoringScreen, permission="attestations.monitor", icon="warning",
                    menu_label=gettext_lazy("Modifications d'identité"), url_prefix="attestations/controle"),
    )


def viewsets():
    return [AttestationsMenu()]


class DashboardPanel(Component):
    name = "attestations_figures"
    order = 130
    template_name = "attestations/panel.html"

    def __init__(self, scope, can_monitor):
        self.scope, self.can_monitor = scope, can_monitor

    def get_context_data(self, parent_context=None):
        return {"documents": self.scope.filter(IssuedDocument.objects.all()).count(),
                "pending": self.scope.filter(IdentityChange.objects.filter(state=IdentityChange.State.PENDING)).count(),
                "monitoring_url": reverse("attestations_monitoring:index") if self.can_monitor else ""}


def dashboard_panel(request):
    scope = user_scope(request.user, "attestations.view")
    return DashboardPanel(scope, bool(user_scope(request.user, "attestations.monitor"))) if scope else None
