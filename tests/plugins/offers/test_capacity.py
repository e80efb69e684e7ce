"""Capacity over time from the snapshots: per department and commune, the forecast chart with its band, the data table, the export."""

import datetime

import pytest
from django.utils import timezone

from plugins.offers import capacity, rules
from plugins.offers.models import Offer

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def falling(make_offer):
    """Five mornings of snapshots: Lyon's places fall 30 → 18 (with some noise), Grenoble's stay at 5."""
    lyon = make_offer(reference="LYON", places_max=30, places_available=30)
    make_offer("Ville de Grenoble", "FR/84/38/38185", reference="GRENOBLE", places_max=5, places_available=5)
    for days_ago, left in ((5, 30), (4, 26), (3, 25), (2, 20), (1, 18)):
        Offer.objects.filter(pk=lyon.pk).update(places_available=left)
        rules.take_snapshot(TODAY - datetime.timedelta(days=days_ago))
    return lyon


def test_the_history_sums_the_snapshots_per_department_and_commune_within_the_scope(falling, roles):
    from logis.accounts.scoping import scope_for

    rhone = scope_for(roles["department_rhone"], "offers.view")
    rows = capacity.history(rhone, "department")
    assert {r["territory"] for r in rows} == {"Rhône"} and [r["places_available"] for r in rows] == [30, 26, 25, 20, 18]
    assert rows[0]["date"] == TODAY - datetime.timedelta(days=5) and rows[0]["places_offered"] == 30
    by_commune = capacity.history(scope_for(roles["association"], "offers.view"), "commune")
    assert {r["territory"] for r in by_commune} >= {"Grenoble"}


def test_the_screen_draws_the_forecast_inside_its_band_with_the_same_figures_in_tables(client, roles, falling):
    client.force_login(roles["department_rhone"])
    page = client.get("/admin/offres/capacite/").content.decode()
    assert "<polygon" in page and "Intervalle à 95 %" in page and 'stroke-dasharray' in page
    assert 'data-role="projection"' in page and 'data-role="territories"' in page and "Grenoble" not in page
    assert "Au rythme de 3" in page  # 30, 26, 25, 20, 18: three places a day


def test_the_export_is_for_french_excel_and_in_scope(client, roles, falling):
    client.force_login(roles["department_rhone"])
    response = client.get("/admin/offres/capacite/", {"level": "commune", "export": "csv"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    assert body.startswith(b"\xef\xbb\xbf") and "Date du relevé;Code;Territoire" in text
    assert (TODAY - datetime.timedelta(days=5)).strftime("%d/%m/%Y") in text and "Lyon" in text and "Grenoble" not in text


def test_the_national_aggregates_role_reaches_it_and_bad_options_are_bounded(client, roles, falling):
    client.force_login(roles["national"])
    assert client.get("/admin/offres/capacite/").status_code == 200
    assert client.get("/admin/offres/capacite/", {"days": "99999999999", "level": "x"}).status_code == 200
    assert client.get("/admin/offres/capacite/", {"export": "pdf"}).status_code == 404
