"""The coordinator's screen of offers not confirmed for N days: scoped, linked from the dashboard."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked_long_ago(make_offer):
    long_ago = timezone.now() - datetime.timedelta(days=40)
    return {
        "lyon": make_offer(reference="LYON-SILENT", availability_asked_at=long_ago),
        "confirmed": make_offer(reference="LYON-CONFIRMED", availability_asked_at=long_ago, availability_confirmed_at=timezone.now()),
        "grenoble": make_offer("Ville de Grenoble", "FR/84/38/38185", reference="GRENOBLE-SILENT", availability_asked_at=long_ago),
    }


def test_the_screen_lists_the_silent_offers_in_scope_only(client, roles, asked_long_ago):
    client.force_login(roles["coordinator_lyon"])
    page = client.get("/admin/offres/non-confirmees/").content.decode()
    assert "LYON-SILENT" in page and "LYON-CONFIRMED" not in page and "GRENOBLE-SILENT" not in page
    assert "1 offre non confirmée" in page


def test_the_dashboard_links_to_it_with_the_count(client, roles, asked_long_ago):
    client.force_login(roles["department_rhone"])
    home = client.get("/admin/").content.decode()
    assert 'href="/admin/offres/non-confirmees/"' in home and "1 offre non confirmée" in home


def test_aggregates_only_roles_neither_see_it_nor_its_link(client, roles, asked_long_ago):
    client.force_login(roles["national"])
    assert client.get("/admin/offres/non-confirmees/").status_code in (302, 403)  # Wagtail sends a refused user home
    assert "LYON-SILENT" not in client.get("/admin/offres/non-confirmees/", follow=True).content.decode()
    assert "non-confirmees" not in client.get("/admin/").content.decode()
