"""One definition of each dashboard figure: the live bars, today's history row and the snapshot agree."""

import pytest

from logis.accounts.scoping import Scope
from plugins.offers import rules, stats
from plugins.offers.allocations import end_allocation
from plugins.offers.matching import Household, allocate
from plugins.offers.models import Allocation, DailySnapshot, Offer


@pytest.mark.django_db
def test_available_counts_vetted_offers_only_and_allocated_counts_running_allocations(make_offer, roles):
    vetted = make_offer(places_max=10, places_available=10)
    make_offer(places_max=7, places_available=7, status=Offer.Status.SUBMITTED, vetted_at=None)
    make_offer(places_max=5, places_available=5, status=Offer.Status.WITHDRAWN)
    allocate(vetted.pk, Household(adults=3), None)
    ended = allocate(vetted.pk, Household(adults=2), None)
    end_allocation(ended.pk, None, Allocation.End.ENDED, "Départ")
    scope = Scope.for_user(roles["department_rhone"], "offers.view")
    [lyon] = stats.by_department(stats.by_commune(scope))
    assert (lyon["offers"], lyon["places_offered"], lyon["places_available"], lyon["places_allocated"]) == (2, 17, 7, 3)
    today = stats.over_time(scope)[-1]
    assert today["live"] and {k: today[k] for k in stats.FIGURES} == {k: lyon[k] for k in stats.FIGURES}
    rules.take_snapshot()
    snapshot = DailySnapshot.objects.get()
    assert (snapshot.places_available, snapshot.places_allocated) == (7, 3)


@pytest.mark.django_db
def test_the_stats_api_gives_each_figure_its_definition(client, roles, make_offer):
    make_offer()
    client.force_login(roles["national"])
    body = client.get("/api/offers/stats").json()
    assert set(body["definitions"]) == set(stats.FIGURES)
    assert "qualifiées" in body["definitions"]["places_available"]
    assert body["over_time"][-1]["live"] is True
