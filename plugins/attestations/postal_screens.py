"""Admin screens of the post: a print batch's PDF and CSV, marking it posted, reporting a mail that came back.

Each is a core :class:`logis.screens.ScopedScreen`: the batch or the send is
read with ``Scope.get`` (another territory's id: 404, never a hint), then the
same functions as the jobs and the API are called.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logis.exports import download
from logis.private_files import serve
from logis.screens import ScopedScreen

from plugins.attestations.letters import BatchRefused, batch_headers, batch_rows, mark_posted
from plugins.attestations.models import Delivery, PrintBatch
from plugins.attestations.sending import BounceRefused, record_bounce

BATCHES = PrintBatch.objects.select_related("territory")


class _BatchScreen(ScopedScreen):
    permission = "attestations.print"

    def batch(self):
        return self.scope.get(BATCHES, pk=self.kwargs["pk"])


class BatchPdfScreen(_BatchScreen):
    """The batch's PDF, from private storage."""

    def get(self, request, *args, **kwargs):
        batch = self.batch()
        if not batch.pdf:
            raise Http404(_("Le PDF de ce lot n'est plus conservé : un demandeur dont il portait le courrier a fait effacer ses données."))
        return serve(batch.pdf, f"courriers-{batch.day:%Y-%m-%d}-{batch.territory.code}-{batch.number}.pdf", "application/pdf")


class BatchCsvScreen(_BatchScreen):
    """The batch's letters as a CSV for the mail room, through the formula-safe writer."""

    def get(self, request, *args, **kwargs):
        batch = self.batch()
        return download(batch_headers(), batch_rows(batch), f"courriers-{batch.day:%Y-%m-%d}-{batch.territory.code}-{batch.number}")


@method_decorator(require_POST, name="dispatch")
class BatchPostedScreen(_BatchScreen):
    """Mark the batch posted: its letters become « envoyé » in each applicant's history."""

    def post(self, request, *args, **kwargs):
        try:
            batch = mark_posted(self.batch(), request.user)
        except BatchRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Lot du %(day)s marqué posté (%(n)d lettres).") % {
                "day": f"{batch.day:%d/%m/%Y}", "n": batch.letters})
        return redirect(reverse("attestations_batches:index"))


@method_decorator(require_POST, name="dispatch")
class BounceScreen(ScopedScreen):
    """A mail came back: the send is marked so and the document falls back to post (the SNE rule)."""

    permission = "attestations.send"

    def post(self, request, *args, **kwargs):
        delivery = self.scope.get(Delivery.objects.select_related("applicant"), pk=kwargs["delivery_id"])
        try:
            fallback = record_bounce(delivery, request.user)
        except BounceRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Courriel signalé revenu en erreur ; repli sur le courrier : %(status)s.") % {
                "status": fallback.get_status_display() if fallback else "—"})
        return redirect(reverse("attestations_applicants:inspect", args=[delivery.applicant_id]))
