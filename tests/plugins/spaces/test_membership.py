"""Membership is the scoping rule: a non-member learns nothing of a space, on any URL, in any list or search."""

import pytest
from tests.plugins.spaces.conftest import refusal


pytestmark = pytest.mark.django_db


def urls(space, filled):
    slug, thread, version, document, ticket = space.slug, filled["thread"], filled["version"], filled["document"], filled["ticket"]
    return [
        f"/espaces/{slug}/", f"/espaces/{slug}/discussions/{thread.pk}/", f"/espaces/{slug}/documents/{document.pk}/",
        f"/espaces/{slug}/fichiers/{version.pk}/", f"/espaces/{slug}/demandes/{ticket.number}/",
        f"/api/spaces/{slug}", f"/api/spaces/{slug}/membres", f"/api/spaces/{slug}/documents",
        f"/api/spaces/{slug}/documents/{document.pk}/versions", f"/api/spaces/{slug}/discussions",
        f"/api/spaces/{slug}/discussions/{thread.pk}", f"/api/spaces/{slug}/agenda", f"/api/spaces/{slug}/demandes",
    ]


def writes(space, filled):
    slug, thread = space.slug, filled["thread"]
    return [
        (f"/api/spaces/{slug}/discussions", {"title": "x", "body": "y"}),
        (f"/api/spaces/{slug}/discussions/{thread.pk}/messages", {"body": "y"}),
        (f"/api/spaces/{slug}/discussions/{thread.pk}/resolution", {"resolved": True}),
        (f"/api/spaces/{slug}/membres", {"username": "outsider"}),
        (f"/api/spaces/{slug}/demandes", {"title": "x"}),
        (f"/espaces/{slug}/discussions/nouvelle/", None),
        (f"/espaces/{slug}/discussions/{thread.pk}/resolution/", None),
    ]


def test_a_member_reads_every_page_of_the_space(client, people, space, filled):
    client.force_login(people["alice"])
    for url in urls(space, filled):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["outsider", "liege", "expired", "revoked", "nobody"])
def test_a_non_member_gets_404_on_every_url_and_write(client, people, space, filled, who):
    client.force_login(people[who])
    for url in urls(space, filled):
        assert client.get(url).status_code == refusal(who, url), url
    for url, payload in writes(space, filled):
        response = client.post(url, payload or {}, content_type="application/json") if url.startswith("/api/") else client.post(url, {})
        assert response.status_code == refusal(who, url), url
    assert filled["thread"].posts.count() == 1


@pytest.mark.parametrize("who", ["outsider", "liege", "expired", "revoked", "nobody"])
def test_a_non_member_sees_no_name_of_a_private_space(client, people, space, who):
    client.force_login(people[who])
    assert space.name not in client.get("/espaces/").content.decode()
    listing = client.get("/api/spaces/")
    assert listing.json() == [] if who in ("outsider", "liege") else listing.status_code == 403  # no current role: refused


def test_a_guessed_slug_or_id_answers_like_an_unknown_one(client, people, space, filled):
    client.force_login(people["outsider"])
    unknown = client.get("/api/spaces/nexiste-pas").json()
    assert client.get(f"/api/spaces/{space.slug}").json() == unknown
    assert client.get(f"/api/spaces/{'x' * 81}").status_code in (404, 422)
    client.force_login(people["alice"])
    assert client.get(f"/espaces/{space.slug}/fichiers/99999999999999999999/").status_code == 404
    assert client.get(f"/api/spaces/{space.slug}/discussions/99999999999999999999").status_code in (404, 422)


def test_a_member_of_another_space_cannot_reach_this_one_through_its_own_ids(client, people, space, filled, demo_territories):
    from plugins.spaces.rules import add_member, create_space

    other = create_space(people["lead"], "Autre", demo_territories.territory("FR/84/69"), demo_territories.organisation("DDETS du Rhône"))
    add_member(other, user=people["outsider"])
    client.force_login(people["outsider"])
    assert client.get(f"/espaces/{other.slug}/fichiers/{filled['version'].pk}/").status_code == 404
    assert client.get(f"/espaces/{other.slug}/discussions/{filled['thread'].pk}/").status_code == 404
    assert client.get(f"/api/spaces/{other.slug}/discussions/{filled['thread'].pk}").status_code == 404


def test_a_whole_organisation_may_be_member_and_an_open_space_is_read_by_all_participants(client, people, space, demo_territories):
    from plugins.spaces.models import Visibility
    from plugins.spaces.rules import add_member

    client.force_login(people["outsider"])
    add_member(space, organisation=demo_territories.organisation("Ville de Villeurbanne"))
    assert client.get(f"/api/spaces/{space.slug}").status_code == 200
    space.memberships.filter(organisation__isnull=False).delete()
    space.visibility = Visibility.OPEN
    space.save()
    assert client.get(f"/api/spaces/{space.slug}").status_code == 200
    response = client.post(f"/api/spaces/{space.slug}/discussions", {"title": "x", "body": "y"}, content_type="application/json")
    assert response.status_code == 403  # reads an open space, writes only once a member


def test_a_listed_space_shows_its_name_but_nothing_inside(client, people, space):
    from plugins.spaces.models import Visibility

    space.visibility = Visibility.LISTED
    space.save()
    client.force_login(people["outsider"])
    assert space.name in client.get("/espaces/").content.decode()
    assert client.get(f"/espaces/{space.slug}/").status_code == 404


def test_only_moderators_add_members_or_publish_announcements(client, people, space):
    client.force_login(people["alice"])
    assert client.post(f"/api/spaces/{space.slug}/membres", {"username": "outsider"}, content_type="application/json").status_code == 403
    response = client.post(f"/api/spaces/{space.slug}/discussions", {"title": "x", "body": "y", "kind": "announcement"},
                           content_type="application/json")
    assert response.status_code == 403
    client.force_login(people["lead"])
    assert client.post(f"/api/spaces/{space.slug}/membres", {"username": "outsider"}, content_type="application/json").status_code == 201
    client.force_login(people["outsider"])
    assert client.get(f"/api/spaces/{space.slug}").status_code == 200


def test_a_lead_creates_spaces_only_in_their_territory(client, people, demo_territories):
    client.force_login(people["lead"])
    org = demo_territories.organisation("DDETS du Rhône").pk
    inside = {"name": "Veille", "territory_id": demo_territories.territory("FR/84/69/69123").pk, "organisation_id": org}
    assert client.post("/api/spaces/", inside, content_type="application/json").status_code == 201
    outside = {**inside, "territory_id": demo_territories.territory("FR/84/38").pk}
    assert client.post("/api/spaces/", outside, content_type="application/json").status_code == 404  # as an unknown territory
    client.force_login(people["alice"])
    assert client.post("/api/spaces/", inside, content_type="application/json").status_code == 403


def test_the_member_pages_let_a_lead_open_a_space_and_a_moderator_add_a_member(client, people, space, demo_territories):
    client.force_login(people["alice"])
    assert client.get("/espaces/nouveau/").status_code == 403
    assert client.post(f"/espaces/{space.slug}/membres/", {"username": "outsider"}).status_code == 403
    client.force_login(people["outsider"])
    assert client.post(f"/espaces/{space.slug}/membres/", {"username": "outsider"}).status_code == 404
    client.force_login(people["lead"])
    form = {"name": "Veille", "territory": demo_territories.territory("FR/84/69").pk, "visibility": "private",
            "organisation": demo_territories.organisation("DDETS du Rhône").pk}
    assert client.post("/espaces/nouveau/", {**form, "territory": demo_territories.territory("FR/84/38").pk}).status_code == 200
    assert client.post("/espaces/nouveau/", form).url == "/espaces/veille/"
    client.post(f"/espaces/{space.slug}/membres/", {"username": "nobody"})  # holds no role: not added
    client.post(f"/espaces/{space.slug}/membres/", {"username": "outsider"})
    assert set(space.memberships.values_list("user__username", flat=True)) >= {"outsider"}
    assert not space.memberships.filter(user__username="nobody").exists()
