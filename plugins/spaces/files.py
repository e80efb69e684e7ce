"""What a file must be to enter a space: a known type read from its content, a bounded size, a clean scan.

The type comes from the bytes (``filetype``), never from the name or the
browser's claim, and the name's extension must agree with it: a program renamed
``.pdf`` is refused. Office files are zip archives: their members' total
uncompressed size and count are bounded (zip bombs). The name kept for the
download is reduced to a plain base name. ClamAV scans when configured
(:func:`logis.private_files.scan`).
"""

import hashlib
import io
import os
import unicodedata
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from logis.private_files import Infected, ScannerUnavailable, scan

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024
ZIP_MAX_MEMBERS = 5000
ZIP_MAX_RATIO = 200
NAME_LENGTH = 150

# extension → MIME types the content may show (ODF and OOXML are zip archives to ``filetype``).
ACCEPTED = {
    "pdf": {"application/pdf"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"}, "jpeg": {"image/jpeg"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
    "docx": {"application/zip", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/zip", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "pptx": {"application/zip", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
    "odt": {"application/zip", "application/vnd.oasis.opendocument.text"},
    "ods": {"application/zip", "application/vnd.oasis.opendocument.spreadsheet"},
    "odp": {"application/zip", "application/vnd.oasis.opendocument.presentation"},
    "txt": {None}, "csv": {None},
}
CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    "webp": "image/webp", "txt": "text/plain; charset=utf-8", "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
OFFICE = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}
#: Shown in the browser rather than downloaded: nothing in them runs (PDF and images; the view sandboxes them).
PREVIEWABLE = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


class FileRefused(ValueError):
    """The file may not enter the space; the message says why, in French."""


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    data: bytes
    sha256: str


def max_bytes():
    return getattr(settings, "SPACES_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)


def safe_name(name):
    """A plain base name: no directory (``../``, ``C:\\``), no control characters, bounded, never empty."""
    base = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable())
    root, ext = os.path.splitext(get_valid_filename(base.strip(". ")) if base.strip(". ") else "fichier")
    return f"{root[:NAME_LENGTH - len(ext)]}{ext.lower()}"


def check(name, data):
    """The file as it will be stored, once name, type, size, archive and scan agree; :class:`FileRefused` otherwise."""
    name = safe_name(name)
    if not data:
        raise FileRefused(_("Le fichier est vide."))
    if len(data) > max_bytes():
        raise FileRefused(_("Le fichier dépasse la taille maximale de %(size)d Mo.") % {"size": max_bytes() // (1024 * 1024)})
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ACCEPTED:
        raise FileRefused(_("Type de fichier non accepté : PDF, images, documents et tableurs bureautiques, texte."))
    kind = filetype.guess(data)
    found = kind.mime if kind else None
    if found not in ACCEPTED[extension] or (found is None and not _is_text(data)):
        raise FileRefused(_("Le contenu du fichier ne correspond pas à son extension .%(ext)s.") % {"ext": extension})
    if extension in OFFICE:
        _check_archive(data)
    try:
        scan(data)
    except (Infected, ScannerUnavailable) as error:
        raise FileRefused(str(error)) from error
    return CheckedFile(name, CONTENT_TYPES[extension], data, hashlib.sha256(data).hexdigest())


def _is_text(data):
    try:
        data[:65536].decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < 65536 - 4:  # a character cut by the sample's end is fine
            return False
    return b"\x00" not in data[:65536]


def _check_archive(data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise FileRefused(_("Le document bureautique est endommagé.")) from None
    total = sum(m.file_size for m in members)
    if len(members) > ZIP_MAX_MEMBERS or total > ZIP_MAX_UNCOMPRESSED or total > ZIP_MAX_RATIO * max(len(data), 1):
        raise FileRefused(_("Le document se décompresse en un volume anormal : il est refusé."))
