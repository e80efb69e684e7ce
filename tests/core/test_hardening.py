"""Hostile bodies on screens Logis does not own (Wagtail's redirects, sites, groups; snippets' choosers and Draftail):
a re-displayed form with French errors, never a 500, nothing written — the fuzzer's findings, each pinned here."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from content.models import GlossaryTerm, Theme

pytestmark = pytest.mark.django_db
BEYOND_64_BITS = str(2**70)


@pytest.fixture
def admin_client():
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.create_superuser("racine-durcie", "racine@example.org", "mot-de-passe-42"))
    return client


@pytest.mark.parametrize("hostile", ["abc", BEYOND_64_BITS, "-1", "1.5"])
def test_a_chooser_given_a_hostile_id_redisplays_the_form(admin_client, hostile):
    counts = (Redirect.objects.count(), Site.objects.count(), Theme.objects.count())
    for url, body in [("/admin/redirects/add/", {"old_path": "/ancienne/", "redirect_page": hostile, "site": hostile}),
                      ("/admin/sites/new/", {"hostname": "", "port": "abc", "root_page": hostile}),
                      ("/admin/snippets/content/theme/add/", {"name": "", "slug": "", "parent": hostile})]:
        response = admin_client.post(url, body)
        assert response.status_code == 200, (url, response.status_code)
    assert (Redirect.objects.count(), Site.objects.count(), Theme.objects.count()) == counts


def test_ids_beyond_64_bits_in_a_multiple_choice_are_an_invalid_choice(admin_client):
    response = admin_client.post("/admin/groups/new/", {"name": "Groupe témoin", "permissions": [BEYOND_64_BITS, "1"],
                                                        **{f"{p}_permissions-TOTAL_FORMS": "0" for p in ("page", "collection", "document", "image")},
                                                        **{f"{p}_permissions-INITIAL_FORMS": "0" for p in ("page", "collection", "document", "image")}})
    assert response.status_code == 200
    assert not Group.objects.filter(name="Groupe témoin").exists()


@pytest.mark.parametrize("body,kept", [("Une définition tapée sans l'éditeur", "<p>Une définition tapée sans l&#x27;éditeur</p>"),
                                       ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
                                       ("[]", "<p>[]</p>"), ('{"blocks": "x"}', None)])
def test_a_rich_text_body_that_is_not_draftail_s_is_kept_as_text_never_a_500(admin_client, body, kept):
    response = admin_client.post("/admin/snippets/content/glossaryterm/add/", {"term": "Terme témoin", "slug": "terme-temoin",
                                                                               "definition": body})
    assert response.status_code in (200, 302), response.status_code
    term = GlossaryTerm.objects.filter(term="Terme témoin").first()
    assert term is not None
    if kept:
        assert term.definition == kept


def test_draftail_s_own_content_still_goes_through(admin_client):
    state = {"blocks": [{"key": "a", "type": "unstyled", "depth": 0, "text": "Définition", "inlineStyleRanges": [],
                         "entityRanges": []}], "entityMap": {}}
    admin_client.post("/admin/snippets/content/glossaryterm/add/", {"term": "Terme éditeur", "slug": "terme-editeur",
                                                                    "definition": json.dumps(state)})
    assert GlossaryTerm.objects.get(term="Terme éditeur").definition == '<p data-block-key="a">Définition</p>'
