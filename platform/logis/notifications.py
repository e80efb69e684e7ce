"""Reaching people through channels: mail, SMS and post in the core, others from plugins, with fallback.

The Imhoweb and SNE seeds' lessons: one message, several channels (courrier,
mail, SMS), a failed or bounced channel falling back to the next, each send
traced. A channel is a code, a label and a ``send`` function returning the
status it reached (``sent``, or ``queued`` for post waiting for its print
batch). :func:`deliver` tries a chain of channels and tells the caller about
every attempt, so that the caller writes each one into its own history.
"""

import logging
from dataclasses import dataclass, field
from typing import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logis.plugins import collect
from logis.sms import send_sms

logger = logging.getLogger("logis.notifications")


class Status:
    """What became of one attempt (the vocabulary of every history of sends)."""

    QUEUED = "queued"             # waiting (post: the day's print batch)
    SENT = "sent"
    DELIVERED = "delivered"
    BOUNCED = "bounced"
    FAILED = "failed"
    SKIPPED = "skipped"           # no address for this channel: the next one is tried
    CHOICES = [(QUEUED, gettext_lazy("En attente")), (SENT, gettext_lazy("Envoyé")),
               (DELIVERED, gettext_lazy("Distribué")), (BOUNCED, gettext_lazy("Revenu en erreur")),
               (FAILED, gettext_lazy("Échec")), (SKIPPED, gettext_lazy("Sans adresse pour ce canal"))]


@dataclass(frozen=True)
class Message:
    recipient: str                # an address, a phone number, a postal address block
    subject: str
    body: str
    attachments: tuple = ()       # (file name, bytes, MIME type)


@dataclass(frozen=True)
class Channel:
    code: str                     # "mail", "sms", "post"...
    label: str
    send: Callable                # (Message) -> status or None (= sent); raises on failure


@dataclass
class Outcome:
    """The result of :func:`deliver`: the channel that took the message (or ``None``) and every attempt."""

    channel: str | None = None
    status: str = Status.FAILED
    attempts: list = field(default_factory=list)   # [(code, status, error)]

    @property
    def fallback_used(self):
        return self.channel is not None and any(a[0] != self.channel for a in self.attempts)


def _send_mail(message):
    mail = EmailMessage(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
    for name, content, mimetype in message.attachments:
        mail.attach(name, content, mimetype)
    mail.send()


def _send_post(message):
    # Letters are printed once a day in one batch: the caller keeps the letter until then.
    if not message.recipient.strip():
        raise ValueError(_("Adresse postale vide."))
    return Status.QUEUED


MAIL = Channel("mail", gettext_lazy("Courriel"), _send_mail)
SMS = Channel("sms", gettext_lazy("SMS"), lambda message: send_sms(message.recipient, message.body))
POST = Channel("post", gettext_lazy("Courrier postal"), _send_post)


class UnknownChannel(LookupError):
    pass


def channels():
    """Mail first; then plugins' channels, which may replace the core's SMS and post."""
    found = {MAIL.code: MAIL}
    for channel in [*collect("logis_notification_channels"), SMS, POST]:
        found.setdefault(channel.code, channel)
    return found


def notify(channel_code, message):
    """Send ``message`` through the channel ``channel_code``."""
    channel = channels().get(channel_code)
    if channel is None:
        raise UnknownChannel(_("Canal de notification inconnu : %(code)s.") % {"code": channel_code})
    channel.send(message)
    return channel


def deliver(chain, on_attempt=None):
    """Send through the first channel of ``chain`` that takes the message; trace every attempt.

    ``chain``: ``[(channel code, Message or None)]`` in order of preference,
    ``None`` when the person has no usable address for that channel (skipped).
    ``on_attempt(code, message, status, error)`` is called for each attempt.
    """
    known, outcome = channels(), Outcome()
    for code, message in chain:
        if code not in known:
            raise UnknownChannel(_("Canal de notification inconnu : %(code)s.") % {"code": code})
        if message is None:
            status, error = Status.SKIPPED, ""
        else:
            try:
                status, error = known[code].send(message) or Status.SENT, ""
            except Exception as exc:  # noqa: BLE001 — any channel failure falls back to the next one
                status, error = Status.FAILED, str(exc)[:500] or exc.__class__.__name__
                logger.warning("Envoi %s échoué : %s", code, error)
        outcome.attempts.append((code, status, error))
        if on_attempt:
            on_attempt(code, message, status, error)
        if status in (Status.SENT, Status.QUEUED, Status.DELIVERED):
            outcome.channel, outcome.status = code, status
            break
    return outcome
