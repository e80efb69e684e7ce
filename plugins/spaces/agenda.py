"""The calendar of a space: events in Europe/Paris, an iCalendar feed behind a private token, reminders.

Times are stored in UTC and written to the feed with their Europe/Paris time
zone (``TZID``), so that calendar software shows the hour people agreed on,
summer or winter. The feed's token is the space's own secret: whoever holds
the address reads the calendar, so members can renew it.
"""

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from logis.notifications import notify_users
from plugins.spaces.models import Event, Space, new_token
from plugins.spaces.rules import members

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
FEED_DAYS_BACK = 365
FEED_LIMIT = 2000
SOURCE = "spaces"
#: The longest reminder an event may ask for (30 days): bounds the events the job reads.
MAX_REMINDER_MINUTES = 60 * 24 * 30


def space_for_feed(slug, token):
    """The space whose feed ``token`` opens, or ``None`` (compared in constant time)."""
    space = Space.objects.filter(slug=slug).first()
    if space is None or not token or not secrets.compare_digest(space.ical_token, str(token)):
        return None
    return space


def renew_token(space):
    space.ical_token = new_token()
    space.save(update_fields=["ical_token"])
    return space.ical_token


def ical_feed(space):
    """The space's events (from a year back) as an iCalendar file."""
    import icalendar  # only the feed needs it: kept off every command's start-up (issue 13)

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Logis//Espaces collaboratifs//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", space.name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    since = timezone.now() - datetime.timedelta(days=FEED_DAYS_BACK)
    for event in Event.objects.filter(space=space, ends_at__gte=since).order_by("starts_at")[:FEED_LIMIT]:
        entry = icalendar.Event()
        entry.add("uid", f"spaces-event-{event.pk}@{settings.WAGTAILADMIN_BASE_URL.split('//')[-1]}")
        entry.add("summary", event.title)
        entry.add("dtstart", event.starts_at.astimezone(PARIS))
        entry.add("dtend", event.ends_at.astimezone(PARIS))
        entry.add("dtstamp", event.created_at)
        if event.location:
            entry.add("location", event.location)
        if event.description:
            entry.add("description", event.description)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def send_reminders(now=None):
    """Notify members of events whose reminder time has come; each event is reminded once. Returns the count."""
    now = now or timezone.now()
    coming = Event.objects.filter(reminded_at__isnull=True, remind_minutes__gt=0, starts_at__gt=now,
                                  starts_at__lte=now + datetime.timedelta(minutes=MAX_REMINDER_MINUTES)).select_related("space")
    count = 0
    for event in coming:
        if event.starts_at - datetime.timedelta(minutes=event.remind_minutes) > now:
            continue
        local = event.starts_at.astimezone(PARIS)
        notify_users(members(event.space), _("Rappel : %(title)s le %(date)s à %(hour)s") % {
            "title": event.title, "date": local.strftime("%d/%m/%Y"), "hour": local.strftime("%H:%M")},
            event.location, "", SOURCE)
        Event.objects.filter(pk=event.pk).update(reminded_at=now)
        count += 1
    return count
