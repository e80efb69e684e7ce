"""Matching a household to vetted offers, and allocating places without ever overbooking."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from logis.audit.models import AuditEntry
from plugins.offers.matching import AllocationRefused, Household, allocate, find_offers
from plugins.offers.models import Allocation, CommuneCentre, Offer

TODAY = timezone.localdate()


@pytest.fixture
def centres(world):
    for path, lat, lon in [("FR/84/69/69123", 45.7676, 4.8344), ("FR/84/69/69266", 45.7719, 4.8902),
                           ("FR/84/38/38185", 45.1885, 5.7245)]:
        CommuneCentre.objects.create(commune=world.territory(path), latitude=lat, longitude=lon)


@pytest.mark.django_db
def test_matching_keeps_fitting_vetted_offers_nearest_first(make_offer, centres, world):
    common = {"available_from": TODAY - datetime.timedelta(days=1), "available_until": TODAY + datetime.timedelta(days=30),
              "pets_allowed": True, "step_free": True, "children_welcome": True}
    near = make_offer(reference="NEAR", latitude=45.768, longitude=4.836, places_available=3, **common)
    villeurbanne = make_offer("Ville de Villeurbanne", "FR/84/69/69266", reference="VILLEURBANNE", latitude=45.772, longitude=4.890, **common)
    far_but_in_radius = make_offer(reference="EAST", latitude=45.74, longitude=5.05, **common)
    make_offer("Ville de Grenoble", "FR/84/38/38185", reference="GRENOBLE", latitude=45.19, longitude=5.72, **common)
    make_offer(reference="NO-PETS", latitude=45.768, longitude=4.835, **{**common, "pets_allowed": False})
    make_offer(reference="STAIRS", latitude=45.768, longitude=4.835, **{**common, "step_free": False})
    make_offer(reference="TOO-SMALL", latitude=45.768, longitude=4.835, places_max=2, places_available=2, **common)
    make_offer(reference="ENDS-TOO-SOON", latitude=45.768, longitude=4.835, **{**common, "available_until": TODAY + datetime.timedelta(days=3)})
    make_offer(reference="NOT-VETTED", latitude=45.768, longitude=4.835, status=Offer.Status.SUBMITTED, **common)
    make_offer(reference="FULL", latitude=45.768, longitude=4.835, places_available=0, status=Offer.Status.FULL, **common)
    household = Household(adults=2, children=1, pets=True, reduced_mobility=True, territory=world.territory("FR/84/69/69123"),
                          radius_km=30, date_from=TODAY, date_until=TODAY + datetime.timedelta(days=10))
    matches = find_offers(Offer.objects.all(), household)
    assert [m.offer.reference for m in matches] == ["NEAR", "VILLEURBANNE", "EAST"]
    distances = [m.distance_km for m in matches]
    assert distances == sorted(distances) and distances[0] < 1 and 15 < distances[2] < 30
    assert near.pk == matches[0].offer.pk and villeurbanne.pk and far_but_in_radius.pk
    in_department = find_offers(Offer.objects.all(), Household(adults=1, territory=world.territory("FR/84/38"), date_from=TODAY))
    assert [m.offer.reference for m in in_department] == ["GRENOBLE"]


@pytest.mark.django_db
def test_allocation_decrements_places_records_the_household_and_fills_the_offer(make_offer, person, world):
    agent = person("asso", "offers.mandated_association", world.organisation("Forum Réfugiés"))
    offer = make_offer(places_max=4, places_available=4, children_welcome=True)
    allocate(offer.pk, Household(adults=1, children=2, date_from=TODAY), agent, "DOSSIER-17")
    offer.refresh_from_db()
    assert (offer.places_available, offer.status) == (1, "available")
    allocation = Allocation.objects.get()
    assert (allocation.places, allocation.household_reference, allocation.allocated_by) == (3, "DOSSIER-17", agent)
    allocate(offer.pk, Household(adults=1, date_from=TODAY), agent)
    offer.refresh_from_db()
    assert (offer.places_available, offer.status) == (0, "full")
    with pytest.raises(AllocationRefused):
        allocate(offer.pk, Household(adults=1, date_from=TODAY), agent)
    history = AuditEntry.objects.for_object(offer).filter(action="update")
    assert [e.changes["places_available"] for e in history] == [[1, 0], [4, 1]]
    assert history[0].changes["status"] == ["available", "full"]


@pytest.mark.django_db
def test_an_unvetted_offer_cannot_be_allocated(make_offer, person, world):
    offer = make_offer(status=Offer.Status.SUBMITTED)
    with pytest.raises(AllocationRefused):
        allocate(offer.pk, Household(adults=1), None)
    assert Allocation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_overbook(make_offer):
    """Eight agents race for a 5-place offer, 2 places each: exactly two win, 1 place is left."""
    offer = make_offer(places_max=5, places_available=5)
    outcomes = []

    def attempt():
        try:
            allocate(offer.pk, Household(adults=2, date_from=TODAY), None)
            outcomes.append("ok")
        except AllocationRefused:
            outcomes.append("refused")

    race(*[attempt] * 8)
    offer.refresh_from_db()
    assert sorted(outcomes) == ["ok", "ok"] + ["refused"] * 6
    assert (offer.places_available, Allocation.objects.filter(offer=offer).count()) == (1, 2)


@pytest.mark.django_db(transaction=True)
def test_racing_allocations_leave_a_history_whose_befores_follow_each_other(make_offer):
    """Issue 20.4: the bulk write reads "before" under the row's lock, so no entry claims a count another one already changed."""
    offer = make_offer(places_max=6, places_available=6)
    race(*[lambda: allocate(offer.pk, Household(adults=1, date_from=TODAY), None)] * 4)
    counts = [e.changes["places_available"] for e in AuditEntry.objects.for_object(offer).filter(action="update").order_by("pk")]
    assert counts == [[6, 5], [5, 4], [4, 3], [3, 2]]


def race(*actions):
    """Run ``actions`` at the same instant in threads with their own connections (PostgreSQL), else one after the other."""
    def run(action, barrier=None):
        try:
            if barrier:
                barrier.wait()
            action()
        finally:
            connections.close_all()

    if connection.vendor != "postgresql":  # SQLite serialises writers anyway
        for action in actions:
            action()
        return
    barrier = threading.Barrier(len(actions))
    threads = [threading.Thread(target=run, args=(action, barrier)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@pytest.mark.django_db(transaction=True)
def test_an_api_update_racing_allocations_never_gives_places_back(make_offer, roles):
    """A PATCH of the end date holds the row: it cannot write back the places read before an allocation."""
    from django.test import Client

    offer = make_offer(places_max=6, places_available=6)
    coordinator = roles["coordinator_lyon"]
    statuses = []
    for round_ in range(3):
        def patch():
            client = Client()
            client.force_login(coordinator)
            until = (timezone.localdate() + datetime.timedelta(days=90 + round_)).isoformat()
            statuses.append(client.patch(f"/api/offers/{offer.pk}", {"available_until": until}, content_type="application/json").status_code)

        race(patch, lambda: allocate(offer.pk, Household(adults=1), None), lambda: allocate(offer.pk, Household(adults=1), None))
        offer.refresh_from_db()
        assert offer.places_available == 6 - 2 * (round_ + 1)
    assert statuses == [200, 200, 200]
    assert Allocation.objects.filter(offer=offer).count() == 6 and offer.status == "full"


@pytest.mark.django_db
def test_matching_and_allocating_through_the_api(client, roles, make_offer, centres):
    offer = make_offer(reference="API", latitude=45.768, longitude=4.836, available_from=TODAY, available_until=None)
    client.force_login(roles["association"])
    response = client.post("/api/offers/match", {"adults": 2, "territory": "69123", "radius_km": 10, "date_from": str(TODAY)},
                           content_type="application/json")
    assert response.status_code == 200
    assert [m["offer"]["reference"] for m in response.json()] == ["API"]
    response = client.post(f"/api/offers/{offer.pk}/allocations", {"adults": 2, "date_from": str(TODAY)}, content_type="application/json")
    assert response.status_code == 201 and response.json()["places_left"] == 1
    response = client.post(f"/api/offers/{offer.pk}/allocations", {"adults": 2}, content_type="application/json")
    assert response.status_code == 409 and "plus assez de places" in response.json()["detail"]
    response = client.post("/api/offers/match", {"adults": 0}, content_type="application/json")
    assert response.status_code == 422 and "de 1 à 30 adultes" in response.json()["detail"]


@pytest.mark.django_db
def test_matching_and_allocating_through_the_admin(client, roles, make_offer, centres, world):
    offer = make_offer(reference="ADMIN", latitude=45.768, longitude=4.836, available_from=TODAY, available_until=None,
                       children_welcome=True)
    client.force_login(roles["coordinator_lyon"])
    lyon = world.territory("FR/84/69/69123")
    query = {"adults": "1", "children": "1", "territory": str(lyon.pk), "radius_km": "5", "date_from": TODAY.strftime("%d/%m/%Y")}
    page = client.get("/admin/offres/attribution/", query)
    assert page.status_code == 200 and [m.offer.reference for m in page.context["matches"]] == ["ADMIN"]
    response = client.post("/admin/offres/attribution/", {**query, "offer": offer.pk, "household_reference": "F-12"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.places_available == 1 and Allocation.objects.get().household_reference == "F-12"
