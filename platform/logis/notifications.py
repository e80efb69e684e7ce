"""Reaching people through channels: mail, SMS and post in the core, others from plugins, with fallback.

The Imhoweb and SNE seeds' lessons: one message, several channels (courrier,
mail, SMS), a failed or bounced channel falling back to the next, each send
traced. A channel is a code, a label and a ``send`` function returning the
status it reached (``sent``, or ``queued`` for post waiting for its print
batch). :func:`deliver` tries a chain of channels and tells the caller about
every attempt, so that the caller writes each one into its own history.

People with an account are told things through :func:`notify_users`: the
notification goes to their in-app centre (:mod:`logis.inbox`) and, as each
prefers, to their mail at once, in the daily digest (:func:`send_digests`, a
core periodic job) or not at all.
"""

import logging
from dataclasses import dataclass, field
from typing import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logis.inbox.models import Frequency, Notification
from logis.jobs import PeriodicJob
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

#: Digest mails are sent by batches on one SMTP connection; each batch's notifications are marked in one UPDATE.
DIGEST_BATCH = 500
#: Lines of one digest mail; the rest is counted, the centre lists everything.
DIGEST_LINES = 50
TITLE_LENGTH = 200


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


def notify_users(users, title, body="", url="", source=""):
    """Tell ``users`` something: one notification each in their centre, a mail now for those who want it at once.

    ``url`` is the page the notification leads to; ``source`` the plugin's
    name. Mails leave when the current transaction commits, never for work
    rolled back. Returns the notifications created.
    """
    users = [u for u in dict.fromkeys(users) if u is not None and u.is_active]
    notifications = Notification.objects.bulk_create(
        Notification(user=u, source=source[:40], title=str(title)[:TITLE_LENGTH], body=str(body), url=url[:300]) for u in users)
    silent = set(_users_preferring(users, (Frequency.DAILY, Frequency.NONE)))
    at_once = [n for n in notifications if n.user_id not in silent and n.user.email]
    if at_once:
        transaction.on_commit(lambda: _mail_now(at_once))
    return notifications


def _users_preferring(users, frequencies):
    return get_user_model().objects.filter(
        pk__in=[u.pk for u in users], notification_preference__frequency__in=frequencies).values_list("pk", flat=True)


def _mail_now(notifications):
    for notification in notifications:
        notify("mail", Message(notification.user.email, notification.title, _mail_body(notification)))
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(mailed_at=timezone.now())


def _mail_body(notification):
    link = f"\n\n{settings.WAGTAILADMIN_BASE_URL}{notification.url}" if notification.url else ""
    return f"{notification.body}{link}"


def send_digests():
    """The daily digest: one mail per person preferring it, listing what their centre received since the last one.

    Reads the notifications in user order with one streaming query, sends a
    batch of mails on one connection, then marks that batch in one UPDATE.
    Returns the number of mails sent.
    """
    pending = (Notification.objects.awaiting_digest().select_related("user").order_by("user_id", "created_at", "pk")
               .only("pk", "title", "url", "user__email", "user_id").iterator(chunk_size=2000))
    connection = get_connection()
    sent, batch, current, lines, pks = 0, [], None, [], []

    def close_user():
        if current is not None and current.email:
            batch.append(_digest_message(current, lines))

    def flush():
        nonlocal sent, batch, pks
        if batch:
            sent += connection.send_messages(batch) or 0
        Notification.objects.filter(pk__in=pks).update(mailed_at=timezone.now())
        batch, pks = [], []

    for notification in pending:
        if current is None or notification.user_id != current.pk:
            close_user()
            if len(batch) >= DIGEST_BATCH:
                flush()
            current, lines = notification.user, []
        lines.append(notification)
        pks.append(notification.pk)
    close_user()
    flush()
    return sent


def _digest_message(user, notifications):
    shown = [f"- {n.title}" + (f" : {settings.WAGTAILADMIN_BASE_URL}{n.url}" if n.url else "") for n in notifications[:DIGEST_LINES]]
    if len(notifications) > DIGEST_LINES:
        shown.append(_("… et %(count)d autres dans votre centre de notifications.") % {"count": len(notifications) - DIGEST_LINES})
    subject = _("Vos notifications du jour (%(count)d)") % {"count": len(notifications)}
    return EmailMessage(subject, "\n".join(shown), settings.DEFAULT_FROM_EMAIL, [user.email])


DAILY_DIGEST = PeriodicJob("logis.notifications.send_digests", "0 7 * * *", name="notifications-resume-quotidien",
                           description=gettext_lazy("Résumé quotidien des notifications à qui l'a choisi."))
