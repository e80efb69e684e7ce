"""/api/listings/: public reads of what is on line only; management routes scoped to the publisher's organisation."""

import datetime
import json

import pytest

from plugins.listings.models import Contact, Listing

pytestmark = pytest.mark.django_db


def contact_for(listing, email="awa@exemple.org"):
    return Contact.objects.create(listing=listing, name="Awa Exemple", email=email, message="Bonjour", consent_at=listing.updated_at)


@pytest.fixture
def world(make_listing):
    return {
        "lyon": make_listing(reference="LYON-1"),
        "lyon_draft": make_listing(reference="LYON-2", status=Listing.Status.DRAFT),
        "villeurbanne_city": make_listing("Ville de Lyon", "FR/84/69/69266", reference="VDL-1"),
        "grenoble": make_listing("Grenoble Habitat", "FR/84/38/38185", reference="GRE-1"),
        "grenoble_draft": make_listing("Grenoble Habitat", "FR/84/38/38185", reference="GRE-2", status=Listing.Status.DRAFT),
    }


def test_the_public_list_needs_no_account_and_holds_listings_on_line_only(client, world):
    body = client.get("/api/listings/").json()
    assert body["count"] == 3
    assert {item["id"] for item in body["items"]} == {world["lyon"].pk, world["villeurbanne_city"].pk, world["grenoble"].pk}
    assert "contact_email" not in body["items"][0]


def test_the_public_list_takes_the_public_page_filters(client, world):
    assert [i["id"] for i in client.get("/api/listings/?lieu=38").json()["items"]] == [world["grenoble"].pk]
    assert client.get("/api/listings/?type=T9").status_code == 422
    assert client.get("/api/listings/?limit=1000").status_code == 422
    assert client.get("/api/listings/?loyer_max=1e999").status_code == 422


@pytest.mark.parametrize("role, expected", [
    ("publisher_lyon", {"LYON-1", "LYON-2"}),
    ("publisher_grenoble", {"GRE-1", "GRE-2"}),
    ("holder_lyon", {"VDL-1"}),
    ("supervisor_rhone", {"LYON-1", "LYON-2", "VDL-1"}),
    ("supervisor_isere", {"GRE-1", "GRE-2"}),
])
def test_each_role_manages_exactly_its_scope(client, roles, world, role, expected):
    client.force_login(roles[role])
    assert {item["reference"] for item in client.get("/api/listings/manage/").json()} == expected


@pytest.mark.parametrize("role, status", [("national", 403), ("expired_lyon", 403), ("revoked_lyon", 403)])
def test_aggregates_only_expired_and_revoked_roles_get_no_rows(client, roles, world, role, status):
    client.force_login(roles[role])
    assert client.get("/api/listings/manage/").status_code == status
    assert client.get(f"/api/listings/manage/{world['lyon'].pk}").status_code == status
    assert client.get(f"/api/listings/manage/{world['lyon'].pk}/contacts").status_code == status


def test_anonymous_callers_cannot_manage(client, world):
    assert client.get("/api/listings/manage/").status_code == 401


def test_another_organisation_draft_and_contacts_do_not_exist(client, roles, world):
    contact = contact_for(world["grenoble"])
    client.force_login(roles["publisher_lyon"])
    for url in (f"/api/listings/manage/{world['grenoble_draft'].pk}", f"/api/listings/manage/{world['grenoble'].pk}/contacts",
                f"/api/listings/manage/{world['grenoble_draft'].pk}/check"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/api/listings/manage/{world['grenoble_draft'].pk}/publish").status_code == 404
    assert client.patch(f"/api/listings/contacts/{contact.pk}", {"status": "closed"}, content_type="application/json").status_code == 404
    assert client.get("/api/listings/manage/?reference=GRE-2").json() == []
    contact.refresh_from_db()
    assert contact.status == Contact.Status.NEW


def test_contacts_are_seen_by_the_publisher_only_never_by_the_territory(client, roles, world):
    contact_for(world["lyon"])
    client.force_login(roles["publisher_lyon"])
    rows = client.get(f"/api/listings/manage/{world['lyon'].pk}/contacts").json()
    assert [r["email"] for r in rows] == ["awa@exemple.org"]
    client.force_login(roles["supervisor_rhone"])
    assert client.get(f"/api/listings/manage/{world['lyon'].pk}/contacts").status_code == 403
    client.force_login(roles["holder_lyon"])
    assert client.get(f"/api/listings/manage/{world['lyon'].pk}/contacts").status_code == 404


def test_the_publisher_answers_a_contact(client, roles, world):
    contact = contact_for(world["lyon"])
    client.force_login(roles["publisher_lyon"])
    response = client.patch(f"/api/listings/contacts/{contact.pk}", {"status": "answered"}, content_type="application/json")
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.status == Contact.Status.ANSWERED and contact.handled_by == roles["publisher_lyon"]


def payload(**overrides):
    today = datetime.date.today()
    values = {"reference": "NEW-1", "title": "T2 rénové", "description": "Beau T2.\n\n<script>alert(1)</script>", "dwelling_type": "T2",
              "commune": "69123", "postcode": "69008", "surface": "45", "rent": "350", "charges": "60", "deposit": "350",
              "energy_kwh": 160, "ghg_kg": 12, "energy_cost_min": 500, "energy_cost_max": 800,
              "contact_email": "location@lmh.exemple.fr", "visible_from": today.isoformat(),
              "visible_until": (today + datetime.timedelta(days=30)).isoformat()}
    values.update(overrides)
    return json.dumps(values)


def test_a_publisher_creates_a_draft_then_publishes_it(client, roles, world):
    client.force_login(roles["publisher_lyon"])
    created = client.post("/api/listings/manage/", payload(), content_type="application/json")
    assert created.status_code == 201, created.content
    listing = Listing.objects.get(reference="NEW-1")
    assert listing.organisation.name == "Lyon Métropole Habitat" and listing.status == Listing.Status.DRAFT
    assert listing.energy_class == "C" and "<script>" not in listing.description and "&lt;script&gt;" in listing.description
    assert client.get(f"/api/listings/{listing.pk}").status_code == 404
    published = client.post(f"/api/listings/manage/{listing.pk}/publish")
    assert published.status_code == 200 and published.json()["ok"]
    assert client.get(f"/api/listings/{listing.pk}").status_code == 200


def test_publishing_an_incomplete_listing_is_a_409_naming_what_is_missing(client, roles, world):
    client.force_login(roles["publisher_lyon"])
    client.post("/api/listings/manage/", payload(deposit=None, energy_kwh=600, ghg_kg=10), content_type="application/json")
    listing = Listing.objects.get(reference="NEW-1")
    refused = client.post(f"/api/listings/manage/{listing.pk}/publish")
    assert refused.status_code == 409
    text = " ".join(refused.json()["refusals"])
    assert "dépôt de garantie" in text and "classé G" in text


@pytest.mark.parametrize("overrides, status", [
    ({"organisation": 999999}, 404), ({"commune": "nulle-part"}, 422), ({"rent": "1e12"}, 422), ({"surface": "-3"}, 422),
    ({"title": "x" * 161}, 422), ({"energy_class": "Z"}, 422), ({"visible_until": "2000-01-01"}, 422),
    ({"latitude": 1000}, 422),
])
def test_hostile_writes_are_refused_in_french_never_a_500(client, roles, world, overrides, status):
    client.force_login(roles["publisher_lyon"])
    response = client.post("/api/listings/manage/", payload(**overrides), content_type="application/json")
    assert response.status_code == status, response.content
    assert not Listing.objects.filter(reference="NEW-1").exists()


def test_a_publisher_cannot_create_in_another_organisation(client, roles, world):
    client.force_login(roles["publisher_lyon"])
    grenoble = world["grenoble"].organisation_id
    assert client.post("/api/listings/manage/", payload(organisation=grenoble), content_type="application/json").status_code == 404


def test_the_territory_supervisor_cannot_write(client, roles, world):
    client.force_login(roles["supervisor_rhone"])
    assert client.post("/api/listings/manage/", payload(), content_type="application/json").status_code == 403
    assert client.post(f"/api/listings/manage/{world['lyon_draft'].pk}/publish").status_code == 403


@pytest.mark.parametrize("listing_id", ["0", "-1", "99999999999999999999", "abc"])
def test_hostile_ids_answer_404_or_422(client, roles, world, listing_id):
    assert client.get(f"/api/listings/{listing_id}").status_code in (404, 422)
    client.force_login(roles["publisher_lyon"])
    assert client.get(f"/api/listings/manage/{listing_id}").status_code in (404, 422)
