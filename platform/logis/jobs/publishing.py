"""Scheduled publishing: the go-live and expiry dates editors set in the admin, applied every minute.

Wagtail stores them (``approved_go_live_at`` on a revision, ``expire_at`` on
the live object) and leaves applying them to its ``publish_scheduled``
command; the core scheduler runs it as a periodic job like any other, so that
``logis serve``, docker-compose and production all apply the dates without a
cron of their own.
"""

from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from logis.jobs import PeriodicJob

SCHEDULED_PUBLISHING = PeriodicJob(
    "logis.jobs.publishing.publish_scheduled", "* * * * *", name="publication-programmee",
    description="Publie les révisions dont la date de mise en ligne est passée et dépublie les pages expirées.",
)


def publish_scheduled():
    """Run Wagtail's ``publish_scheduled``; return how many revisions were due to go live."""
    due = Revision.objects.filter(approved_go_live_at__lt=timezone.now()).count()
    call_command("publish_scheduled", stdout=StringIO())
    return {"due": due}
