"""The public search, the feeds and the API lists run the same number of SQL queries whatever the number of listings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.listings.models import Contact, ListingPhoto

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def add(make_listing, make_image, count, image):
    for index in range(count):
        listing = make_listing("Grenoble Habitat" if index % 2 else "Lyon Métropole Habitat",
                               "FR/84/38/38185" if index % 2 else "FR/84/69/69123")
        ListingPhoto.objects.create(listing=listing, image=image, alt_text="Séjour", sort_order=0)
        Contact.objects.create(listing=listing, name="Awa", email="awa@exemple.org", message="Bonjour", consent_at=listing.updated_at)


@pytest.mark.parametrize("url, role", [
    ("/annonces/", None), ("/annonces/?tri=loyer&type=T3&loyer_max=900", None), ("/annonces/flux/trovit/", None),
    ("/annonces/flux/rss/", None), ("/api/listings/?limit=100", None), ("/api/listings/manage/?limit=100", "supervisor_rhone"),
    ("/admin/listings/", "supervisor_rhone"), ("/admin/annonces/contacts/", "publisher_lyon"), ("/admin/annonces/chiffres/", "national"),
])
def test_query_count_does_not_grow_with_listings(client, roles, make_listing, make_image, url, role):
    if role:
        client.force_login(roles[role])
    image = make_image()
    add(make_listing, make_image, 3, image)
    queries(client, url)  # warm caches (content types, site settings)
    few = queries(client, url)
    add(make_listing, make_image, 30, image)
    assert queries(client, url) == few
