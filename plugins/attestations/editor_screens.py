"""The template editor: a new version written in Wagtail's Draftail editor, merge fields picked from a list, a live preview.

A core :class:`logis.screens.ScopedScreen`: the template is read with
``Scope.get`` (another organisation's template: 404). Saving goes through
:func:`plugins.attestations.issuing.save_version`, as the API does.
"""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from logis.documents import TemplateError
from logis.screens import ScopedScreen

from plugins.attestations.forms import VersionForm
from plugins.attestations.issuing import latest_version, preview, save_version
from plugins.attestations.models import DocumentTemplate

SYNTAX_HELP = gettext_lazy(
    "Champs : {{ demandeur.prenoms }} ; dates : {{ document.date_expiration|long }} (12 mars 2026) ou |court "
    "(12/03/2026) ; conditions : {% si demandeur.renouvellement %}…{% sinon %}…{% finsi %}.")


class TemplateEditorScreen(ScopedScreen, FormView):
    """Write a new version in Draftail: the field picker inserts ``{{ field }}``, the preview renders sample data as you type.

    The preview posts the form as it stands to ``?apercu=1``: the same widget
    turns Draftail's content into HTML, so the preview is what saving would store.
    """

    permission = "attestations.templates"
    template_name = "attestations/template_editor.html"
    form_class = VersionForm
    page_title = gettext_lazy("Modèle de document")

    @cached_property
    def document_template(self):
        return self.scope.get(DocumentTemplate.objects.select_related("organisation"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.document_template.name

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.document_template.kind}

    def get_initial(self):
        version = latest_version(self.document_template)
        return {"subject": version.subject, "body": version.body} if version else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(document_template=self.document_template,
                                        versions=self.document_template.versions.select_related("created_by")[:20],
                                        syntax_help=SYNTAX_HELP, **kwargs)

    def post(self, request, *args, **kwargs):
        if "apercu" in request.GET:
            return self.preview(self.get_form())
        return super().post(request, *args, **kwargs)

    def preview(self, form):
        if not form.is_valid():
            return JsonResponse({"body": "", "error": " ".join(e for errors in form.errors.values() for e in errors)})
        try:
            return JsonResponse(preview(self.document_template.kind, form.cleaned_data["subject"], form.cleaned_data["body"]))
        except TemplateError as error:
            return JsonResponse({"body": "", "error": str(error), "line": error.line, "field": error.field})

    def form_valid(self, form):
        try:
            version = save_version(self.document_template, form.cleaned_data["subject"], form.cleaned_data["body"], self.request.user)
        except TemplateError as error:
            form.add_error("body", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Version %(n)d enregistrée.") % {"n": version.number})
        return redirect(self.request.path)
