"""Wiki pages: members read, the author and moderators edit, every save is a revision that can be restored; non-members get 404."""

import pytest

from plugins.spaces import wiki
from plugins.spaces.models import WikiPage, WikiRevision
from tests.plugins.spaces.conftest import refusal

pytestmark = pytest.mark.django_db

FIRST = "<h2>Permanences</h2><p>Le <b>lundi</b> matin.</p><ul><li>Lyon</li><li>Villeurbanne</li></ul><script>alert(1)</script>"


def api(client, method, url, payload=None):
    return getattr(client, method)(url, payload, content_type="application/json")


@pytest.fixture
def page(space, people):
    return wiki.create_page(space, people["alice"], "Permanences", FIRST)


def test_typed_html_becomes_heading_and_text_blocks_through_the_whitelist():
    blocks = wiki.blocks_from_html('<h1>Titre</h1><p onclick="x">a <a href="javascript:x">b</a></p><h4>Sous</h4><script>x</script>')
    assert [b["type"] for b in blocks] == ["heading", "paragraph", "heading"]
    assert blocks[0]["value"] == {"level": "h2", "text": "Titre"} and blocks[2]["value"]["level"] == "h3"
    assert "onclick" not in blocks[1]["value"] and "javascript" not in blocks[1]["value"]
    plain = wiki.blocks_from_html("une ligne\n\ndeux & trois")  # plain text: blank lines part paragraphs
    assert len(plain) == 1 and "<p>une ligne</p>" in plain[0]["value"] and "<p>deux &amp; trois</p>" in plain[0]["value"]
    assert wiki.blocks_from_html(wiki.html_from_blocks(WikiPage(body=blocks).body)) == blocks  # the edit form reads back the same


def test_a_member_writes_a_page_and_each_save_is_a_revision(client, space, people):
    client.force_login(people["alice"])
    created = api(client, "post", f"/api/spaces/{space.slug}/pages", {"title": "Permanences", "html": FIRST})
    assert created.status_code == 201, created.content
    page = created.json()
    assert [b["type"] for b in page["body"]] == ["heading", "paragraph"] and page["revision"] == 1
    assert "<h2>Permanences</h2>" in page["html"] and "<script>" not in page["html"] and "alert" not in page["html"]
    url = f"/api/spaces/{space.slug}/pages/{page['id']}"
    changed = api(client, "put", url, {"title": "Permanences", "html": FIRST.replace("lundi", "mardi")}).json()
    assert changed["revision"] == 2
    assert [r["number"] for r in client.get(f"{url}/revisions").json()] == [2, 1]
    second = client.get(f"{url}/revisions/2").json()
    assert second["author"] == "alice"
    assert ("-", "Le lundi matin.") in {(c["sign"], c["line"]) for c in second["changes"]}
    assert ("+", "Le mardi matin.") in {(c["sign"], c["line"]) for c in second["changes"]}


def test_members_read_and_only_the_author_or_a_moderator_edits(client, space, people, page):
    url = f"/api/spaces/{space.slug}/pages/{page.pk}"
    client.force_login(people["bruno"])
    assert client.get(url).json()["may_edit"] is False
    assert api(client, "put", url, {"title": "x", "html": "y"}).status_code == 403
    assert api(client, "post", f"{url}/revisions/1/restauration").status_code == 403
    assert client.get(f"/espaces/{space.slug}/pages/{page.pk}/modifier/").status_code == 403
    client.force_login(people["lead"])  # moderator of the space
    assert api(client, "put", url, {"title": "Permanences", "html": "Mise à jour"}).status_code == 200
    assert WikiRevision.objects.filter(page=page).count() == 2


def test_restoring_an_old_revision_saves_it_again_as_the_newest(client, space, people, page):
    wiki.edit_page(page, people["alice"], "Horaires", "Plus rien")
    client.force_login(people["alice"])
    restored = api(client, "post", f"/api/spaces/{space.slug}/pages/{page.pk}/revisions/1/restauration").json()
    assert (restored["title"], restored["revision"]) == ("Permanences", 3)
    assert "<b>lundi</b>" in restored["html"]
    newest = WikiRevision.objects.get(page=page, number=3)
    assert newest.restored_from == 1 and newest.author == people["alice"]
    assert list(page.revisions.values_list("number", flat=True)) == [3, 2, 1]  # nothing rewritten


def test_a_title_already_taken_is_a_french_refusal_not_a_server_error(client, space, people, page):
    client.force_login(people["bruno"])
    response = api(client, "post", f"/api/spaces/{space.slug}/pages", {"title": "Permanences", "html": "x"})
    assert response.status_code == 422 and "existe déjà" in response.json()["detail"]
    response = client.post(f"/espaces/{space.slug}/pages/nouvelle/", {"title": "Permanences", "html": "x"})
    assert response.status_code == 200 and "existe déjà" in response.content.decode()


def test_the_screens_write_edit_list_revisions_show_changes_and_restore(client, space, people):
    client.force_login(people["alice"])
    response = client.post(f"/espaces/{space.slug}/pages/nouvelle/", {"title": "Guide", "html": "<h2>Début</h2><p>Bonjour</p>"})
    page = WikiPage.objects.get(space=space, title="Guide")
    assert response.url == f"/espaces/{space.slug}/pages/{page.pk}/"
    assert "<h2>Début</h2>" in client.get(response.url).content.decode()
    assert "Guide" in client.get(f"/espaces/{space.slug}/").content.decode()
    edit = client.get(f"/espaces/{space.slug}/pages/{page.pk}/modifier/").content.decode()
    assert "&lt;h2&gt;Début&lt;/h2&gt;" in edit  # the textarea holds the page as typed
    client.post(f"/espaces/{space.slug}/pages/{page.pk}/modifier/", {"title": "Guide", "html": "<h2>Début</h2><p>Au revoir</p>"})
    listing = client.get(f"/espaces/{space.slug}/pages/{page.pk}/revisions/").content.decode()
    assert "alice" in listing and f"/pages/{page.pk}/revisions/2/" in listing
    changes = client.get(f"/espaces/{space.slug}/pages/{page.pk}/revisions/2/").content.decode()
    assert "<del>− Bonjour</del>" in changes and "<ins>+ Au revoir</ins>" in changes
    client.post(f"/espaces/{space.slug}/pages/{page.pk}/revisions/1/restaurer/")
    assert "Bonjour" in client.get(f"/espaces/{space.slug}/pages/{page.pk}/").content.decode()


@pytest.mark.parametrize("who", ["outsider", "liege", "expired", "revoked", "nobody"])
def test_a_non_member_gets_404_on_every_wiki_url_and_write(client, space, people, page, who):
    base, screens = f"/api/spaces/{space.slug}/pages", f"/espaces/{space.slug}/pages"
    client.force_login(people[who])
    for url in (base, f"{base}/{page.pk}", f"{base}/{page.pk}/revisions", f"{base}/{page.pk}/revisions/1",
                f"{screens}/nouvelle/", f"{screens}/{page.pk}/", f"{screens}/{page.pk}/modifier/", f"{screens}/{page.pk}/revisions/",
                f"{screens}/{page.pk}/revisions/1/"):
        assert client.get(url).status_code == refusal(who, url), url
    assert api(client, "post", base, {"title": "x", "html": "y"}).status_code == refusal(who, base)
    assert api(client, "put", f"{base}/{page.pk}", {"title": "x", "html": "y"}).status_code == refusal(who, base)
    assert api(client, "post", f"{base}/{page.pk}/revisions/1/restauration").status_code == refusal(who, base)
    assert client.post(f"{screens}/{page.pk}/revisions/1/restaurer/").status_code == 404
    assert client.post(f"{screens}/nouvelle/", {"title": "x", "html": "y"}).status_code == 404
    assert WikiRevision.objects.filter(page=page).count() == 1 and WikiPage.objects.count() == 1


def test_a_page_of_another_space_is_not_reached_through_ones_own_space(client, space, people, page, demo_territories):
    from plugins.spaces.rules import add_member, create_space

    other = create_space(people["lead"], "Autre", demo_territories.territory("FR/84/69"), demo_territories.organisation("DDETS du Rhône"))
    add_member(other, user=people["outsider"])
    client.force_login(people["outsider"])
    assert client.get(f"/api/spaces/{other.slug}/pages/{page.pk}").status_code == 404
    assert client.get(f"/espaces/{other.slug}/pages/{page.pk}/").status_code == 404
    assert api(client, "post", f"/api/spaces/{other.slug}/pages/{page.pk}/revisions/1/restauration").status_code == 404


def test_members_only_find_wiki_pages(client, space, people, run_jobs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        wiki.create_page(space, people["alice"], "Procédure lampadaire", "<h2>Signaler</h2><p>Le lampadaire de la cour</p>")
    run_jobs()
    client.force_login(people["bruno"])
    assert [hit["title"] for hit in client.get("/api/search/?q=lampadaire").json()["results"]] == ["Procédure lampadaire"]
    for who in ("outsider", "liege", "expired", "revoked", "nobody"):
        client.force_login(people[who])
        assert client.get("/api/search/?q=lampadaire").json()["results"] == [], who
