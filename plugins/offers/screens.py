"""The plugin's own admin screens: vetting, row export, upload and its report, matching, dashboard, a host's data.

Each screen is a core :class:`logis.screens.ScopedScreen`: it reads the user's scope
for its permission first (rows unless it shows aggregates) and one offer with
``Scope.get``; aggregates-only roles reach the dashboard and nothing that shows a row.
"""

import uuid

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import FormView

from logis.accounts.scoping import scope_for, user_scope
from logis.exports import FORMATS, download_table
from logis.imports import FileRejected, check_file, error_file
from logis.jobs.queue import enqueue
from logis.screens import ScopedFormScreen, ScopedScreen
from plugins.offers import rules, stats
from plugins.offers.charts import bar_chart, line_chart
from plugins.offers.export_columns import COMMUNE_FIGURES_COLUMNS, HOST_DATA_COLUMNS, OFFER_COLUMNS
from plugins.offers.figures import DEFINITIONS, FIGURES
from plugins.offers.filters import OfferFilterSet
from plugins.offers.forecast import run_out
from plugins.offers.forms import ChecklistForm, ColumnMappingForm, HostLookupForm, HouseholdForm, UploadForm, organisations_for
from plugins.offers.import_mapping import remember_mapping
from plugins.offers.import_columns import column_notes, template_csv, template_xlsx
from plugins.offers.jobs import IMPORT_DIR
from plugins.offers.maps import offer_map
from plugins.offers.matching import AllocationRefused, Household, allocate, find_offers
from plugins.offers.models import Offer, OffersSettings

IMPORT_JOB = "plugins.offers.jobs.import_file"


class VetScreen(ScopedScreen, FormView):
    permission = "offers.vet"
    header_icon = "home"
    page_title = gettext_lazy("Qualification de l'offre")
    template_name = "offers/vet.html"
    form_class = ChecklistForm

    @cached_property
    def offer(self):
        return self.scope.get(Offer.objects.select_related("commune"), pk=self.kwargs["pk"])

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


def export_format(fmt):
    """``csv`` or ``xlsx``; anything else is a page that does not exist."""
    if fmt not in FORMATS:
        raise Http404(_("Format d'export inconnu."))
    return fmt


def download_import_template(request, fmt):
    """The import template (CSV or XLSX with its accepted values), for users who may import."""
    scope_for(request.user, "offers.import", rows=True)
    return template_xlsx() if export_format(fmt) == "xlsx" else template_csv()


def export_offers(request, fmt):
    """The one export of offers: what the list shows (same filters, same scope), in French, for French Excel.

    BOM, semicolons, dd/mm/yyyy, labels instead of codes, formula-safe: all through the core's writer.
    """
    fmt = export_format(fmt)
    offers = scope_for(request.user, "offers.export", rows=True).filter(Offer.objects.select_related("commune", "organisation")).order_by("commune__name", "reference")
    filters = OfferFilterSet(request.GET, queryset=offers, request=request)
    offers = filters.qs if filters.is_valid() else offers.none()
    return download_table(OFFER_COLUMNS, offers.iterator(chunk_size=2000), "offres", fmt)


class UploadScreen(ScopedFormScreen):
    permission = "offers.import"
    header_icon = "home"
    page_title = gettext_lazy("Importer des offres")
    template_name = "offers/upload.html"
    form_class = UploadForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(notes=column_notes(), **kwargs)

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
            IMPORT_JOB, stored, upload.name, form.cleaned_data["organisation"].pk,
            form.cleaned_data["mode"], form.cleaned_data["dry_run"], user=self.request.user,
            name=_("Import d'offres : %(file)s") % {"file": upload.name}, queue="imports",
        )
        return redirect("offers_import:status", record.pk)


class UploadStatusScreen(ScopedScreen):
    """The import's progress and report; its error file; a column mapping when headers were not recognised."""

    permission = "offers.import"
    header_icon = "home"
    page_title = gettext_lazy("Import en cours")
    template_name = "offers/upload_status.html"

    @cached_property
    def record(self):
        from logis.jobs.models import JobRecord

        return get_object_or_404(JobRecord, pk=self.kwargs["job_id"], user=self.request.user, func=IMPORT_JOB)

    def get(self, request, *args, **kwargs):
        report = self.record.result or {}
        fmt = request.GET.get("fichier")
        if fmt:
            if not report.get("stored") or not default_storage.exists(report["stored"]):
                raise Http404(_("Le fichier de cet import n'est plus conservé."))
            with default_storage.open(report["stored"], "rb") as handle:
                return error_file(report["file"], handle.read(), report["problems"], export_format(fmt), "offres-a-corriger", _("Offres à corriger"))
        return super().get(request, *args, **kwargs)

    def mapping_form(self, data=None):
        return ColumnMappingForm(data, headers=(self.record.result or {}).get("unknown_columns", []))

    def get_context_data(self, **kwargs):
        report = self.record.result or {}
        mapping = self.mapping_form() if report.get("unknown_columns") and report.get("stored") else None
        return super().get_context_data(record=self.record, report=report, mapping_form=mapping, **kwargs)

    def post(self, request, *args, **kwargs):
        """Remember the mapping for the organisation, then import the kept file again."""
        report = self.record.result or {}
        form = self.mapping_form(request.POST)
        organisation = get_object_or_404(organisations_for(self.scope), pk=report.get("organisation"))
        if not report.get("stored") or not form.is_valid():
            return self.render_to_response(self.get_context_data(mapping_form=form))
        remember_mapping(organisation, form.mapping())
        record = enqueue(IMPORT_JOB, report["stored"], report["file"], organisation.pk, report["mode"], report["dry_run"], user=request.user,
                         name=_("Import d'offres : %(file)s") % {"file": report["file"]}, queue="imports")
        return redirect("offers_import:status", record.pk)


class MatchScreen(ScopedFormScreen):
    permission = "offers.allocate"
    header_icon = "home"
    page_title = gettext_lazy("Trouver une place pour un ménage")
    template_name = "offers/match.html"
    form_class = HouseholdForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
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
            offers_map=offer_map(match.offer for match in matches) if matches else None,
        ))

    def post(self, request, *args, **kwargs):
        form = self.get_form_class()(request.POST, scope=self.scope)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, matches=None))
        offer = self.scope.get(Offer.objects.all(), pk=request.POST.get("offer"))
        try:
            allocation = allocate(offer.pk, self._household(form), request.user, form.cleaned_data["household_reference"],
                                  form.cleaned_data["override_reason"])
        except AllocationRefused as error:
            if error.rule == "unsuitable":  # ask for the override's reason, the household kept as typed
                kept = [(k, v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "override_reason")]
                return self.render_to_response(self.get_context_data(
                    form=form, matches=None, refused=error, refused_offer=offer, household_params=kept))
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


class DashboardScreen(ScopedScreen):
    """Piloting: current figures and figures over time; the one screen aggregates-only roles reach."""

    permission = "offers.view"
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
        fmt = export_format(fmt)
        scope_for(self.request.user, "offers.export")
        return download_table(COMMUNE_FIGURES_COLUMNS, stats.by_commune(self.scope), "places-par-commune", fmt)

    def get_context_data(self, **kwargs):
        communes = stats.by_commune(self.scope)
        departments = stats.by_department(communes)
        history = stats.over_time(self.scope, live=communes)
        return super().get_context_data(
            communes=communes, departments=departments, history=history,
            bars=bar_chart([(d["department"], d["places_offered"], d["places_available"], d["places_allocated"]) for d in departments]),
            lines=line_chart([(h["date"], h["places_offered"], h["places_available"], h["places_allocated"]) for h in history]),
            can_export=bool(user_scope(self.request.user, "offers.export")), **kwargs,
            forecast=run_out(history),
            definitions=[(label, DEFINITIONS[name]) for name, label in zip(FIGURES, (
                _("Offres"), _("Places offertes"), _("Places disponibles"), _("Places attribuées")))],
        )


class HostDataScreen(ScopedScreen, FormView):
    """Everything held about one host (by email or phone): see it, download it, erase it."""

    permission = "offers.host_data"
    header_icon = "home"
    page_title = gettext_lazy("Droits RGPD d'un hébergeur")
    template_name = "offers/host_data.html"
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
        return download_table(HOST_DATA_COLUMNS, offers, "donnees-hebergeur", export_format(fmt))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, offers=None))
        offers = self.host_offers(form)
        if request.POST.get("confirm") != "effacer":
            messages.error(request, _("Cochez la confirmation pour effacer les données."))
            return redirect(f"{reverse('offers_hosts:index')}?contact={form.data['contact']}")
        erased = rules.forget_host(offers)
        messages.success(request, _("Données de l'hébergeur effacées dans %(count)d offre(s) ; les offres sont retirées.") % {"count": erased})
        return redirect("offers_hosts:index")
