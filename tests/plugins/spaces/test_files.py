"""Uploads: type read from the content, size bound, zip bombs, hostile names, ClamAV; files served to members only."""

import io
import os
import socket
import struct
import threading
import zipfile

import pytest

from plugins.spaces import documents
from plugins.spaces.files import FileRefused, check, safe_name

from .conftest import PDF

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def docx(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_new_upload_of_a_document_is_kept_as_its_next_version(space, people):
    first = documents.upload(space, people["alice"], "cr.pdf", PDF, title="Compte rendu")
    second = documents.upload(space, people["bruno"], "cr-corrige.pdf", PDF + b"%v2", document=first.document)
    assert (first.number, second.number) == (1, 2)
    assert [v.number for v in first.document.versions.all()] == [2, 1]
    assert second.uploaded_by == people["bruno"] and second.original_name == "cr-corrige.pdf"
    assert first.file.read() == PDF


@pytest.mark.parametrize("name,data,message", [
    ("programme.pdf", EXE, "ne correspond pas"),
    ("image.png", PDF, "ne correspond pas"),
    ("note.txt", EXE, "ne correspond pas"),
    ("script.exe", EXE, "non accepté"),
    ("page.html", b"<script>alert(1)</script>", "non accepté"),
    ("vide.pdf", b"", "vide"),
    ("classeur.xlsx", PDF, "ne correspond pas"),
])
def test_a_file_whose_content_does_not_match_its_name_is_refused(name, data, message):
    with pytest.raises(FileRefused, match=message):
        check(name, data)


def test_an_oversized_file_is_refused(settings):
    settings.SPACES_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(FileRefused, match="taille maximale"):
        check("gros.pdf", PDF + b"0" * 1000)


def test_a_zip_bomb_dressed_as_an_office_file_is_refused():
    bomb = docx({"word/document.xml": b"0" * (50 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(FileRefused, match="volume anormal"):
        check("rapport.docx", bomb)
    with pytest.raises(FileRefused, match="endommagé"):
        check("rapport.docx", b"PK\x03\x04" + b"\x00" * 100)


def test_a_plain_office_file_is_accepted():
    assert check("rapport.docx", docx({"word/document.xml": b"<w:document/>"})).content_type.endswith("document")
    assert check("photo.png", PNG).content_type == "image/png"
    assert check("notes.txt", "Réunion à 10 h".encode()).content_type.startswith("text/plain")


@pytest.mark.parametrize("hostile,expected", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\system.ini.pdf", "system.ini.pdf"),
    ("/var/www/index.pdf", "index.pdf"),
    ("compte rendu\x00.pdf", "compte_rendu.pdf"),
    ("....pdf", "pdf"),
    ("", "fichier"),
])
def test_a_hostile_name_becomes_a_plain_base_name(hostile, expected):
    assert safe_name(hostile) == expected


def test_a_traversal_name_is_stored_inside_the_private_root(space, people, settings):
    version = documents.upload(space, people["alice"], "../../../../tmp/evil.pdf", PDF)
    root = os.path.realpath(settings.LOGIS_PRIVATE_FILES_ROOT)
    assert os.path.realpath(version.file.path).startswith(root + os.sep)
    assert version.original_name == "evil.pdf"
    with pytest.raises(ValueError):
        version.file.url  # no public URL, ever


def test_a_member_downloads_through_the_checked_view_with_safe_headers(client, space, people, filled):
    version = filled["version"]
    client.force_login(people["bruno"])
    response = client.get(f"/espaces/{space.slug}/fichiers/{version.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment")
    preview = client.get(f"/espaces/{space.slug}/fichiers/{version.pk}/?apercu=1")
    assert preview["Content-Disposition"].startswith("inline")
    client.force_login(people["outsider"])
    assert client.get(f"/espaces/{space.slug}/fichiers/{version.pk}/").status_code == 404


def test_the_api_refuses_a_renamed_program_with_a_french_message(client, space, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["alice"])
    response = client.post(f"/api/spaces/{space.slug}/documents", {"file": SimpleUploadedFile("facture.pdf", EXE)})
    assert response.status_code == 422
    assert "ne correspond pas" in response.json()["detail"]
    response = client.post(f"/api/spaces/{space.slug}/documents", {"file": SimpleUploadedFile("cr.pdf", PDF), "title": "CR"})
    assert response.status_code == 201 and response.json()["number"] == 1


class FakeClamd:
    """A real Unix-socket server speaking clamd's INSTREAM protocol: answers FOUND when the stream holds ``EICAR``."""

    def __init__(self, path):
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(4)
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            with connection:
                data = b""
                while not data.startswith(b"zINSTREAM\0"):
                    data += connection.recv(10)
                stream, buffer = b"", data[len(b"zINSTREAM\0"):]
                while True:
                    while len(buffer) < 4:
                        buffer += connection.recv(65536)
                    size = struct.unpack("!L", buffer[:4])[0]
                    buffer = buffer[4:]
                    if size == 0:
                        break
                    while len(buffer) < size:
                        buffer += connection.recv(65536)
                    stream, buffer = stream + buffer[:size], buffer[size:]
                verdict = b"stream: Eicar-Test-Signature FOUND\0" if b"EICAR" in stream else b"stream: OK\0"
                connection.sendall(verdict)

    def close(self):
        self.server.close()


def test_clamav_refuses_an_infected_file_and_lets_a_clean_one_through(settings, tmp_path):
    path = str(tmp_path / "clamd.sock")
    clamd = FakeClamd(path)
    settings.CLAMD_SOCKET = path
    try:
        with pytest.raises(FileRefused, match="Eicar-Test-Signature"):
            check("virus.txt", b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")
        assert check("cr.pdf", PDF).name == "cr.pdf"
    finally:
        clamd.close()


def test_an_unreachable_antivirus_refuses_rather_than_lets_through(settings, tmp_path):
    settings.CLAMD_SOCKET = str(tmp_path / "absent.sock")
    with pytest.raises(FileRefused, match="antivirus ne répond pas"):
        check("cr.pdf", PDF)
