"""A reply's attachment from the thread page: checked like any upload, kept with the space's documents, served to members only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from plugins.spaces.discussions import ATTACHMENTS_FOLDER
from plugins.spaces.models import DocumentVersion, Post, Visibility

from .conftest import PDF

pytestmark = pytest.mark.django_db
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def reply(client, space, thread, name, data, body="Voici le fichier"):
    return client.post(f"/espaces/{space.slug}/discussions/{thread.pk}/",
                       {"body": body, "attachment": SimpleUploadedFile(name, data, content_type="application/pdf")})


def test_a_member_attaches_a_file_to_a_reply_and_members_download_it(client, space, people, filled):
    thread = filled["thread"]
    client.force_login(people["alice"])
    assert reply(client, space, thread, "../../planning.pdf", PDF).status_code == 302
    post = Post.objects.get(thread=thread, body="Voici le fichier")
    version = post.attachment
    assert (version.original_name, version.document.folder, version.document.space) == ("planning.pdf", ATTACHMENTS_FOLDER, space)
    page = client.get(f"/espaces/{space.slug}/discussions/{thread.pk}/").content.decode()
    assert f"/espaces/{space.slug}/fichiers/{version.pk}/" in page
    detail = client.get(f"/api/spaces/{space.slug}/discussions/{thread.pk}").json()
    assert detail["posts"][-1]["attachment_url"] == f"/espaces/{space.slug}/fichiers/{version.pk}/"
    client.force_login(people["bruno"])
    download = client.get(f"/espaces/{space.slug}/fichiers/{version.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.parametrize("who", ["outsider", "liege", "expired", "revoked", "nobody"])
def test_a_non_member_neither_attaches_nor_downloads(client, space, people, filled, who):
    thread = filled["thread"]
    client.force_login(people["alice"])
    reply(client, space, thread, "planning.pdf", PDF)
    version = Post.objects.get(thread=thread, body="Voici le fichier").attachment
    client.force_login(people[who])
    assert reply(client, space, thread, "autre.pdf", PDF, body="intrus").status_code == 404
    assert client.get(f"/espaces/{space.slug}/fichiers/{version.pk}/").status_code == 404
    assert not Post.objects.filter(body="intrus").exists()
    assert not DocumentVersion.objects.filter(original_name="autre.pdf").exists()


def test_a_reader_of_an_open_space_must_join_before_attaching(client, space, people, filled):
    space.visibility = Visibility.OPEN
    space.save()
    client.force_login(people["outsider"])
    assert reply(client, space, filled["thread"], "autre.pdf", PDF).status_code == 403
    assert not DocumentVersion.objects.filter(original_name="autre.pdf").exists()


def test_a_refused_attachment_keeps_the_reply_unsent_with_a_french_reason(client, space, people, filled, settings):
    thread = filled["thread"]
    client.force_login(people["alice"])
    response = reply(client, space, thread, "programme.pdf", EXE)
    assert response.status_code == 200
    assert "ne correspond pas à son extension" in response.content.decode()
    settings.SPACES_MAX_UPLOAD_BYTES = 10
    response = reply(client, space, thread, "planning.pdf", PDF)
    assert "dépasse la taille maximale" in response.content.decode()
    assert not Post.objects.filter(body="Voici le fichier").exists()
    assert DocumentVersion.objects.filter(document__folder=ATTACHMENTS_FOLDER).count() == 0


def test_a_reply_without_attachment_still_goes_through(client, space, people, filled):
    client.force_login(people["alice"])
    client.post(f"/espaces/{space.slug}/discussions/{filled['thread'].pk}/", {"body": "Sans fichier"})
    assert Post.objects.get(body="Sans fichier").attachment is None
