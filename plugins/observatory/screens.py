"""The observatory's own admin screens: the sheets of one's reach, one sheet (fill, transmit, review, import).

Every screen reads the user's scope first (:class:`logis.screens.ScopedScreen`)
and one sheet with ``Scope.get`` (404 outside the scope); the actions a screen
offers are those the scope for their permission allows on that sheet, and the
rules refuse the rest. The consolidated figures are in ``consolidation_screens.py``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _, gettext_lazy

from logis.accounts.scoping import scope_for, user_scope
from logis.imports import error_file
from logis.screens import ScopedScreen
from plugins.observatory import rules
from plugins.observatory.forms import OperationFormSet, SendBackForm, UploadForm
from plugins.observatory.models import Campaign, Operation, Sheet
from plugins.observatory.roles import FILL, MANAGE, VALIDATE, VIEW
from plugins.observatory.sheet_import import import_sheet
from plugins.observatory.sheet_template import template_response

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
        operations = self.sheet.operations.select_related("commune")
        return super().get_context_data(
            sheet=self.sheet, operations=operations, fill=fill, review=review,
            reopen=self._may(FILL) and self.sheet.status in (Sheet.Status.SUBMITTED, Sheet.Status.VALIDATED),
            formset=formset or (self._formset(None) if fill else None),
            send_back=send_back or SendBackForm(), upload=upload or UploadForm(), **kwargs)

    def _formset(self, data):
        return OperationFormSet(data, queryset=self.sheet.operations.all(), form_kwargs={"department": self.sheet.department})

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
        formset = self._formset(request.POST)
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
        scope = scope_for(request.user, FILL, rows=True)
        scope.get(SHEETS, pk=self.sheet.pk)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(upload=form))
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            report = import_sheet(self.sheet, scope, upload.name, data)
        except rules.WorkflowRefused as error:
            messages.error(request, str(error))
            return redirect("observatory_sheets:sheet", self.sheet.pk)
        if report.applied:
            messages.success(request, report.summary())
            return redirect("observatory_sheets:sheet", self.sheet.pk)
        if form.cleaned_data["annotated"] and not report.file_problem:
            return error_file(upload.name, data, report.problems, "xlsx", f"fiche-{self.sheet.department.code}-a-corriger")
        messages.error(request, report.summary())
        for problem in report.problems:
            messages.error(request, _("Ligne %(line)s, colonne %(column)s : %(message)s") % problem if problem["column"] else problem["message"])
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
    return template_response(scope_for(request.user, FILL, rows=True).get(SHEETS, pk=pk))
