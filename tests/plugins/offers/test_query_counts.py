"""The offers list page and API run the same number of SQL queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/admin/offers/", "/api/offers/?limit=100", "/admin/offres/pilotage/"])
def test_query_count_does_not_grow_with_rows(client, roles, make_offer, url):
    client.force_login(roles["department_rhone"])
    for _ in range(3):
        make_offer()
    queries(client, url)  # warm caches (content types, site settings)
    few = queries(client, url)
    for index in range(30):
        make_offer("Ville de Villeurbanne" if index % 2 else "Ville de Lyon", "FR/84/69/69266" if index % 2 else "FR/84/69/69123")
    assert queries(client, url) == few
