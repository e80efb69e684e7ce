"""Files only people with a right may read: stored outside the media root, served by a view that checked that right.

:class:`PrivateStorage` has no URL (``url()`` raises), so a template cannot
leak a public link; :func:`serve` answers with the headers that keep a browser
from running what it downloads. :func:`scan` hands the bytes to ClamAV when
``CLAMD_SOCKET`` (or ``CLAMD_HOST``/``CLAMD_PORT``) is set, and lets them
through otherwise: a deployment without an antivirus says so in its settings.
"""

import os
import socket
import struct

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.translation import gettext as _

CLAMD_CHUNK = 64 * 1024
CLAMD_TIMEOUT = 30


class PrivateStorage(FileSystemStorage):
    """Files under ``LOGIS_PRIVATE_FILES_ROOT``, read when used (tests move it), with no public URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.LOGIS_PRIVATE_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a permission-checked view.")


def private_storage():
    return PrivateStorage()


def serve(fieldfile, filename, content_type, inline=False):
    """The file as a download (``inline`` only for types a browser shows without running anything)."""
    response = FileResponse(fieldfile.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


class Infected(ValueError):
    """The antivirus found something; the message names it, in French."""


class ScannerUnavailable(RuntimeError):
    """An antivirus is configured but did not answer: refuse the file rather than let it through unchecked."""


def antivirus_configured():
    return bool(getattr(settings, "CLAMD_SOCKET", "") or getattr(settings, "CLAMD_HOST", ""))


def _clamd_connection():
    if settings.CLAMD_SOCKET:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        connection.settimeout(CLAMD_TIMEOUT)
        connection.connect(settings.CLAMD_SOCKET)
        return connection
    return socket.create_connection((settings.CLAMD_HOST, settings.CLAMD_PORT), timeout=CLAMD_TIMEOUT)


def scan(data):
    """Raise :class:`Infected` when ClamAV (INSTREAM) finds something in ``data``; do nothing when none is configured."""
    if not antivirus_configured():
        return
    try:
        with _clamd_connection() as connection:
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CLAMD_CHUNK):
                chunk = data[start:start + CLAMD_CHUNK]
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                answer += part
    except OSError as error:
        raise ScannerUnavailable(_("L'antivirus ne répond pas : le fichier n'a pas été accepté.")) from error
    answer = answer.rstrip(b"\0").decode("utf-8", "replace")
    if answer.endswith("FOUND"):
        raise Infected(_("L'antivirus a détecté un contenu malveillant (%(name)s).") % {
            "name": answer.split(":", 1)[-1].removesuffix("FOUND").strip()})
    if not answer.endswith("OK"):
        raise ScannerUnavailable(_("L'antivirus n'a pas pu analyser le fichier : il n'a pas été accepté."))
