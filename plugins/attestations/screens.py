"""The plugin's own admin screens: issuing from a file, identity changes, monitoring, bulk sends.

Each screen is a core :class:`logis.screens.ScopedScreen`: it reads the user's
scope for its permission first and one record with ``Scope.get`` (out of
scope: 404). They call the same functions as the API and the command line.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from logis.accounts.scoping import scope_for
from logis.exports import FORMATS, display_date, download
from logis.jobs.models import JobRecord
from logis.jobs.queue import enqueue
from logis.screens import ScopedScreen

from plugins.attestations import identity
from plugins.attestations.forms import BulkSendForm, IdentityChangeForm, IssueForm
from plugins.attestations.issuing import document_pdf
from plugins.attestations.models import Applicant, DocumentTemplate, IdentityChange, IssuedDocument
from plugins.attestations.sending import issue_and_send

APPLICANTS = Applicant.objects.select_related("territory", "organisation")
MONITOR_PAGE = 200


class _ApplicantAction(ScopedScreen, FormView):
    """A POST from an applicant's page: the applicant read through the scope, then back to the page."""

    http_method_names = ["post"]

    @cached_property
    def applicant(self):
        return self.scope.get(APPLICANTS, pk=self.kwargs["pk"])

    def back(self):
        return redirect(reverse("attestations_applicants:inspect", args=[self.applicant.pk]))

    def form_invalid(self, form):
        messages.error(self.request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return self.back()


class IssueScreen(_ApplicantAction):
    permission = "attestations.issue"
    form_class = IssueForm

    def form_valid(self, form):
        document, deliveries = issue_and_send(form.cleaned_data["template"], self.applicant, self.request.user,
                                              form.cleaned_data["channel"])
        last = deliveries[-1] if deliveries else None
        messages.success(self.request, _("Document émis (%(channel)s : %(status)s).") % {
            "channel": last.get_channel_display() if last else "—", "status": last.get_status_display() if last else "—"})
        if form.cleaned_data["channel"] == "download" and document.version.template.kind in DocumentTemplate.PDF_KINDS:
            return redirect(reverse("attestations_applicants:document", args=[document.pk]))
        return self.back()


class IdentityScreen(_ApplicantAction):
    permission = "attestations.change_identity"
    form_class = IdentityChangeForm

    def form_valid(self, form):
        organisation = next((a.organisation for a in self.scope.assignments), self.applicant.organisation)
        try:
            change = identity.request_change(self.applicant, form.cleaned_data["field"], form.cleaned_data["value"],
                                             self.request.user, organisation)
        except identity.IdentityChangeRefused as error:
            messages.error(self.request, str(error))
            return self.back()
        if change is None:
            messages.info(self.request, _("Aucune modification."))
        elif change.minor:
            messages.success(self.request, _("Modification mineure enregistrée."))
        else:
            messages.warning(self.request, _("Modification en attente de validation par un guichet manager ou le gestionnaire "
                                             "territorial ; les documents émis d'ici là portent les anciennes valeurs."))
        return self.back()


class DocumentScreen(ScopedScreen):
    """Download an issued document again (whoever may see the applicant)."""

    permission = "attestations.view"

    def get(self, request, *args, **kwargs):
        document = self.scope.get(IssuedDocument.objects.select_related("applicant", "version__template__organisation"),
                                  pk=kwargs["issued_document_id"])
        if not document.values or document.version.template.kind not in DocumentTemplate.PDF_KINDS:
            messages.error(request, _("Ce document n'existe pas en PDF (message, ou données effacées)."))
            return redirect(reverse("attestations_applicants:inspect", args=[document.applicant_id]))
        response = HttpResponse(document_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{document.version.template.slug}-{document.pk}.pdf"'
        return response


class MonitoringScreen(ScopedScreen):
    """Identity changes by counter and agent with their anomaly flags; pending ones decided here; recap export."""

    permission = "attestations.monitor"
    template_name = "attestations/monitoring.html"
    page_title = gettext_lazy("Contrôle des modifications d'identité")
    header_icon = "warning"

    def changes(self):
        changes = self.scope.filter(IdentityChange.objects.select_related("applicant", "organisation", "requested_by", "decided_by"))
        state = self.request.GET.get("etat", "")
        return changes.filter(state=state) if state in IdentityChange.State.values else changes

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in FORMATS:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def export(self, fmt):
        scope_headers = [_("Numéro"), _("Champ"), _("Mineure"), _("État"), _("Guichet"), _("Agent"), _("Le"), _("Signaux")]
        changes = list(self.changes()[:10_000])
        found = identity.flags(changes)
        rows = ([c.applicant.number, c.field, _("oui") if c.minor else _("non"), c.get_state_display(), c.organisation.name,
                 c.requested_by.get_username() if c.requested_by else "", display_date(c.requested_at),
                 ", ".join(str(identity.FLAGS[f]) for f in found[c.pk])] for c in changes)
        return download(scope_headers, rows, "modifications-identite", fmt)

    def post(self, request, *args, **kwargs):
        scope = self.scope_for_decisions()
        change = scope.get(IdentityChange.objects.select_related("applicant"), pk=request.POST.get("change", ""))
        try:
            identity.decide(change, request.user, request.POST.get("decision") == "valider")
        except identity.IdentityChangeRefused as error:
            messages.error(request, str(error))
        return redirect(request.get_full_path())

    def scope_for_decisions(self):
        return scope_for(self.request.user, "attestations.validate_identity", rows=True)

    def get_context_data(self, **kwargs):
        changes = list(self.changes()[:MONITOR_PAGE])
        found = identity.flags(changes)
        rows = [(c, [identity.FLAGS[f] for f in found[c.pk]]) for c in changes]
        return super().get_context_data(rows=rows, states=IdentityChange.State.choices, state=self.request.GET.get("etat", ""),
                                        **kwargs)


class BulkSendScreen(ScopedScreen, FormView):
    permission = "attestations.send"
    template_name = "attestations/bulk_send.html"
    form_class = BulkSendForm
    page_title = gettext_lazy("Envoi groupé")
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        job = self.request.GET.get("tache")
        record = JobRecord.objects.filter(pk=job, user=self.request.user).first() if job and len(job) == 36 else None
        return super().get_context_data(record=record, **kwargs)

    def form_valid(self, form):
        found, _hidden = self.scope.in_bulk(Applicant.objects.all(), "number", form.cleaned_data["numbers"])
        missing = [n for n in form.cleaned_data["numbers"] if n not in found]
        if missing:
            # Held elsewhere or unknown: the same answer, the user learns nothing about other territories.
            form.add_error("numbers", _("Numéros introuvables dans votre territoire : %(n)s") % {"n": ", ".join(missing[:20])})
            return self.form_invalid(form)
        record = enqueue("plugins.attestations.jobs.send_many", form.cleaned_data["template"].pk, [a.pk for a in found.values()],
                         form.cleaned_data["channel"], user=self.request.user, name=_("Envoi groupé de documents"))
        return redirect(f"{self.request.path}?tache={record.pk}")
