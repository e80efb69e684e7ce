"""The admin screens: list, publication with its compliance check, traced contacts and their export, an applicant's data, figures."""

import io

import pytest
from openpyxl import load_workbook

from plugins.listings.models import Contact, Listing

pytestmark = pytest.mark.django_db


def contact_for(listing, **fields):
    values = {"name": "Awa Exemple", "email": "awa@exemple.org", "message": "Bonjour", "consent_at": listing.updated_at}
    values.update(fields)
    return Contact.objects.create(listing=listing, **values)


def test_the_publisher_lists_its_listings_drafts_included_and_nothing_else(client, roles, make_listing):
    make_listing(reference="LYON-1", status=Listing.Status.DRAFT)
    make_listing("Grenoble Habitat", "FR/84/38/38185", reference="GRE-1")
    client.force_login(roles["publisher_lyon"])
    page = client.get("/admin/listings/").content.decode()
    assert "LYON-1" in page and "GRE-1" not in page


def test_the_publication_screen_explains_refusals_then_publishes(client, roles, make_listing):
    listing = make_listing(status=Listing.Status.DRAFT, deposit=None)
    client.force_login(roles["publisher_lyon"])
    page = client.get(f"/admin/listings/publication/{listing.pk}/").content.decode()
    assert "dépôt de garantie" in page and 'value="publish"' not in page
    client.post(f"/admin/listings/publication/{listing.pk}/", {"action": "publish"})
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT
    Listing.objects.filter(pk=listing.pk).update(deposit=400)
    client.post(f"/admin/listings/publication/{listing.pk}/", {"action": "publish"})
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED and listing.published_by == roles["publisher_lyon"]


def test_the_supervisor_reads_the_check_but_cannot_publish(client, roles, make_listing):
    listing = make_listing(status=Listing.Status.DRAFT)
    client.force_login(roles["supervisor_rhone"])
    page = client.get(f"/admin/listings/publication/{listing.pk}/")
    assert page.status_code == 200 and 'value="publish"' not in page.content.decode()
    assert client.post(f"/admin/listings/publication/{listing.pk}/", {"action": "publish"}).status_code in (302, 403)
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT


def test_the_edit_form_keeps_an_on_line_listing_compliant(client, roles, make_listing):
    listing = make_listing()
    client.force_login(roles["publisher_lyon"])
    form = client.get(f"/admin/listings/edit/{listing.pk}/").context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items() if not isinstance(value, (list, dict))}
    data.update({"rent": "", "photos-TOTAL_FORMS": 0, "photos-INITIAL_FORMS": 0, "photos-MIN_NUM_FORMS": 0, "photos-MAX_NUM_FORMS": 1000,
                 "organisation": listing.organisation_id, "commune": listing.commune_id, "description": '{"blocks": [], "entityMap": {}}', "lift": "", "step_free": ""})
    response = client.post(f"/admin/listings/edit/{listing.pk}/", data)
    assert response.status_code == 200 and "Cette annonce est en ligne" in response.content.decode()
    listing.refresh_from_db()
    assert listing.rent == 400


def test_contacts_screen_shows_and_updates_the_organisation_contacts_only(client, roles, make_listing):
    mine = contact_for(make_listing(reference="LYON-1"), message="Message de Lyon")
    other = contact_for(make_listing("Grenoble Habitat", "FR/84/38/38185", reference="GRE-1"), message="Message de Grenoble")
    client.force_login(roles["publisher_lyon"])
    page = client.get("/admin/annonces/contacts/").content.decode()
    assert "Message de Lyon" in page and "Message de Grenoble" not in page
    client.post("/admin/annonces/contacts/", {"contact": mine.pk, "status": "answered"})
    assert client.post("/admin/annonces/contacts/", {"contact": other.pk, "status": "closed"}).status_code == 404
    mine.refresh_from_db(), other.refresh_from_db()
    assert (mine.status, mine.handled_by, other.status) == ("answered", roles["publisher_lyon"], "new")


def test_the_contacts_export_goes_through_the_formula_safe_writer(client, roles, make_listing):
    contact_for(make_listing(), name="=HYPERLINK(\"http://x\")", message="+33 bonjour")
    contact_for(make_listing("Grenoble Habitat", "FR/84/38/38185"), name="Grenoblois")
    client.force_login(roles["publisher_lyon"])
    text = b"".join(client.get("/admin/annonces/contacts/export/csv/").streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+33 bonjour" in text and "Grenoblois" not in text
    sheet = load_workbook(io.BytesIO(client.get("/admin/annonces/contacts/export/xlsx/").content)).active
    assert sheet.cell(2, 3).value.startswith("'=")


def test_the_supervisor_never_reaches_the_contacts(client, roles, make_listing):
    contact_for(make_listing())
    client.force_login(roles["supervisor_rhone"])
    assert client.get("/admin/annonces/contacts/").status_code in (302, 403)
    assert client.get("/admin/annonces/contacts/export/csv/").status_code in (302, 403)


def test_an_applicant_data_is_found_downloaded_and_erased(client, roles, make_listing):
    mine = contact_for(make_listing(), email="awa@exemple.org")
    theirs = contact_for(make_listing("Grenoble Habitat", "FR/84/38/38185"), email="awa@exemple.org")
    client.force_login(roles["publisher_lyon"])
    page = client.get("/admin/annonces/candidats/", {"email": "awa@exemple.org"}).content.decode()
    assert mine.listing.reference in page and theirs.listing.reference not in page
    csv = b"".join(client.get("/admin/annonces/candidats/", {"email": "awa@exemple.org", "format": "csv"}).streaming_content)
    assert b"awa@exemple.org" in csv
    client.post("/admin/annonces/candidats/", {"email": "awa@exemple.org"})
    mine.refresh_from_db(), theirs.refresh_from_db()
    assert mine.personal_data_erased_at and theirs.email == "awa@exemple.org"


def test_figures_count_listings_views_and_contacts_in_scope(client, roles, make_listing):
    listing = make_listing(view_count=7)
    contact_for(listing)
    make_listing("Grenoble Habitat", "FR/84/38/38185", view_count=100)
    client.force_login(roles["supervisor_rhone"])
    response = client.get("/admin/annonces/chiffres/")
    totals = response.context["totals"]
    assert (totals["on_line"], totals["views"], totals["contacts"]) == (1, 7, 1)
    assert client.get("/admin/").status_code == 200
