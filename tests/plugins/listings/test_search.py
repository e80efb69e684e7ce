"""Search documents: a listing is publicly searchable while on line only, and never carries the contact's data."""

import datetime

import pytest

from plugins.listings.models import Listing
from search import service
from plugins.listings.search import listing_document_type, to_document

pytestmark = pytest.mark.django_db


def test_a_listing_on_line_is_a_public_document_without_personal_data(make_listing):
    listing = make_listing(contact_name="Jeanne Gestion", contact_phone="0472000000")
    document = to_document(listing)
    assert document.audience == "public" and document.url == f"/annonces/{listing.pk}/"
    assert "Jeanne" not in document.body + document.title and listing.contact_email not in document.body


@pytest.mark.parametrize("state", [{"status": "draft"}, {"status": "expired"}, {"status": "let"},
                                   {"visible_from": datetime.date(2099, 1, 1), "visible_until": datetime.date(2099, 2, 1)},
                                   {"visible_from": datetime.date(2020, 1, 1), "visible_until": datetime.date(2020, 2, 1)}])
def test_a_listing_not_on_line_leaves_the_index(make_listing, state):
    listing = make_listing(**state)
    assert to_document(listing) is None
    assert listing not in listing_document_type().queryset()


def test_anonymous_site_search_finds_a_listing_on_line_and_never_a_draft(make_listing, run_jobs,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        on_line = make_listing(title="Appartement Mermoz lumineux")
        draft = make_listing(title="Appartement Mermoz brouillon", status=Listing.Status.DRAFT)
    run_jobs("search")
    urls = [hit.url for hit in service.search("Mermoz").hits]
    assert f"/annonces/{on_line.pk}/" in urls and f"/annonces/{draft.pk}/" not in urls
    with django_capture_on_commit_callbacks(execute=True):
        on_line.status = Listing.Status.DRAFT
        on_line.save()
    run_jobs("search")
    assert f"/annonces/{on_line.pk}/" not in [hit.url for hit in service.search("Mermoz").hits]
