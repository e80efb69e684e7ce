"""Bulk actions of the offers list: confirmed in French, audited, scoped (one foreign id refuses all), bounded."""

import datetime

import pytest
from django.utils import timezone

from logis.audit.models import AuditEntry
from plugins.offers.matching import Household, allocate
from plugins.offers.models import Offer

pytestmark = pytest.mark.django_db
URL = "/admin/offers/actions/"
TODAY = timezone.localdate()


def submitted(make_offer, *args, **fields):
    return make_offer(*args, status=Offer.Status.SUBMITTED, vetted_at=None, visit_done=False, **fields)


def test_the_list_offers_the_actions_the_user_may_take_with_a_box_per_row(client, roles, make_offer):
    offer = make_offer(reference="BOX-1")
    client.force_login(roles["coordinator_lyon"])
    page = client.get("/admin/offers/").content.decode()
    assert f'name="ids" value="{offer.pk}" form="offers-bulk"' in page
    assert 'value="vet"' in page and 'value="withdraw"' in page and 'value="extend"' in page and 'value="export"' in page


def test_vetting_asks_for_confirmation_then_vets_each_offer_with_its_history(client, roles, make_offer):
    offers = [submitted(make_offer, reference=f"VET-{i}") for i in range(2)]
    client.force_login(roles["coordinator_lyon"])
    ids = [offer.pk for offer in offers]
    question = client.post(URL, {"action": "vet", "ids": ids})
    assert question.status_code == 200 and "Qualifier ces offres ?" in question.content.decode()
    assert set(Offer.objects.values_list("status", flat=True)) == {"submitted"}  # nothing written before the confirmation
    done = client.post(URL, {"action": "vet", "ids": ids, "confirm": "1"}, follow=True)
    assert "2 offres qualifiées." in done.content.decode()
    for offer in offers:
        offer.refresh_from_db()
        assert (offer.status, offer.vetted_by, offer.visit_done) == ("available", roles["coordinator_lyon"], True)
        [entry] = AuditEntry.objects.for_object(offer).filter(action="update")
        assert entry.changes["status"] == ["submitted", "available"] and entry.user == roles["coordinator_lyon"]


@pytest.mark.parametrize("action", ["vet", "withdraw", "extend", "export"])
def test_one_offer_of_another_territory_in_the_post_refuses_everything(client, roles, make_offer, action):
    mine = submitted(make_offer, reference="MINE")
    theirs = submitted(make_offer, "Ville de Grenoble", "FR/84/38/38185", reference="THEIRS")
    client.force_login(roles["coordinator_lyon"])
    until = (TODAY + datetime.timedelta(days=90)).strftime("%d/%m/%Y")
    response = client.post(URL, {"action": action, "ids": [mine.pk, theirs.pk], "confirm": "1", "until": until})
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(content_type__model="offer", action="update").exists()
    assert list(Offer.objects.order_by("pk").values_list("status", "available_until")) == [
        ("submitted", mine.available_until), ("submitted", theirs.available_until)]


@pytest.mark.parametrize("ids", [["abc"], ["-3"], [str(2**64)], ["1 OR 1=1"]])
def test_malformed_ids_answer_404(client, roles, make_offer, ids):
    make_offer()
    client.force_login(roles["coordinator_lyon"])
    assert client.post(URL, {"action": "withdraw", "ids": ids, "confirm": "1"}).status_code == 404


def test_the_selection_is_bounded_and_an_unknown_action_or_empty_selection_is_explained(client, roles, make_offer):
    offer = make_offer()
    client.force_login(roles["coordinator_lyon"])
    too_many = client.post(URL, {"action": "withdraw", "ids": list(range(1, 202)), "confirm": "1"}, follow=True)
    assert "Au plus 200 offres à la fois." in too_many.content.decode()
    assert "Cochez au moins une offre." in client.post(URL, {"action": "withdraw"}, follow=True).content.decode()
    assert "Choisissez une action." in client.post(URL, {"action": "drop", "ids": [offer.pk]}, follow=True).content.decode()
    offer.refresh_from_db()
    assert offer.status == "available"


def test_withdrawing_keeps_offers_that_lodge_a_household_and_says_so(client, roles, make_offer):
    free, lodging = make_offer(reference="FREE"), make_offer(reference="LODGING")
    allocate(lodging.pk, Household(adults=1), None)
    client.force_login(roles["coordinator_lyon"])
    question = client.post(URL, {"action": "withdraw", "ids": [free.pk, lodging.pk]}).content.decode()
    assert "1 offre a des attributions en cours : elle ne sera pas retirée." in question
    done = client.post(URL, {"action": "withdraw", "ids": [free.pk, lodging.pk], "confirm": "1"}, follow=True).content.decode()
    assert "1 offre retirée (1 laissée(s) telle(s) quelle(s)" in done
    assert dict(Offer.objects.values_list("reference", "status")) == {"FREE": "withdrawn", "LODGING": "available"}


def test_extending_checks_the_date_then_moves_the_end_date(client, roles, make_offer):
    offers = [make_offer(reference=f"EXT-{i}") for i in range(2)]
    ids = [offer.pk for offer in offers]
    client.force_login(roles["department_rhone"])
    too_far = (TODAY + datetime.timedelta(days=3000)).strftime("%d/%m/%Y")
    refused = client.post(URL, {"action": "extend", "ids": ids, "confirm": "1", "until": too_far})
    assert refused.status_code == 200 and "Choisissez une date entre aujourd" in refused.content.decode()
    until = TODAY + datetime.timedelta(days=120)
    done = client.post(URL, {"action": "extend", "ids": ids, "confirm": "1", "until": until.strftime("%d/%m/%Y")}, follow=True)
    assert "2 offres prolongées." in done.content.decode()
    assert set(Offer.objects.values_list("available_until", flat=True)) == {until}
    assert AuditEntry.objects.filter(content_type__model="offer", action="update").count() == 2


def test_exporting_the_selection_writes_only_the_ticked_offers_for_french_excel(client, roles, make_offer):
    ticked, _other = make_offer(reference="TICKED", remarks="=HYPERLINK(1)"), make_offer(reference="NOT-TICKED")
    client.force_login(roles["coordinator_lyon"])
    response = client.post(URL, {"action": "export", "ids": [ticked.pk]})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    assert body.startswith(b"\xef\xbb\xbf") and "TICKED" in text and "NOT-TICKED" not in text and ";" in text
    assert "=HYPERLINK" not in text.replace("'=HYPERLINK", "")


def test_roles_without_the_actions_permission_are_refused(client, roles, make_offer):
    offer = submitted(make_offer)
    client.force_login(roles["national"])
    assert client.post(URL, {"action": "vet", "ids": [offer.pk], "confirm": "1"}).status_code in (302, 403)  # Wagtail: back home
    offer.refresh_from_db()
    assert offer.status == "submitted"
