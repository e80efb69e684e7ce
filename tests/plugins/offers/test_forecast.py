"""The forecast of when available places run out, with its uncertainty."""

import datetime

import pytest

from plugins.offers.forecast import run_out

DAY = datetime.date(2026, 3, 1)


def days(values):
    return [{"date": DAY + datetime.timedelta(days=i), "places_available": v} for i, v in enumerate(values)]


def test_a_steady_fall_runs_out_on_the_day_the_line_reaches_zero():
    forecast = run_out(days([100, 90, 80, 70, 60]))
    assert forecast["rate_per_day"] == 10 and forecast["date"] == DAY + datetime.timedelta(days=4 + 6)
    assert forecast["earliest"] == forecast["latest"] == forecast["date"]  # no scatter, no uncertainty


def test_a_noisy_fall_gives_an_interval_and_a_flat_or_rising_line_gives_no_date():
    noisy = run_out(days([100, 95, 70, 75, 50, 52, 30]))
    assert noisy["earliest"] <= noisy["date"] < noisy["latest"] and noisy["rate_per_day"] == 11.29
    assert run_out(days([50, 50, 55, 60]))["date"] is None
    assert run_out(days([50, 40]))["date"] is None and run_out([])["points"] == 0


@pytest.mark.django_db
def test_the_dashboard_and_the_stats_api_show_the_forecast(client, roles, make_offer):
    from django.utils import timezone

    from plugins.offers import rules

    offer = make_offer(places_max=30, places_available=30)
    for days_ago, left in ((3, 30), (2, 24), (1, 18)):
        from plugins.offers.models import Offer
        Offer.objects.filter(pk=offer.pk).update(places_available=left)
        rules.take_snapshot(timezone.localdate() - datetime.timedelta(days=days_ago))
    Offer.objects.filter(pk=offer.pk).update(places_available=12)
    client.force_login(roles["department_rhone"])
    page = client.get("/admin/offres/pilotage/").content.decode()
    assert "Au rythme de 6.0 place(s) de moins par jour" in page or "Au rythme de 6,0 place(s) de moins par jour" in page
    forecast = client.get("/api/offers/stats").json()["forecast"]
    assert forecast["rate_per_day"] == 6 and forecast["date"] == (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
