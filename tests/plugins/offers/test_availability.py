""""Still available?" e-mails: signed, single-use, expiring links that update the offer as the host, end to end."""

import datetime
import re
import time

import pytest
from django.core import mail, signing
from django.utils import timezone

from logis.audit.models import AuditEntry
from plugins.offers import availability
from plugins.offers.models import Offer, UsedAvailabilityLink

pytestmark = pytest.mark.django_db


def links(message):
    return dict(re.findall(r"(http://\S+/offres/disponibilite/\S+/)\?reponse=(still|gone)", message.body)[i][::-1] for i in range(2))


def path_of(url):
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


@pytest.fixture
def stale_offer(make_offer):
    offer = make_offer(places_max=4, places_available=4, host_email="helene@exemple.org")
    Offer.objects.filter(pk=offer.pk).update(updated_at=timezone.now() - datetime.timedelta(days=30))
    return offer


def test_the_host_confirms_places_once_through_the_emailed_link_and_is_the_author(client, stale_offer, make_offer, run_jobs):
    fresh = make_offer(host_email="recent@exemple.org", available_until=timezone.localdate() + datetime.timedelta(days=60))
    assert availability.ask_hosts() == 1
    [message] = mail.outbox
    assert message.to == ["helene@exemple.org"] and stale_offer.reference in message.body and fresh.reference not in message.body
    still = path_of(links(message)["still"])
    page = client.get(still + "?reponse=still")
    assert page.status_code == 200 and 'name="places"' in page.content.decode()
    assert Offer.objects.get(pk=stale_offer.pk).places_available == 4  # a GET (a mail scanner) changes nothing
    done = client.post(still, {"reponse": "still", "places": "2"})
    assert done.status_code == 200 and "est enregistrée" in done.content.decode()
    offer = Offer.objects.get(pk=stale_offer.pk)
    assert (offer.places_available, offer.status) == (2, "available") and offer.availability_confirmed_at
    entry = AuditEntry.objects.for_object(offer).filter(action="update").first()
    assert entry.user_repr == availability.HOST_AUTHOR and entry.user is None and entry.changes["places_available"] == [4, 2]
    again = client.post(still, {"reponse": "gone"})
    assert again.status_code == 410 and "déjà été utilisé" in again.content.decode()
    assert Offer.objects.get(pk=stale_offer.pk).status == "available"
    assert availability.ask_hosts() == 0  # asked recently: no second e-mail


def test_the_gone_link_withdraws_the_offer(client, stale_offer):
    availability.ask_hosts()
    gone = path_of(links(mail.outbox[0])["gone"])
    assert client.post(gone, {"reponse": "gone"}).status_code == 200
    assert Offer.objects.get(pk=stale_offer.pk).status == "withdrawn"


def test_expired_forged_or_other_offer_links_are_refused(client, stale_offer, make_offer):
    class Yesterweek(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 8 * 86400)

    expired = Yesterweek(salt=availability.SALT).sign_object({"o": stale_offer.pk, "n": "a" * 32})
    response = client.post(f"/offres/disponibilite/{expired}/", {"reponse": "still", "places": "1"})
    assert response.status_code == 410 and "expiré" in response.content.decode()
    token = availability.make_token(stale_offer)
    forged = token.replace(token.split(":")[0], signing.dumps({"o": make_offer().pk, "n": "b" * 32}, compress=False).split(":")[0])
    assert client.post(f"/offres/disponibilite/{forged}/", {"reponse": "gone"}).status_code == 400
    assert client.post(f"/offres/disponibilite/{token}/", {"reponse": "still", "places": "99"}).status_code == 400
    assert client.post(f"/offres/disponibilite/{token}/", {"reponse": "still", "places": "-1"}).status_code == 400
    assert not UsedAvailabilityLink.objects.exists()  # refused answers do not consume the link
    assert Offer.objects.filter(status="available").count() == 2


def test_coordinators_get_one_reminder_listing_offers_ending_soon_or_not_confirmed(make_offer, run_jobs):
    from plugins.offers.matching import Household, allocate

    ending = make_offer(reference="ENDS-SOON", available_until=timezone.localdate() + datetime.timedelta(days=3))
    allocate(ending.pk, Household(adults=1, date_until=timezone.localdate() + datetime.timedelta(days=2)), None)
    make_offer(reference="LATER", available_until=timezone.localdate() + datetime.timedelta(days=90))
    assert availability.remind_coordinators() == 1
    [message] = [m for m in mail.outbox if m.to == ["crise@mairie.exemple.fr"]]
    assert "ENDS-SOON" in message.body and "LATER" not in message.body
    assert "1 attribution(s) en cours" in message.body  # the coordinator is warned before the offer expires
