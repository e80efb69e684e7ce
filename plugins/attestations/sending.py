"""Sending an issued document through a chain of channels, each attempt in the applicant's history.

The core's :func:`logis.notifications.deliver` tries the channels in order;
every attempt (sent, failed, skipped for want of an address) becomes a
:class:`Delivery`, linked to the one it fell back from. A bounce reported
later falls back to post the same way. Letters wait for their territory's
print batch (:mod:`plugins.attestations.letters`).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from logis.notifications import Message, Status, deliver
from logis.sms import count

from plugins.attestations.issuing import document_pdf, issue, rendered_text, verification_url
from plugins.attestations.letters import postal_lines
from plugins.attestations.models import Delivery, DocumentTemplate
from plugins.attestations.rules import channel_chain, reachable_by_mail


class BounceRefused(ValueError):
    """Only a mail that left can come back; the message says so, in French."""


def _messages(document):
    """The message each channel would carry for ``document`` (``None``: no address for that channel)."""
    applicant, template = document.applicant, document.version.template
    subject, body = rendered_text(document)
    subject = subject or template.name
    if template.kind in DocumentTemplate.PDF_KINDS:
        url = verification_url(document.key)
        # The PDF is rendered only for an address that can receive it.
        mail = Message(applicant.email, subject, _("Bonjour,\n\nVeuillez trouver ci-joint votre document « %(name)s ».\n"
                                                   "Vérification : %(url)s\n") % {"name": template.name, "url": url},
                       ((f"{template.slug}-{document.issue_date:%Y%m%d}.pdf", document_pdf(document, body), "application/pdf"),)
                       ) if reachable_by_mail(applicant) else None
        sms = _("%(name)s disponible. Vérification : %(url)s") % {"name": template.name, "url": url}
    else:
        mail = Message(applicant.email, subject, strip_tags(body))
        sms = strip_tags(body)
    lines = postal_lines(applicant)
    return {
        Delivery.Channel.MAIL: mail if mail and reachable_by_mail(applicant) else None,
        Delivery.Channel.SMS: Message(applicant.mobile, "", sms) if applicant.mobile else None,
        Delivery.Channel.POST: Message("\n".join(lines), subject, body) if lines else None,
    }


def _trace(document, user, deliveries, fallback_of=None):
    def on_attempt(code, message, status, error):
        text = message.body if message else ""
        previous = deliveries[-1] if deliveries else fallback_of
        deliveries.append(Delivery.objects.create(
            applicant=document.applicant, document=document, version=document.version, channel=code, status=status,
            fallback_of=previous, text=text, error=error, sent_by=user,
            segments=count(text).segments if code == Delivery.Channel.SMS and text else None))
    return on_attempt


def send_document(document, channel, user):
    """Send ``document`` through ``channel`` and its fallbacks; the :class:`Delivery` rows written, in order."""
    applicant, template = document.applicant, document.version.template
    chain = channel_chain(applicant, template, channel)
    if chain == [Delivery.Channel.DOWNLOAD]:
        return [Delivery.objects.create(applicant=applicant, document=document, version=document.version,
                                        channel=Delivery.Channel.DOWNLOAD, status=Status.DELIVERED, sent_by=user)]
    messages, deliveries = _messages(document), []
    outcome = deliver([(code, messages[code]) for code in chain], _trace(document, user, deliveries))
    # The SNE rule: an accompanied applicant also receives the attestation by post.
    if (applicant.accompanied and template.kind in DocumentTemplate.PDF_KINDS and outcome.channel != Delivery.Channel.POST
            and Delivery.Channel.POST in chain):
        deliver([(Delivery.Channel.POST, messages[Delivery.Channel.POST])], _trace(document, user, deliveries))
    return deliveries


def record_bounce(delivery, user=None):
    """A mail came back: mark it, remember the address bounces, fall back to post. The post delivery, if any.

    Refused (:class:`BounceRefused`) for anything but a mail sent or delivered:
    a second report must not queue a second letter.
    """
    with transaction.atomic():
        # of=self: PostgreSQL locks no row on the nullable side of the join (the document).
        delivery = (Delivery.objects.select_for_update(of=("self",)).select_related("applicant", "document__version__template")
                    .get(pk=delivery.pk))
        if delivery.channel != Delivery.Channel.MAIL or delivery.status not in (Status.SENT, Status.DELIVERED):
            raise BounceRefused(_("Seul un courriel envoyé peut être signalé revenu en erreur."))
        delivery.status = Status.BOUNCED
        delivery.save(update_fields=["status"])
        applicant = delivery.applicant
        applicant.email_bounced_at = timezone.now()
        applicant.save(update_fields=["email_bounced_at", "updated_at"])
        if delivery.document is None:
            return None
        message = _messages(delivery.document)[Delivery.Channel.POST]
        deliveries = []
        deliver([(Delivery.Channel.POST, message)], _trace(delivery.document, user, deliveries, fallback_of=delivery))
        return deliveries[-1]


def issue_and_send(template, applicant, user, channel):
    """What the admin, the API, the bulk job and the command line do: issue one document, then send it."""
    document = issue(template, applicant, user)
    return document, send_document(document, channel, user)
