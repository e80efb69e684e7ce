"""Admin screens (Wagtail ViewSets): list, detail, edit, vetting, upload, matching, dashboard, GDPR.

Every screen asks the core scoping service: the model views through a
permission policy built on :class:`logis.accounts.scoping.Scope`, the other
screens through :func:`logis.accounts.scoping.require`. Aggregates-only roles
reach the dashboard and nothing that shows a row.
"""

import uuid

import django_filters
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

from logis.accounts.models import RoleAssignment, Territory
from logis.accounts.roles import role_registry
from logis.accounts.scoping import Scope, require
from logis.audit.models import AuditEntry
from logis.jobs.queue import enqueue
from plugins.offers import exports, rules, stats
from plugins.offers.charts import bar_chart, line_chart
from plugins.offers.forms import ChecklistForm, HostLookupForm, HouseholdForm, OfferForm, UploadForm
from plugins.offers.importer import ALL_OR_NOTHING
from plugins.offers.jobs import IMPORT_DIR
from plugins.offers.matching import AllocationRefused, Household, allocate, find_offers
from plugins.offers.models import Offer, OffersSettings
from plugins.offers.phones import display_phone
from plugins.offers.upload import FileRejected, check_file

ACTION_PERMISSIONS = {"view": "offers.view", "add": "offers.change", "change": "offers.change"}


def user_scope(user, permission):
    """The user's scope, computed once per request (the user object lives as long as the request)."""
    cache = user.__dict__.setdefault("_offers_scopes", {})
    if permission not in cache:
        cache[permission] = Scope.for_user(user, permission)
    return cache[permission]


def rows_scope(user, permission):
    """A scope that may see rows of offers: PermissionDenied for none or for aggregates only."""
    scope = user_scope(user, permission)
    if not scope or scope.aggregates_only:
        raise PermissionDenied(_("Votre rôle ne permet pas d'accéder aux offres elles-mêmes."))
    return scope


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


def communes_in_scope(request):
    if request is None:
        return Territory.objects.none()
    return user_scope(request.user, "offers.view").territories().filter(kind=Territory.Kind.COMMUNE)


def departments_in_scope(request):
    if request is None:
        return Territory.objects.none()
    return user_scope(request.user, "offers.view").territories().filter(kind=Territory.Kind.DEPARTMENT)


class OfferFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label=gettext_lazy("Statut"), choices=Offer.Status.choices)
    provider_kind = django_filters.ChoiceFilter(label=gettext_lazy("Type d'hébergeur"), choices=Offer._meta.get_field("provider_kind").choices)
    accommodation_kind = django_filters.ChoiceFilter(label=gettext_lazy("Type de logement"), choices=Offer._meta.get_field("accommodation_kind").choices)
    department = django_filters.ModelChoiceFilter(label=gettext_lazy("Département"), queryset=departments_in_scope, field_name="commune__parent")
    commune = django_filters.ModelChoiceFilter(label=gettext_lazy("Commune"), queryset=communes_in_scope)
    places = django_filters.NumberFilter(label=gettext_lazy("Places disponibles au moins"), field_name="places_available", lookup_expr="gte")
    step_free = django_filters.BooleanFilter(label=gettext_lazy("Accessible PMR"))
    pets_allowed = django_filters.BooleanFilter(label=gettext_lazy("Animaux acceptés"))

    class Meta:
        model = Offer
        fields = []


class ScopedObjectMixin:
    """Load the object through the user's scope: outside it, the offer does not exist (404)."""

    scope_permission = "offers.view"

    def get_object(self, queryset=None):
        scope = rows_scope(self.request.user, self.scope_permission)
        pk = self.kwargs.get(self.pk_url_kwarg, getattr(self, "pk", None))
        return get_object_or_404(scope.filter(Offer.objects.select_related("commune", "organisation")), pk=pk)


class OfferIndexView(generic.IndexView):
    def get_base_queryset(self):
        scope = rows_scope(self.request.user, "offers.view")
        return scope.filter(Offer.objects.select_related("commune", "organisation"))


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
            allocations=offer.allocations.select_related("allocated_by")[:50],
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
    list_export = ["reference", "commune", "organisation", "status", "places_available", "places_max", "available_from", "available_until"]
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
            path("vet/<int:pk>/", VetView.as_view(), name="vet"),
            path("export/<str:fmt>/", export_offers, name="export_rows"),
        ]


class OfferPage(WagtailAdminTemplateMixin, TemplateView):
    """A plugin screen that needs ``permission`` (rows unless ``aggregates_allowed``)."""

    permission = "offers.view"
    aggregates_allowed = False
    header_icon = "home"

    def dispatch(self, request, *args, **kwargs):
        self.scope = user_scope(request.user, self.permission) if self.aggregates_allowed else rows_scope(request.user, self.permission)
        if not self.scope:
            raise PermissionDenied(_("Vous n'avez pas de rôle en cours de validité qui permette cette action."))
        return super().dispatch(request, *args, **kwargs)


class VetView(OfferPage, FormView):
    permission = "offers.vet"
    page_title = gettext_lazy("Qualification de l'offre")
    template_name = "offers/vet.html"
    form_class = ChecklistForm

    @cached_property
    def offer(self):
        return get_object_or_404(self.scope.filter(Offer.objects.select_related("commune")), pk=self.kwargs["pk"])

    def get_initial(self):
        return {name: getattr(self.offer, name) for name in Offer.CHECKLIST_FIELDS}

    def get_context_data(self, **kwargs):
        return super().get_context_data(offer=self.offer, **kwargs)

    def form_valid(self, form):
        if self.offer.status in rules.CLOSED:
            messages.error(self.request, _("Une offre retirée ou expirée ne peut pas être qualifiée."))
        else:
            offer = rules.vet(self.offer, form.cleaned_data, self.request.user)
            messages.success(self.request, _("Qualification enregistrée : l'offre est « %(status)s ».") % {"status": offer.get_status_display()})
        return redirect("offers:inspect", self.offer.pk)


def export_offers(request, fmt):
    """Rows of the offers in scope, for roles that see rows (formula-safe CSV/XLSX)."""
    scope = rows_scope(request.user, "offers.export")
    offers = scope.filter(Offer.objects.select_related("commune", "organisation")).order_by("commune__name", "reference")
    headers = [_("Référence"), _("Organisation"), _("Commune"), _("Code postal"), _("Statut"), _("Places au maximum"),
               _("Places disponibles"), _("Disponible du"), _("Disponible au"), _("Courriel du coordinateur"), _("Téléphone du coordinateur")]
    rows = ([o.reference, o.organisation.name, o.commune.name, o.postcode, o.get_status_display(), o.places_max, o.places_available,
             o.available_from.strftime("%d/%m/%Y"), o.available_until.strftime("%d/%m/%Y") if o.available_until else "",
             o.coordinator_email, display_phone(o.coordinator_phone)] for o in offers.iterator(chunk_size=2000))
    return exports.download(headers, rows, "offres", fmt)


class UploadView(OfferPage, FormView):
    permission = "offers.import"
    page_title = gettext_lazy("Importer des offres")
    template_name = "offers/upload.html"
    form_class = UploadForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scope": self.scope}

    def get_context_data(self, **kwargs):
        from plugins.offers.upload import CANONICAL_COLUMNS, REQUIRED_COLUMNS

        return super().get_context_data(columns=CANONICAL_COLUMNS, required=REQUIRED_COLUMNS, **kwargs)

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        max_bytes = OffersSettings.load(request_or_site=self.request).max_upload_mb * 1024 * 1024
        if upload.size > max_bytes:
            form.add_error("file", _("Le fichier dépasse la taille maximale de %(size)d Mo.") % {"size": max_bytes // (1024 * 1024)})
            return self.form_invalid(form)
        head = upload.read(8192)
        try:
            kind = check_file(upload.name, head, max_bytes)
        except FileRejected as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        upload.seek(0)
        stored = default_storage.save(f"{IMPORT_DIR}/{uuid.uuid4().hex}.{kind}", upload)
        record = enqueue(
            "plugins.offers.jobs.import_file", stored, upload.name, form.cleaned_data["organisation"].pk,
            form.cleaned_data["mode"], form.cleaned_data["dry_run"], user=self.request.user,
            name=_("Import d'offres : %(file)s") % {"file": upload.name}, queue="imports",
        )
        return redirect("offers_import:status", record.pk)


class UploadStatusView(OfferPage):
    permission = "offers.import"
    page_title = gettext_lazy("Import en cours")
    template_name = "offers/upload_status.html"

    def get_context_data(self, **kwargs):
        from logis.jobs.models import JobRecord

        record = get_object_or_404(JobRecord, pk=self.kwargs["job_id"], user=self.request.user)
        return super().get_context_data(record=record, progress_url=f"/api/jobs/{record.pk}", mode_all=ALL_OR_NOTHING, **kwargs)


class MatchView(OfferPage, FormView):
    permission = "offers.allocate"
    page_title = gettext_lazy("Trouver une place pour un ménage")
    template_name = "offers/match.html"
    form_class = HouseholdForm

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "scope": self.scope}
        if self.request.method == "GET" and "adults" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        matches = None
        if form.is_bound and form.is_valid():
            matches = find_offers(self.scope.filter(Offer.objects.all()), self._household(form))
        return self.render_to_response(self.get_context_data(
            form=form, matches=matches, query=request.GET.urlencode(), household_params=list(request.GET.items()),
        ))

    def post(self, request, *args, **kwargs):
        form = self.get_form_class()(request.POST, scope=self.scope)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, matches=None))
        offer = get_object_or_404(self.scope.filter(Offer.objects.all()), pk=request.POST.get("offer"))
        try:
            allocation = allocate(offer.pk, self._household(form), request.user, form.cleaned_data["household_reference"])
        except AllocationRefused as error:
            messages.error(request, str(error))
            return redirect(f"{reverse('offers_match:index')}?{request.POST.get('query', '')}")
        messages.success(request, _("%(places)d place(s) attribuée(s) dans l'offre %(ref)s.") % {
            "places": allocation.places, "ref": offer.reference})
        return redirect("offers:inspect", offer.pk)

    @staticmethod
    def _household(form):
        data = form.cleaned_data
        return Household(data["adults"], data["children"], data["pets"], data["reduced_mobility"], data["territory"],
                         data["radius_km"], data["date_from"], data["date_until"])


class DashboardView(OfferPage):
    """Piloting: current figures and figures over time; the one screen aggregates-only roles reach."""

    aggregates_allowed = True
    page_title = gettext_lazy("Pilotage des places d'hébergement")
    template_name = "offers/dashboard.html"
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt):
        require(self.request.user, "offers.export")
        communes = stats.by_commune(self.scope)
        headers = [_("Département"), _("Commune"), _("Code"), _("Offres"), _("Places offertes"), _("Places disponibles"), _("Places attribuées")]
        rows = [[r["department"], r["commune"], r["code"], r["offers"], r["places_offered"], r["places_available"], r["places_allocated"]]
                for r in communes]
        return exports.download(headers, rows, "places-par-commune", fmt)

    def get_context_data(self, **kwargs):
        communes = stats.by_commune(self.scope)
        departments = stats.by_department(communes)
        history = stats.over_time(self.scope)
        return super().get_context_data(
            communes=communes, departments=departments, history=history,
            bars=bar_chart([(d["department"], d["places_offered"], d["places_available"], d["places_allocated"]) for d in departments]),
            lines=line_chart([(h["date"], h["places_offered"], h["places_available"], h["places_allocated"]) for h in history]),
            can_export=bool(user_scope(self.request.user, "offers.export")), **kwargs,
        )


class GdprView(OfferPage, FormView):
    """Everything held about one host (by email or phone): see it, download it, erase it."""

    permission = "offers.gdpr"
    page_title = gettext_lazy("Droits RGPD d'un hébergeur")
    template_name = "offers/gdpr.html"
    form_class = HostLookupForm

    def host_offers(self, form):
        return self.scope.filter(Offer.objects.select_related("commune", "organisation")).filter(form.cleaned_data["contact"])

    def get(self, request, *args, **kwargs):
        form = self.form_class(request.GET) if "contact" in request.GET else self.form_class()
        offers = list(self.host_offers(form)) if form.is_bound and form.is_valid() else None
        if offers is not None and request.GET.get("export"):
            return self.export(offers, request.GET["export"])
        return self.render_to_response(self.get_context_data(form=form, offers=offers, query=request.GET.urlencode()))

    def export(self, offers, fmt):
        headers = [_("Référence"), _("Commune"), _("Adresse"), _("Nom"), _("Courriel"), _("Téléphone"), _("Statut"),
                   _("Disponible du"), _("Disponible au"), _("Remarques")]
        rows = [[o.reference, o.commune.name, o.street, o.host_name, o.host_email, display_phone(o.host_phone),
                 o.get_status_display(), o.available_from.strftime("%d/%m/%Y"),
                 o.available_until.strftime("%d/%m/%Y") if o.available_until else "", o.remarks] for o in offers]
        return exports.download(headers, rows, "donnees-hebergeur", fmt)

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, offers=None))
        offers = self.host_offers(form)
        if request.POST.get("confirm") != "effacer":
            messages.error(request, _("Cochez la confirmation pour effacer les données."))
            return redirect(f"{reverse('offers_gdpr:index')}?contact={form.data['contact']}")
        erased = rules.forget_host(offers)
        messages.success(request, _("Données de l'hébergeur effacées dans %(count)d offre(s) ; les offres sont retirées.") % {"count": erased})
        return redirect("offers_gdpr:index")


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
        ToolViewSet("offers_match", view_class=MatchView, permission="offers.allocate", icon="user",
                    menu_label=gettext_lazy("Attribuer une place"), url_prefix="offres/attribution"),
        ToolViewSet("offers_import", view_class=UploadView, permission="offers.import", icon="upload",
                    menu_label=gettext_lazy("Importer des offres"), url_prefix="offres/import",
                    extra_urls=[path("<uuid:job_id>/", UploadStatusView.as_view(), name="status")]),
        ToolViewSet("offers_dashboard", view_class=DashboardView, permission="offers.view", icon="table",
                    menu_label=gettext_lazy("Pilotage"), url_prefix="offres/pilotage"),
        ToolViewSet("offers_gdpr", view_class=GdprView, permission="offers.gdpr", icon="lock",
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
