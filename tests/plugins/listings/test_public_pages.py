"""The public search and detail pages: filters, sort, pagination, 404 for anything not on line, both visual themes."""

import datetime
import time
from decimal import Decimal

import pytest
from django.core import mail

from plugins.listings.forms import form_stamp
from plugins.listings.models import Contact, Listing

pytestmark = pytest.mark.django_db


def titles(response):
    return [listing.title for listing in response.context["listings"]]


def test_search_lists_only_listings_on_line(client, make_listing, today):
    make_listing(title="En ligne")
    make_listing(title="Brouillon", status=Listing.Status.DRAFT)
    make_listing(title="Pas encore", visible_from=today + datetime.timedelta(days=2))
    make_listing(title="Fini", visible_from=today - datetime.timedelta(days=9), visible_until=today - datetime.timedelta(days=1))
    response = client.get("/annonces/")
    assert response.status_code == 200
    assert titles(response) == ["En ligne"]
    assert b"Brouillon" not in response.content and b"Pas encore" not in response.content


def test_search_filters_by_place_type_rent_surface_and_accessibility(client, make_listing):
    make_listing(title="Lyon T3", commune_path="FR/84/69/69123")
    make_listing(title="Grenoble T2", org_name="Grenoble Habitat", commune_path="FR/84/38/38185", dwelling_type="T2",
                 rent=Decimal("300"), charges=Decimal("50"), surface=Decimal("40"), step_free=True)
    assert titles(client.get("/annonces/?lieu=FR/84/38")) == ["Grenoble T2"]
    assert titles(client.get("/annonces/?lieu=69123")) == ["Lyon T3"]
    assert titles(client.get("/annonces/?type=T2")) == ["Grenoble T2"]
    assert titles(client.get("/annonces/?loyer_max=400")) == ["Grenoble T2"]   # 350 charges comprises
    assert titles(client.get("/annonces/?loyer_min=400")) == ["Lyon T3"]
    assert titles(client.get("/annonces/?surface_min=50")) == ["Lyon T3"]
    assert titles(client.get("/annonces/?pmr=1")) == ["Grenoble T2"]
    assert titles(client.get("/annonces/?lieu=nulle-part")) == []


def test_search_sorts_by_rent_surface_and_date(client, make_listing):
    make_listing(title="Cher", rent=Decimal("700"), surface=Decimal("50"))
    make_listing(title="Bon marché", rent=Decimal("300"), surface=Decimal("90"))
    assert titles(client.get("/annonces/?tri=loyer")) == ["Bon marché", "Cher"]
    assert titles(client.get("/annonces/?tri=loyer-desc")) == ["Cher", "Bon marché"]
    assert titles(client.get("/annonces/?tri=surface")) == ["Bon marché", "Cher"]
    assert titles(client.get("/annonces/?tri=recent")) == ["Bon marché", "Cher"]


def test_search_paginates(client, make_listing):
    for index in range(14):
        make_listing(title=f"Annonce {index}")
    first, second = client.get("/annonces/"), client.get("/annonces/?page=2")
    assert len(first.context["listings"]) == 12 and len(second.context["listings"]) == 2
    assert "page=2" in first.content.decode()


@pytest.mark.parametrize("query", ["page=99999999999999999999", "loyer_max=1e999", "loyer_min=-5", "surface_min=NaN", "tri=<script>",
                                   "lieu=" + "x" * 5000, "type=T9&type=<b>", "pmr=%00"])
def test_hostile_query_strings_never_break_the_search(client, make_listing, query):
    make_listing()
    response = client.get("/annonces/?" + query)
    assert response.status_code == (400 if "%00" in query else 200)  # a NUL byte: the core's French refusal, before any view
    assert b"<script>" not in response.content


def test_detail_shows_characteristics_energy_scales_and_counts_the_view(client, make_listing):
    listing = make_listing(energy_kwh=400, ghg_kg=20, energy_class="F", ghg_class="C", latitude=45.75, longitude=4.85)
    response = client.get(f"/annonces/{listing.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Logement à consommation énergétique excessive" in page
    assert 'aria-current="true"><span class="bar bar-F-dpe' in page
    assert "application/ld+json" in page and '"RealEstateListing"' in page
    assert listing.visible_until.strftime("%d/%m/%Y") in page
    assert 'id="annonce-carte"' in page
    listing.refresh_from_db()
    assert listing.view_count == 1


@pytest.mark.parametrize("state", [{"status": "draft"}, {"status": "expired"}, {"status": "let"},
                                   {"visible_from": datetime.date(2099, 1, 1), "visible_until": datetime.date(2099, 2, 1)}])
def test_a_listing_not_on_line_does_not_exist_publicly(client, make_listing, state):
    listing = make_listing(**state)
    assert client.get(f"/annonces/{listing.pk}/").status_code == 404
    assert client.post(f"/annonces/{listing.pk}/", {"name": "x"}).status_code == 404
    assert client.get(f"/api/listings/{listing.pk}").status_code == 404


def test_the_json_ld_cannot_close_its_script_tag(client, make_listing):
    listing = make_listing(title="</script><script>alert(1)</script>")
    page = client.get(f"/annonces/{listing.pk}/").content.decode()
    assert "</script><script>alert(1)" not in page


def _contact(client, listing, **overrides):
    data = {"name": "Awa Exemple", "email": "awa@exemple.org", "phone": "06 12 34 56 78", "message": "Puis-je visiter ?",
            "consent": "on", "stamp": form_stamp(time.time() - 60), "website": ""}
    data.update(overrides)
    return client.post(f"/annonces/{listing.pk}/", data)


def test_a_contact_is_stored_and_mailed_to_the_publisher(client, make_listing, django_capture_on_commit_callbacks):
    listing = make_listing()
    with django_capture_on_commit_callbacks(execute=True):
        response = _contact(client, listing)
    assert response.status_code == 200 and response.context["sent"]
    contact = Contact.objects.get()
    assert (contact.listing, contact.email, contact.status) == (listing, "awa@exemple.org", Contact.Status.NEW)
    assert contact.consent_at is not None
    assert mail.outbox[0].to == [listing.contact_email] and "Puis-je visiter ?" in mail.outbox[0].body


@pytest.mark.parametrize("overrides", [{"website": "http://spam.example"}, {"stamp": "forged"}, {"stamp": "just-now"},
                                       {"consent": ""}, {"email": "pas-un-courriel"}, {"message": "x" * 3001},
                                       {"phone": "=HYPERLINK(1)"}])
def test_robots_and_bad_input_leave_no_contact(client, make_listing, overrides):
    listing = make_listing()
    if overrides.get("stamp") == "just-now":
        overrides = {"stamp": form_stamp()}  # posted the second the form was shown: a robot
    response = _contact(client, listing, **overrides)
    assert response.status_code == 400
    assert not Contact.objects.exists()


def test_contacts_are_rate_limited_per_address(client, make_listing):
    listing = make_listing()
    for _ in range(5):
        assert _contact(client, listing).status_code == 200
    response = _contact(client, listing)
    assert response.status_code == 429 and "Trop de messages" in response.content.decode()
    assert Contact.objects.count() == 5


def test_public_pages_wear_each_site_visual_theme(client, make_listing, settings):
    from content.demo import load as load_content

    load_content()
    listing = make_listing()
    dsfr = client.get(f"/annonces/{listing.pk}/", HTTP_HOST="localhost").content.decode()
    neutral = client.get(f"/annonces/{listing.pk}/", HTTP_HOST="uvcw.localhost").content.decode()
    assert "fr-header" in dsfr and "content/neutre.css" not in dsfr
    assert "content/neutre.css" in neutral
    for page in (dsfr, neutral):
        assert '<main id="contenu"' in page and 'lang="fr"' in page


def test_a_contact_is_kept_when_the_mail_server_is_away(client, make_listing, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens on port 1
    listing = make_listing()
    with django_capture_on_commit_callbacks(execute=True):
        response = _contact(client, listing)
    assert response.status_code == 200 and Contact.objects.filter(listing=listing).count() == 1
