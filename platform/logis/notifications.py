"""Reaching people through channels: mail in the core, SMS or post from plugins.

The Imhoweb seed's lesson: one message, several channels (courrier, mail,
SMS), each send traced. A channel is a code, a label and a ``send`` function;
plugins add channels with the ``logis_notification_channels`` hook.
"""

from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logis.plugins import collect


@dataclass(frozen=True)
class Message:
    recipient: str                # an address, a phone number, a postal address
    subject: str
    body: str


@dataclass(frozen=True)
class Channel:
    code: str                     # "mail", "sms", "post"...
    label: str
    send: Callable                # (Message) -> None; raises on failure


def _send_mail(message):
    send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])


MAIL = Channel("mail", gettext_lazy("Courriel"), _send_mail)


class UnknownChannel(LookupError):
    pass


def channels():
    found = {}
    for channel in [MAIL, *collect("logis_notification_channels")]:
        found.setdefault(channel.code, channel)
    return found


def notify(channel_code, message):
    """Send ``message`` through the channel ``channel_code``."""
    channel = channels().get(channel_code)
    if channel is None:
        raise UnknownChannel(_("Canal de notification inconnu : %(code)s.") % {"code": channel_code})
    channel.send(message)
    return channel
