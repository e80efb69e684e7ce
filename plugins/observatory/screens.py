"""The observatory's own admin screens: the sheets of one's reach, one sheet (fill, transmit, review), the consolidation.

Every screen reads the user's scope first (:class:`logis.screens.ScopedScreen`)
and one sheet with ``Scope.get`` (404 outside the scope); the actions a screen
offers are those the scope for their permission allows on that sheet, and the
rules refuse the rest. The consolidation shows the one suppressed cube.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _, gettext_lazy

from logis.accounts.scoping import scope_for, user_scope
from logis.exports import FORMATS, XLSX_CONTENT_TYPE
from logis.screens import ScopedScreen
from plugins.observatory import charts, consolidation, rules
from plugins.observatory.downloads import consolidated_download, kind_label
from plugins.observatory.forms import ConsolidationForm, OperationFormSet, SendBackForm, UploadForm
from plugins.observatory.models import Campaign, Operation, Sheet
from plugins.observatory.roles import CONSOLIDATED, EXPORT, FILL, MANAGE, VALIDATE, VIEW
from plugins.observatory.sheet_import import import_sheet
from plugins.observatory.sheet_template import template_bytes

PAGE = 50
SHEETS = Sheet.objects.select_related("campaign", "organisation", "department")


class SheetListScreen(ScopedScreen):
    permission = VIEW
    page_title = gettext_lazy("Fiches de l'observatoire")
    template_name = "observatory/sheets.html"
    header_icon = "list-ul"

    def get_context_data(self, **kwargs):
        sheets = self.scope.filter(SHEETS)
        status = self.request.GET.get("status", "")
        if status in Sheet.Status.values:
            sheets = sheets.filter(status=status)
        page = Paginator(sheets, PAGE).get_page(self.request.GET.get("p"))
        return super().get_context_data(page=page, statuses=Sheet.Status.choices, status=status,
                                        can_open=bool(user_scope(self.request.user, MANAGE)), **kwargs)

    def post(self, request):
        scope_for(request.user, MANAGE)
        opened = sum(rules.open_sheets(c) for c in Campaign.objects.filter(is_open=True))
        messages.success(request, _("%(n)s fiche(s) ouverte(s).") % {"n": opened})
        return redirect("observatory_sheets:index")


class SheetScreen(ScopedScreen):
    """One sheet: its operations, and what the user may do with it (fill and transmit, or validate and send back)."""

    permission = VIEW
    template_name = "observatory/sheet.html"
    header_icon = "doc-full"

    def get_page_title(self):
        return str(self.sheet)

    @cached_property
    def sheet(self):
        return self.scope.get(SHEETS, pk=self.kwargs["pk"])

    def _may(self, permission):
        scope = user_scope(self.request.user, permission)
        return bool(scope) and not scope.aggregates_only and scope.allows(self.sheet)

    def get_context_data(self, formset=None, send_back=None, upload=None, **kwargs):
        fill = self._may(FILL) and self.sheet.status in Sheet.EDITABLE
        review = self._may(VALIDATE) and self.sheet.status == Sheet.Status.SUBMITTED
        operations = self.sheet.operations.all()
        return super().get_context_data(
            sheet=self.sheet, operations=operations, fill=fill, review=review,
            reopen=self._may(FILL) and self.sheet.status in (Sheet.Status.SUBMITTED, Sheet.Status.VALIDATED),
            formset=formset or (OperationFormSet(queryset=operations) if fill else None),
            send_back=send_back or SendBackForm(), upload=upload or UploadForm(), **kwargs)

    def post(self, request, pk):
        action = request.POST.get("action", "")
        handlers = {"save": self._save, "submit": self._save, "upload": self._upload, "validate": self._validate,
                    "send_back": self._send_back, "reopen": self._reopen}
        if action not in handlers:
            raise Http404(_("Action inconnue."))
        try:
            return handlers[action](request, action)
        except rules.WorkflowRefused as error:
            messages.error(request, str(error))
            return redirect("observatory_sheets:sheet", self.sheet.pk)

    def _save(self, request, action):
        scope_for(request.user, FILL, rows=True).get(SHEETS, pk=self.sheet.pk)
        formset = OperationFormSet(request.POST, queryset=self.sheet.operations.all())
        if formset.is_valid():
            kept = [Operation(**{f: form.cleaned_data[f] for f in formset.form._meta.fields})
                    for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
            try:
                rules.replace_operations(self.sheet, kept)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return self.render_to_response(self.get_context_data(formset=formset))
            if action == "submit":
                rules.submit(self.sheet, request.user)
                messages.success(request, _("Fiche transmise à votre fédération."))
            else:
                messages.success(request, _("Fiche enregistrée."))
            return redirect("observatory_sheets:sheet", self.sheet.pk)
        return self.render_to_response(self.get_context_data(formset=formset))

    def _upload(self, request, action):
        scope_for(request.user, FILL, rows=True).get(SHEETS, pk=self.sheet.pk)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = import_sheet(self.sheet, form.cleaned_data["file"].read())
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return self.render_to_response(self.get_context_data(upload=form))
            messages.success(request, _("%(n)s opération(s) importée(s).") % {"n": count})
            return redirect("observatory_sheets:sheet", self.sheet.pk)
        return self.render_to_response(self.get_context_data(upload=form))

    def _validate(self, request, action):
        rules.validate(scope_for(request.user, VALIDATE, rows=True).get(SHEETS, pk=self.sheet.pk), request.user)
        messages.success(request, _("Fiche validée."))
        return redirect("observatory_sheets:sheet", self.sheet.pk)

    def _send_back(self, request, action):
        sheet = scope_for(request.user, VALIDATE, rows=True).get(SHEETS, pk=self.sheet.pk)
        form = SendBackForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(send_back=form))
        rules.send_back(sheet, request.user, form.cleaned_data["comment"])
        messages.success(request, _("Fiche renvoyée pour correction."))
        return redirect("observatory_sheets:sheet", self.sheet.pk)

    def _reopen(self, request, action):
        rules.reopen(scope_for(request.user, FILL, rows=True).get(SHEETS, pk=self.sheet.pk), request.user)
        return redirect("observatory_sheets:sheet", self.sheet.pk)


def sheet_template(request, pk):
    """The sheet's XLSX template, its operations pre-filled (for those who fill it)."""
    sheet = scope_for(request.user, FILL, rows=True).get(SHEETS, pk=pk)
    response = HttpResponse(template_bytes(sheet), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="fiche-{sheet.campaign.code}-{sheet.department.code}.xlsx"'
    return response


class ConsolidationScreen(ScopedScreen):
    """Consolidated figures of the user's reach: chart, the same figures as a table beside it, exports."""

    permission = CONSOLIDATED
    aggregates_allowed = True
    page_title = gettext_lazy("Chiffres consolidés de l'observatoire")
    template_name = "observatory/consolidation.html"
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        first = Campaign.objects.first()
        form = ConsolidationForm({**ConsolidationForm.DEFAULTS, "campaign": first.code if first else "", **request.GET.dict()})
        valid = form.is_valid()
        campaign = form.cleaned_data["campaign"] if valid else first
        stage, level = (form.cleaned_data["stage"], form.cleaned_data["level"]) if valid else ("started", "region")
        if campaign is None:
            return self.render_to_response(self.get_context_data(form=form, campaign=None))
        result = consolidation.consolidate(self.scope, Campaign.objects.filter(pk=campaign.pk), stage)
        fmt = request.GET.get("export")
        if fmt in FORMATS:
            scope_for(request.user, EXPORT)
            return consolidated_download(result, level, fmt)
        rows = [{"row": r, "kind_label": kind_label(r.kind)} for r in consolidation.rows(result, level)]
        return self.render_to_response(self.get_context_data(
            form=form, campaign=campaign, rows=rows, chart=charts.units_chart(result, campaign.code),
            measures=[_("Organisations"), _("Opérations"), _("Logements"), _("Coût total (€)"), _("Subventions (€)"),
                      _("Prêts (€)"), _("Fonds propres (€)")],
            can_export=bool(user_scope(request.user, EXPORT)), query=request.GET.urlencode()))
