"""The calendar feed (valid iCalendar, Europe/Paris, private token), reminders, and the tickets' lifecycle."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from logis.inbox.models import Notification
from plugins.spaces import tickets
from plugins.spaces.agenda import renew_token, send_reminders
from plugins.spaces.models import Event

pytestmark = pytest.mark.django_db
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def event(space, start, **fields):
    return Event.objects.create(space=space, title=fields.pop("title", "Réunion"), starts_at=start,
                                ends_at=start + datetime.timedelta(hours=1), **fields)


def test_the_feed_is_valid_icalendar_in_paris_time_behind_the_private_token(client, space):
    summer = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=PARIS)
    winter = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=PARIS)
    event(space, summer, title="Été", location="Lyon")
    event(space, winter, title="Hiver")
    Event.objects.update(created_at=timezone.now())
    response = client.get(f"/espaces/{space.slug}/agenda.ics?jeton={space.ical_token}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert events["Été"]["dtstart"].dt.hour == 10 and events["Hiver"]["dtstart"].dt.hour == 10
    assert events["Été"]["dtstart"].params["TZID"] == "Europe/Paris"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert client.get(f"/espaces/{space.slug}/agenda.ics?jeton=devine").status_code == 404
    assert client.get(f"/espaces/{space.slug}/agenda.ics").status_code == 404
    old = space.ical_token
    renew_token(space)
    assert client.get(f"/espaces/{space.slug}/agenda.ics?jeton={old}").status_code == 404


def test_a_reminder_reaches_members_once_when_its_time_comes(space, people):
    now = timezone.now()
    soon = event(space, now + datetime.timedelta(minutes=30), remind_minutes=60)
    event(space, now + datetime.timedelta(hours=5), remind_minutes=60, title="Plus tard")
    event(space, now + datetime.timedelta(minutes=5), remind_minutes=0, title="Sans rappel")
    assert send_reminders(now) == 1
    assert send_reminders(now) == 0
    assert Notification.objects.filter(user=people["alice"], title__startswith="Rappel : Réunion").count() == 1
    assert not Notification.objects.filter(user=people["outsider"]).exists()
    soon.refresh_from_db()
    assert soon.reminded_at is not None


def test_the_reminder_job_runs_through_the_scheduler_entry_point(space, people):
    from logis.jobs.queue import run_periodic

    event(space, timezone.now() + datetime.timedelta(minutes=10))
    assert run_periodic("plugins.spaces.jobs.reminders") == {"rappels": 1}


def test_an_event_must_end_after_it_starts(client, space, people):
    client.force_login(people["alice"])
    start = "2026-07-01T10:00:00+02:00"
    response = client.post(f"/api/spaces/{space.slug}/agenda", {"title": "x", "starts_at": start, "ends_at": "2026-07-01T09:00:00+02:00"},
                           content_type="application/json")
    assert response.status_code == 422
    response = client.post(f"/api/spaces/{space.slug}/agenda", {"title": "x", "starts_at": start, "ends_at": start},
                           content_type="application/json")
    assert response.status_code == 201


def test_a_ticket_is_opened_assigned_resolved_and_stays_visible(client, space, people):
    client.force_login(people["alice"])
    number = client.post(f"/api/spaces/{space.slug}/demandes", {"title": "Contacts"}, content_type="application/json").json()["number"]
    assert number == 1
    client.force_login(people["bruno"])
    changed = client.patch(f"/api/spaces/{space.slug}/demandes/1", {"assignee": "bruno"}, content_type="application/json").json()
    assert (changed["status"], changed["assignee"]) == ("in_progress", "bruno")
    resolved = client.patch(f"/api/spaces/{space.slug}/demandes/1", {"status": "resolved"}, content_type="application/json").json()
    assert resolved["status"] == "resolved" and resolved["resolved_at"]
    assert [t["number"] for t in client.get(f"/api/spaces/{space.slug}/demandes").json()] == [1]
    assert client.get(f"/api/spaces/{space.slug}/demandes?status=open").json() == []
    assert Notification.objects.filter(user=people["alice"], title__startswith="Demande n° 1 résolue").exists()
    page = client.get(f"/espaces/{space.slug}/?demandes=resolved").content.decode()
    assert "Contacts" in page


def test_a_ticket_cannot_be_handed_to_a_non_member(client, space, people):
    ticket = tickets.open_ticket(space, people["alice"], "x")
    client.force_login(people["alice"])
    response = client.patch(f"/api/spaces/{space.slug}/demandes/{ticket.number}", {"assignee": "outsider"},
                            content_type="application/json")
    assert response.status_code == 404  # as for an unknown login (tests/plugins/spaces/test_scoping.py)
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_ticket_changes_are_in_the_core_history(space, people):
    from logis.audit.models import AuditEntry
    from logis.middleware import acting_as

    with acting_as(people["alice"]):
        ticket = tickets.open_ticket(space, people["alice"], "x")
        tickets.set_status(ticket, people["alice"], "resolved")
    entries = AuditEntry.objects.filter(object_id=str(ticket.pk), content_type__model="ticket")
    assert entries.count() == 2
