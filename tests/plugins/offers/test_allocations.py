"""Allocations that check the household fits, that say which rule refused them, and that end."""

import datetime

import pytest
from django.utils import timezone

from logis.audit.models import AuditEntry
from plugins.offers.allocations import AllocationNotEnded, end_allocation
from plugins.offers.matching import AllocationRefused, Household, allocate
from plugins.offers.models import Allocation, Offer

from .test_matching import race

TODAY = timezone.localdate()
NEEDY = {"adults": 2, "children": 3, "pets": True, "reduced_mobility": True}


@pytest.mark.django_db
def test_an_offer_that_does_not_fit_the_household_is_refused_with_every_reason(make_offer):
    offer = make_offer(places_max=8, places_available=8, available_until=TODAY + datetime.timedelta(days=10))
    household = Household(**NEEDY, date_from=TODAY + datetime.timedelta(days=2), date_until=TODAY + datetime.timedelta(days=40))
    with pytest.raises(AllocationRefused) as refused:
        allocate(offer.pk, household, None)
    assert refused.value.rule == "unsuitable"
    assert [code for code, _message in refused.value.problems] == ["pets", "reduced_mobility", "children", "dates"]
    message = str(refused.value)
    assert "animaux" in message and "mobilité réduite" in message and "enfants" in message
    assert f"jusqu'au {(TODAY + datetime.timedelta(days=10)).strftime('%d/%m/%Y')}" in message
    offer.refresh_from_db()
    assert offer.places_available == 8 and not Allocation.objects.exists()


@pytest.mark.django_db
def test_an_explicit_override_with_a_reason_allocates_and_is_audited(make_offer, person, world):
    agent = person("asso", "offers.mandated_association", world.organisation("Forum Réfugiés"))
    offer = make_offer(places_max=8, places_available=8)
    allocation = allocate(offer.pk, Household(**NEEDY), agent, "D-1", override_reason="  Chien accepté par téléphone  ")
    assert allocation.override_reason == "Chien accepté par téléphone"
    created = AuditEntry.objects.for_object(allocation).get(action="create")
    assert created.changes["override_reason"] == [None, "Chien accepté par téléphone"]
    fitting = allocate(offer.pk, Household(adults=1), agent, override_reason="inutile")
    assert fitting.override_reason == ""  # nothing was overridden


@pytest.mark.django_db
def test_the_api_409_names_the_rule_that_failed(client, roles, make_offer):
    client.force_login(roles["coordinator_lyon"])
    url = "/api/offers/{}/allocations".format
    cases = {
        "no_places": make_offer(places_max=1, places_available=1),
        "not_vetted": make_offer(status=Offer.Status.SUBMITTED),
        "closed": make_offer(status=Offer.Status.WITHDRAWN),
        "unsuitable": make_offer(pets_allowed=False),
    }
    answers = {rule: client.post(url(offer.pk), {"adults": 2, "pets": rule == "unsuitable"}, content_type="application/json")
               for rule, offer in cases.items()}
    assert {rule: (r.status_code, r.json()["rule"]) for rule, r in answers.items()} == {rule: (409, rule) for rule in cases}
    assert "1 place(s) restante(s), 2 demandée(s)" in answers["no_places"].json()["detail"]
    assert "pas encore qualifiée" in answers["not_vetted"].json()["detail"]
    assert "retirée" in answers["closed"].json()["detail"]
    assert answers["unsuitable"].json()["problems"] == ["l'offre n'accepte pas les animaux"]
    overridden = client.post(url(cases["unsuitable"].pk), {"adults": 1, "pets": True, "override_reason": "Chat en cage"},
                             content_type="application/json")
    assert overridden.status_code == 201
    too_long = client.post(url(cases["unsuitable"].pk), {"adults": 1, "override_reason": "x" * 501}, content_type="application/json")
    assert too_long.status_code == 422


@pytest.mark.django_db
def test_ending_an_allocation_gives_places_back_and_the_history_says_who_and_why(make_offer, roles):
    coordinator = roles["coordinator_lyon"]
    offer = make_offer(places_max=3, places_available=3)
    allocation = allocate(offer.pk, Household(adults=3), coordinator)
    offer.refresh_from_db()
    assert offer.status == "full"
    end_allocation(allocation.pk, coordinator, Allocation.End.CANCELLED, "Le ménage n'est pas venu")
    offer.refresh_from_db()
    allocation.refresh_from_db()
    assert (offer.places_available, offer.status) == (3, "available")
    assert (allocation.end_kind, allocation.ended_by, allocation.end_reason) == ("cancelled", coordinator, "Le ménage n'est pas venu")
    entry = AuditEntry.objects.for_object(allocation).get(action="update")
    assert entry.user == coordinator and entry.changes["end_reason"] == ["", "Le ménage n'est pas venu"]
    assert AuditEntry.objects.for_object(offer).filter(action="update").first().changes["places_available"] == [0, 3]
    with pytest.raises(AllocationNotEnded):
        end_allocation(allocation.pk, coordinator, Allocation.End.ENDED, "encore")
    with pytest.raises(AllocationNotEnded):
        end_allocation(allocate(offer.pk, Household(adults=1), coordinator).pk, coordinator, Allocation.End.ENDED, "   ")
    assert list(Allocation.objects.current().values_list("adults", flat=True)) == [1]


@pytest.mark.django_db
def test_places_given_back_never_exceed_the_maximum(make_offer):
    offer = make_offer(places_max=4, places_available=4)
    allocation = allocate(offer.pk, Household(adults=2), None)
    Offer.objects.filter(pk=offer.pk).update(places_available=4)  # the coordinator re-counted the places meanwhile
    end_allocation(allocation.pk, None, Allocation.End.ENDED, "Départ")
    offer.refresh_from_db()
    assert offer.places_available == 4


@pytest.mark.django_db
def test_the_api_ends_allocations_lists_current_ones_and_asks_before_withdrawing(client, roles, make_offer):
    offer = make_offer(places_max=5, places_available=5)
    grenoble = make_offer("Ville de Grenoble", "FR/84/38/38185")
    client.force_login(roles["coordinator_lyon"])
    first = client.post(f"/api/offers/{offer.pk}/allocations", {"adults": 2}, content_type="application/json").json()
    client.post(f"/api/offers/{offer.pk}/allocations", {"adults": 1}, content_type="application/json")
    elsewhere = allocate(grenoble.pk, Household(adults=1), None)
    listed = client.get("/api/offers/allocations/current").json()
    assert sorted(a["places"] for a in listed) == [1, 2]
    assert client.post(f"/api/offers/allocations/{elsewhere.pk}/end", {"reason": "x"}, content_type="application/json").status_code == 404
    assert client.post(f"/api/offers/allocations/{first['id']}/end", {"reason": ""}, content_type="application/json").status_code == 422
    ended = client.post(f"/api/offers/allocations/{first['id']}/end", {"kind": "ended", "reason": "Relogé"}, content_type="application/json")
    assert ended.status_code == 200 and ended.json()["places_left"] == 4
    again = client.post(f"/api/offers/allocations/{first['id']}/end", {"reason": "Relogé"}, content_type="application/json")
    assert again.status_code == 409 and "déjà pris fin" in again.json()["detail"]
    assert len(client.get("/api/offers/allocations/current").json()) == 1
    refused = client.patch(f"/api/offers/{offer.pk}", {"withdraw": True}, content_type="application/json")
    assert refused.status_code == 409 and "1 attribution(s) en cours" in refused.json()["detail"]
    assert Offer.objects.get(pk=offer.pk).status == "available"
    withdrawn = client.patch(f"/api/offers/{offer.pk}", {"withdraw": True, "allocations": "end"}, content_type="application/json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert not Allocation.objects.filter(offer=offer).current().exists()
    assert Allocation.objects.get(offer=offer, adults=1).end_reason == "Offre retirée"


@pytest.mark.django_db(transaction=True)
def test_concurrent_ends_of_one_allocation_give_its_places_back_once(make_offer):
    offer = make_offer(places_max=6, places_available=6)
    allocation = allocate(offer.pk, Household(adults=3), None)
    outcomes = []

    def attempt():
        try:
            end_allocation(allocation.pk, None, Allocation.End.ENDED, "Départ")
            outcomes.append("ok")
        except AllocationNotEnded:
            outcomes.append("refused")

    race(*[attempt] * 6)
    offer.refresh_from_db()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 5
    assert offer.places_available == 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_ends_and_allocations_keep_the_count_exact(make_offer):
    offer = make_offer(places_max=4, places_available=4)
    running = [allocate(offer.pk, Household(adults=1), None) for _ in range(4)]

    def take():
        try:
            allocate(offer.pk, Household(adults=1), None)
        except AllocationRefused:
            pass

    race(*[lambda a=a: end_allocation(a.pk, None, Allocation.End.ENDED, "Départ") for a in running], take, take)
    offer.refresh_from_db()
    assert offer.places_available == 4 - Allocation.objects.filter(offer=offer).current().count()
