"""SMS: how many segments a text costs, and the provider that sends it.

A text written only with the GSM 03.38 alphabet (GSM-7) fits 160 characters
in one SMS, 153 per segment beyond (the extension characters ``€[]{}|^~\\``
count twice); any other character (``œ``, an emoji, most accented capitals)
switches the whole text to UCS-2: 70 characters, 67 per segment beyond.
Providers: a file backend for development (one JSON line per SMS) and Brevo's
transactional SMS HTTP API (``POST /v3/transactionalSMS/send``), chosen by
``settings.LOGIS_SMS["BACKEND"]``.
"""

import json
import math
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")
#: Longest text accepted for one send: 10 segments is already a letter.
MAX_SEGMENTS = 10


@dataclass(frozen=True)
class SmsCount:
    encoding: str        # "GSM-7" or "UCS-2"
    characters: int      # in encoding units (GSM-7 extension characters count 2; UCS-2 counts UTF-16 units)
    segments: int


def count(text):
    """Encoding, length and number of segments of ``text``: what the sender sees before sending."""
    if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text):
        units = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        single, multi, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, multi, encoding = 70, 67, "UCS-2"
    segments = 0 if units == 0 else 1 if units <= single else math.ceil(units / multi)
    return SmsCount(encoding, units, segments)


class SmsError(RuntimeError):
    """The provider refused or could not be reached: the sender falls back to another channel."""


def _check(number, text):
    if not number.startswith("+") or not number[1:].isdigit() or not 8 <= len(number) <= 16:
        raise SmsError(_("Numéro de mobile invalide pour un SMS : %(number)s.") % {"number": number[:20]})
    counted = count(text)
    if counted.segments == 0 or counted.segments > MAX_SEGMENTS:
        raise SmsError(_("Un SMS doit faire entre 1 et %(max)d segments.") % {"max": MAX_SEGMENTS})
    return counted


class FileBackend:
    """Development: each SMS is appended as a JSON line to ``DIRECTORY/sms.jsonl``."""

    def send(self, number, text, config):
        counted = _check(number, text)
        directory = Path(config["DIRECTORY"])
        directory.mkdir(parents=True, exist_ok=True)
        line = {"id": uuid.uuid4().hex, "to": number, "text": text, "encoding": counted.encoding,
                "segments": counted.segments, "at": timezone.now().isoformat()}
        with open(directory / "sms.jsonl", "a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return line["id"]


class BrevoBackend:
    """Brevo transactional SMS: JSON body, ``api-key`` header, number without its ``+``; answers ``messageId``."""

    def send(self, number, text, config):
        counted = _check(number, text)
        body = {"sender": config["SENDER"][:11], "recipient": number[1:], "content": text, "type": "transactional",
                "unicodeEnabled": counted.encoding == "UCS-2"}
        try:
            response = requests.post(config["URL"], json=body, timeout=config["TIMEOUT"],
                                     headers={"api-key": config["API_KEY"], "accept": "application/json"})
        except requests.RequestException as exc:
            raise SmsError(_("Fournisseur SMS injoignable : %(error)s.") % {"error": exc.__class__.__name__}) from exc
        if response.status_code >= 300:
            raise SmsError(_("Le fournisseur SMS a refusé l'envoi (HTTP %(status)d).") % {"status": response.status_code})
        try:
            return str(response.json()["messageId"])
        except (ValueError, KeyError, TypeError) as exc:
            raise SmsError(_("Réponse du fournisseur SMS illisible.")) from exc


BACKENDS = {"file": FileBackend, "brevo": BrevoBackend}


def send_sms(number, text):
    """Send one SMS through the configured provider; its message id, or :class:`SmsError`."""
    config = settings.LOGIS_SMS
    backend = BACKENDS.get(config["BACKEND"])
    if backend is None:
        raise SmsError(_("Fournisseur SMS inconnu : %(name)s.") % {"name": config["BACKEND"]})
    backend().send(number, text, config)
