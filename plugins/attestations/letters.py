"""Letters by post: the address block, the day's print batch of each territory, marking a batch posted.

Letters wait (``queued``) until the daily print batch gathers those of one
territory into one PDF, address blocks to the AFNOR NF Z10-011 layout, kept in
private storage (addresses are personal data). They become ``sent`` when the
counter marks the batch posted: the history says when a letter really left.
An erased applicant's letter leaves every batch PDF (:func:`withdraw_letters`).
"""

from itertools import groupby

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from logis.notifications import Status
from logis.pdf import render_pdf_pages
from logis.postal import AddressError, address_block

from plugins.attestations.issuing import document_css, document_html, rendered_text, verification_url
from plugins.attestations.models import Delivery, PrintBatch


class BatchRefused(ValueError):
    """A batch cannot be marked posted (already done); the message says why, in French."""


def postal_lines(applicant):
    try:
        return address_block(f"{applicant.first_names} {applicant.usage_name or applicant.birth_name}",
                             [applicant.street_extra, applicant.street], applicant.postcode, applicant.town)
    except AddressError:
        return None


def letter_html(delivery):
    template = delivery.version.template
    body = rendered_text(delivery.document)[1]
    return document_html(template, body, verification_url(delivery.document.key), template.organisation,
                         postal_lines(delivery.applicant) or ())


def _next_number(territory_id, day):
    last = PrintBatch.objects.filter(territory_id=territory_id, day=day).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def _render(letters):
    return render_pdf_pages((letter_html(delivery) for delivery in letters), css=document_css())


def print_batches(day=None):
    """Print every waiting letter, one PDF per territory for ``day``; the batches made (none if nothing waited)."""
    day = day or timezone.localdate()
    waiting = (Delivery.objects.filter(channel=Delivery.Channel.POST, status=Status.QUEUED, batch=None)
               .select_related("applicant__territory", "document", "version__template__organisation")
               .order_by("applicant__territory_id", "pk"))
    batches = []
    for territory_id, letters in groupby(waiting, key=lambda delivery: delivery.applicant.territory_id):
        letters = list(letters)
        pdf = _render(letters)
        with transaction.atomic():
            batch = PrintBatch(territory_id=territory_id, day=day, number=_next_number(territory_id, day), letters=len(letters))
            code = letters[0].applicant.territory.code
            batch.pdf.save(f"{day:%Y-%m-%d}-{code}-{batch.number}.pdf", ContentFile(pdf), save=False)
            batch.save()
            Delivery.objects.filter(pk__in=[d.pk for d in letters]).update(batch=batch)
        batches.append(batch)
    return batches


def mark_posted(batch, user):
    """Record that ``batch`` left for the post: its letters become ``sent``. Refused twice (:class:`BatchRefused`)."""
    with transaction.atomic():
        locked = PrintBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.posted_at:
            raise BatchRefused(_("Ce lot a déjà été marqué posté."))
        locked.posted_at, locked.posted_by = timezone.now(), user
        locked.save(update_fields=["posted_at", "posted_by"])
        locked.deliveries.filter(status=Status.QUEUED).update(status=Status.SENT)
    return locked


def batch_rows(batch):
    """One row per letter of ``batch`` for the mail room's CSV: number, template, address lines (six columns)."""
    letters = batch.deliveries.select_related("applicant", "version__template").order_by("pk")
    for delivery in letters:
        lines = postal_lines(delivery.applicant) or []
        yield [delivery.applicant.number, delivery.version.template.name, *(lines + [""] * 6)[:6]]


def batch_headers():
    return [_("Numéro unique"), _("Modèle"), *(_("Ligne %(n)d") % {"n": n} for n in range(1, 7))]


def withdraw_letters(applicant):
    """Take ``applicant``'s letters out of every print batch PDF (erasure): the PDF is printed again from the other
    letters, or deleted when none is left or the batch was posted already (its letters left: the copy is not kept).

    A letter still waiting is not sent at all (``failed``) and leaves the
    batch's address list; the batch keeps its row. Runs inside the erasure's
    transaction: an old PDF is deleted only once it commits (a rollback after the
    reprint would leave the new file unused in private storage).
    """
    batches = list(PrintBatch.objects.filter(deliveries__applicant=applicant).distinct())
    letters = Delivery.objects.filter(applicant=applicant, channel=Delivery.Channel.POST)
    letters.filter(status=Status.QUEUED).update(status=Status.FAILED)
    letters.update(batch=None)  # out of the batch's address list (CSV) too
    withdrawn = 0
    for batch in batches:
        remaining = list(batch.deliveries.select_related("applicant__territory", "document", "version__template__organisation")
                         .order_by("pk"))
        old = batch.pdf.name
        if batch.posted_at or not remaining:
            batch.pdf = ""
        else:
            batch.pdf.save(old.rsplit("/", 1)[-1], ContentFile(_render(remaining)), save=False)
            batch.letters = len(remaining)
        batch.save(update_fields=["pdf", "letters"])
        if old:  # a batch whose PDF an earlier erasure already removed has no file left to delete
            transaction.on_commit(lambda name=old, storage=batch.pdf.storage: storage.delete(name))
        withdrawn += 1
    return withdrawn
