"""A radius search counts an offer without GPS point from its commune's centre, and says so."""

import pytest

from plugins.offers.matching import DistanceBasis, Household, find_offers
from plugins.offers.models import Offer


@pytest.mark.django_db
def test_offers_without_a_point_are_found_within_the_radius_from_their_commune_centre(make_offer, centres, world):
    make_offer(reference="LYON-GPS", latitude=45.768, longitude=4.836)
    make_offer("Ville de Villeurbanne", "FR/84/69/69266", reference="VILLEURBANNE-NO-GPS")
    make_offer("Ville de Grenoble", "FR/84/38/38185", reference="GRENOBLE-NO-GPS")
    household = Household(adults=1, territory=world.territory("FR/84/69/69123"), radius_km=20)
    matches = find_offers(Offer.objects.all(), household)
    assert [(m.offer.reference, m.distance_basis) for m in matches] == [
        ("LYON-GPS", DistanceBasis.GPS), ("VILLEURBANNE-NO-GPS", DistanceBasis.COMMUNE_CENTRE)]
    assert 4 < matches[1].distance_km < 5 and "centre de la commune" in str(matches[1].distance_basis_label)
    assert matches[0].places_left == 2
    wide = find_offers(Offer.objects.all(), Household(adults=1, territory=world.territory("FR/84/69/69123"), radius_km=120))
    assert [m.offer.reference for m in wide][-1] == "GRENOBLE-NO-GPS"


@pytest.mark.django_db
def test_the_match_api_says_how_each_distance_was_computed(client, roles, make_offer, centres):
    make_offer("Ville de Villeurbanne", "FR/84/69/69266", reference="NO-GPS")
    client.force_login(roles["department_rhone"])
    response = client.post("/api/offers/match", {"adults": 1, "territory": "69123", "radius_km": 20}, content_type="application/json")
    assert response.status_code == 200
    [match] = response.json()
    assert (match["offer"]["reference"], match["distance_basis"], match["places_left"]) == ("NO-GPS", "commune_centre", 2)
    assert match["distance_km"] == pytest.approx(4.3, abs=0.5)
