"""The admin side of allocations: override with a reason, the list of running allocations, ending one, figures explained."""

import pytest
from django.utils import timezone

from plugins.offers.matching import Household, allocate
from plugins.offers.models import Allocation, CommuneCentre

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def test_allocating_an_unsuitable_offer_in_the_admin_asks_for_a_reason_then_records_it(client, roles, make_offer, world):
    offer = make_offer(reference="NO-PETS", pets_allowed=False)
    client.force_login(roles["coordinator_lyon"])
    household = {"adults": "1", "children": "0", "pets": "on", "date_from": TODAY.strftime("%d/%m/%Y")}
    page = client.post("/admin/offres/attribution/", {**household, "offer": offer.pk})
    assert page.status_code == 200 and "l&#x27;offre n&#x27;accepte pas les animaux" in page.content.decode()
    assert not Allocation.objects.exists()
    done = client.post("/admin/offres/attribution/", {**household, "offer": offer.pk, "override_reason": "Chat en cage, accord de l'hôte"})
    assert done.status_code == 302
    assert Allocation.objects.get().override_reason == "Chat en cage, accord de l'hôte"


def test_matching_results_say_how_the_distance_was_computed_and_the_places_left(client, roles, make_offer, world):
    CommuneCentre.objects.create(commune=world.territory("FR/84/69/69123"), latitude=45.7676, longitude=4.8344)
    make_offer(reference="NO-GPS", step_free=True)
    client.force_login(roles["coordinator_lyon"])
    query = {"adults": "1", "children": "0", "territory": str(world.territory("FR/84/69/69123").pk), "radius_km": "5"}
    page = client.get("/admin/offres/attribution/", query).content.decode()
    assert "centre de la commune de l&#x27;offre (pas de point GPS)" in page and "PMR" in page


def test_the_running_allocations_list_is_scoped_and_ends_an_allocation_with_its_reason(client, roles, make_offer):
    lyon = make_offer(reference="LYON-1", places_max=4, places_available=4)
    grenoble = make_offer("Ville de Grenoble", "FR/84/38/38185", reference="GRENOBLE-1")
    running = allocate(lyon.pk, Household(adults=2), None, "DOSSIER-A")
    other = allocate(grenoble.pk, Household(adults=1), None, "DOSSIER-B")
    client.force_login(roles["coordinator_lyon"])
    page = client.get("/admin/offres/attributions/").content.decode()
    assert "DOSSIER-A" in page and "DOSSIER-B" not in page
    assert client.post("/admin/offres/attributions/", {"allocation": other.pk, "kind": "ended", "reason": "x"}).status_code == 404
    response = client.post("/admin/offres/attributions/", {"allocation": running.pk, "kind": "cancelled", "reason": "Jamais venu"})
    assert response.status_code == 302
    running.refresh_from_db()
    lyon.refresh_from_db()
    assert (running.end_kind, running.end_reason, lyon.places_available) == ("cancelled", "Jamais venu", 4)
    inspect = client.get(f"/admin/offers/inspect/{lyon.pk}/").content.decode()
    assert "Jamais venu" in inspect and "coord.lyon" in inspect


def test_the_dashboard_explains_each_figure_and_marks_todays_row_live(client, roles, make_offer):
    make_offer()
    client.force_login(roles["department_rhone"])
    page = client.get("/admin/offres/pilotage/").content.decode()
    assert "une offre non qualifiée n&#x27;en compte aucune" in page and "(en direct)" in page


@pytest.mark.parametrize("posted", ["abc", "1; DROP TABLE", "9" * 30, ""])
def test_ending_an_allocation_with_a_malformed_id_answers_404_not_500(client, roles, posted):
    client.force_login(roles["coordinator_lyon"])
    response = client.post("/admin/offres/attributions/", {"allocation": posted, "kind": "ended", "reason": "parti"})
    assert response.status_code == 404
