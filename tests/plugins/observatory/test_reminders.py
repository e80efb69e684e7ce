"""Reminders, with the calendar moved: five days before a checkpoint, from the 5th after a missed one; logged, once each."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from logis.jobs import PeriodicJob
from logis.plugins import collect
from plugins.observatory import jobs, rules
from plugins.observatory.models import Reminder
from plugins.observatory.reminders import send_reminders
from tests.plugins.observatory.conftest import YEAR

pytestmark = pytest.mark.django_db

JANUARY_26 = datetime.date(YEAR, 1, 26)    # five days before the checkpoint of 31 January
FEBRUARY_5 = datetime.date(YEAR, 2, 5)     # five days after it


def transmitted(sheet, on):
    """Submit ``sheet`` as if on the day ``on`` (the calendar is moved, not the clock)."""
    rules.submit(sheet, None)
    type(sheet).objects.filter(pk=sheet.pk).update(submitted_at=timezone.make_aware(datetime.datetime.combine(on, datetime.time(10))))


@pytest.fixture
def referent(observatory, person):
    return person("ref.lmh", "observatory.organisation", observatory.landlords["Lyon Métropole Habitat"])


def test_nothing_is_sent_outside_the_windows(observatory, referent):
    assert send_reminders(datetime.date(YEAR, 1, 20)) == {"sent": 0, "failed": 0, "left": 0}
    assert send_reminders(datetime.date(YEAR, 2, 4))["sent"] == 0
    assert mail.outbox == []


def test_before_a_checkpoint_each_sheet_not_transmitted_is_reminded_once(observatory, referent):
    transmitted(observatory.sheet("Grenoble Habitat"), datetime.date(YEAR, 1, 15))
    assert send_reminders(JANUARY_26)["sent"] == 5
    assert "ref.lmh@example.org" in {m.to[0] for m in mail.outbox}
    assert all("31/01/2026" in m.subject for m in mail.outbox)
    assert send_reminders(datetime.date(YEAR, 1, 27))["sent"] == 0  # capped: one "before" reminder per sheet
    assert Reminder.objects.filter(kind=Reminder.Kind.BEFORE).count() == 5
    assert not Reminder.objects.filter(sheet=observatory.sheet("Grenoble Habitat")).exists()


def test_after_a_missed_checkpoint_only_the_latecomers_are_reminded(observatory, referent):
    for name in ("Grenoble Habitat", "Paris Habitat"):
        transmitted(observatory.sheet(name), datetime.date(YEAR, 1, 30))
    # Transmitted after the checkpoint: it missed it all the same.
    transmitted(observatory.sheet("Alliade Habitat"), datetime.date(YEAR, 2, 2))
    assert send_reminders(FEBRUARY_5)["sent"] == 4
    reminded = set(Reminder.objects.filter(kind=Reminder.Kind.AFTER).values_list("sheet__organisation__name", flat=True))
    assert "Alliade Habitat" in reminded and "Grenoble Habitat" not in reminded


def test_a_run_is_capped_and_the_rest_go_out_next_time(observatory):
    assert send_reminders(JANUARY_26, limit=2) == {"sent": 2, "failed": 0, "left": 4}
    assert send_reminders(JANUARY_26, limit=10) == {"sent": 4, "failed": 0, "left": 0}


def test_an_expired_referent_is_not_written_to(observatory, person):
    person("ancien.ref", "observatory.organisation", observatory.landlords["Isère Habitat"],
           valid_until=datetime.date.today() - datetime.timedelta(days=1), valid_from=datetime.date(2020, 1, 1))
    send_reminders(JANUARY_26)
    assert "ancien.ref@example.org" not in {m.to[0] for m in mail.outbox}


def test_a_closed_campaign_sends_nothing(observatory, referent):
    observatory.campaign.is_open = False
    observatory.campaign.save()
    assert send_reminders(JANUARY_26)["sent"] == 0


def test_the_reminders_are_a_periodic_job_running_on_today(observatory, referent):
    declared = [job for job in collect("logis_periodic_jobs") if isinstance(job, PeriodicJob) and job.name == "observatoire-relances"]
    assert declared and declared[0].func == "plugins.observatory.jobs.send_reminders"
    assert jobs.send_reminders()["failed"] == 0
