"""The Housing Tool rules: 0 places, end date + 1 day, retention of personal data, audit history."""

import datetime

import pytest
from django.utils import timezone

from logis.audit.models import AuditEntry
from logis.jobs.models import JobRecord
from logis.jobs.queue import periodic_jobs, run_periodic
from plugins.offers import rules
from plugins.offers.models import DailySnapshot, Offer, OffersSettings

pytestmark = pytest.mark.django_db


def test_an_offer_with_no_place_left_leaves_the_available_list_and_comes_back(make_offer):
    offer = make_offer(places_max=2, places_available=2)
    offer.places_available = 0
    rules.apply_places(offer).save()
    assert offer.status == Offer.Status.FULL
    assert not Offer.objects.allocatable().filter(pk=offer.pk).exists()
    offer.places_available = 1
    rules.apply_places(offer).save()
    assert offer.status == Offer.Status.AVAILABLE
    assert Offer.objects.allocatable().filter(pk=offer.pk).exists()


def test_places_do_not_make_an_unvetted_offer_available(make_offer):
    offer = make_offer(status=Offer.Status.SUBMITTED, places_available=3)
    assert rules.apply_places(offer).status == Offer.Status.SUBMITTED


def test_vetting_needs_the_whole_checklist(make_offer, person, world):
    agent = person("verif", "offers.coordinator", world.organisation("Ville de Lyon"))
    offer = make_offer(status=Offer.Status.SUBMITTED, vetted_at=None, **{n: False for n in Offer.CHECKLIST_FIELDS})
    rules.vet(offer, {"visit_done": True, "sanitation_checked": True}, agent)
    assert (offer.status, offer.vetted_at) == (Offer.Status.VETTING, None)
    rules.vet(offer, dict.fromkeys(Offer.CHECKLIST_FIELDS, True), agent)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AVAILABLE
    assert offer.vetted_by == agent and offer.vetted_at is not None


def test_the_daily_job_withdraws_offers_past_their_end_date_by_more_than_one_day(make_offer):
    today = timezone.localdate()
    ended_two_days_ago = make_offer(available_from=today - datetime.timedelta(days=30), available_until=today - datetime.timedelta(days=2))
    ended_yesterday = make_offer(available_from=today - datetime.timedelta(days=30), available_until=today - datetime.timedelta(days=1))
    open_ended = make_offer(available_until=None)
    result = run_periodic("plugins.offers.jobs.daily")
    assert result["expired"] == 1
    statuses = dict(Offer.objects.values_list("pk", "status"))
    assert statuses == {ended_two_days_ago.pk: "expired", ended_yesterday.pk: "available", open_ended.pk: "available"}
    entry = AuditEntry.objects.for_object(ended_two_days_ago).get(action="update")
    assert entry.changes["status"] == ["available", "expired"]
    assert JobRecord.objects.get(func="plugins.offers.jobs.daily").status == "finished"
    assert [(job.func, job.cron) for job in periodic_jobs() if job.func.startswith("plugins.offers")] == [
        ("plugins.offers.jobs.daily", "15 2 * * *"), ("plugins.offers.jobs.ask_availability", "0 9 * * *")]


def test_personal_data_is_erased_after_the_retention_period_leaving_statistics(make_offer):
    settings = OffersSettings.load()
    settings.retention_days = 30
    settings.save()
    now = timezone.now()
    old = make_offer(status=Offer.Status.WITHDRAWN, withdrawn_at=now - datetime.timedelta(days=31), places_max=5, places_available=2)
    recent = make_offer(status=Offer.Status.EXPIRED, withdrawn_at=now - datetime.timedelta(days=29))
    live = make_offer()
    assert rules.erase_personal_data(now) == 1
    old.refresh_from_db()
    assert (old.host_name, old.host_email, old.host_phone, old.street) == ("", "", "", "")
    assert old.personal_data_erased_at is not None
    assert (old.places_max, old.places_available, old.commune.code) == (5, 2, "69123")
    for kept in (recent, live):
        kept.refresh_from_db()
        assert kept.host_email == "martine@exemple.org"
    assert rules.erase_personal_data(now) == 0


def test_the_history_never_holds_the_personal_data_it_would_have_to_erase(make_offer):
    offer = make_offer()
    offer.host_email = "autre@exemple.org"
    offer.places_available = 1
    offer.save()
    entries = list(AuditEntry.objects.for_object(offer))
    assert [e.action for e in entries] == ["update", "create"]
    assert set(entries[0].changes) >= {"places_available"}
    text = str([e.changes for e in entries])
    assert "martine@exemple.org" not in text and "autre@exemple.org" not in text and "Martine" not in text
    assert entries[1].changes["reference"] == [None, offer.reference]


def test_the_daily_snapshot_counts_places_per_commune(make_offer):
    make_offer(places_max=4, places_available=1)
    make_offer(places_max=2, places_available=2)
    make_offer(commune_path="FR/84/69/69266", places_max=10, places_available=10)
    make_offer(status=Offer.Status.WITHDRAWN, places_max=50, places_available=50)
    rules.take_snapshot()
    rows = {s.commune.code: (s.offers, s.places_offered, s.places_available) for s in DailySnapshot.objects.all()}
    assert rows == {"69123": (2, 6, 3), "69266": (1, 10, 10)}
