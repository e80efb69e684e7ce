"""Background work of the attestations plugin: sends to many applicants, the daily print batch.

Each function runs through :func:`logis.jobs.queue.run`, i.e. inside one
transaction and as the user who asked for it (nobody for the print batch).
"""

from logis.accounts.scoping import scope_for
from logis.jobs.queue import report_progress
from logis.middleware import get_current_user

from plugins.attestations.models import Applicant, DocumentTemplate
from plugins.attestations.letters import print_batches
from plugins.attestations.sending import issue_and_send

#: Progress is reported every so many applicants (a Redis write each time).
PROGRESS_EVERY = 20


def send_many(template_id, applicant_ids, channel):
    """Issue and send ``template`` to each applicant still in the author's scope; counts by final channel."""
    user = get_current_user()
    scope = scope_for(user, "attestations.send", rows=True)
    template = DocumentTemplate.objects.select_related("organisation").get(pk=template_id)
    applicants = scope.filter(Applicant.objects.filter(pk__in=applicant_ids)).order_by("pk")
    total, counts = len(applicant_ids), {}
    for done, applicant in enumerate(applicants.iterator(chunk_size=200), 1):
        _document, deliveries = issue_and_send(template, applicant, user, channel)
        final = next((d.channel for d in reversed(deliveries) if d.status in ("sent", "queued", "delivered")), "failed")
        counts[final] = counts.get(final, 0) + 1
        if done % PROGRESS_EVERY == 0 or done == total:
            report_progress(done, total, f"{done} / {total}")
    return {"sent": sum(counts.values()), "by_channel": counts}


def print_letters():
    """The day's print batches of letters, one per territory (periodic job « courriers-lot-du-jour »)."""
    return {"batches": [str(batch) for batch in print_batches()]}
