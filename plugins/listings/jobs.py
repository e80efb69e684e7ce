"""Background work of the listings plugin: the nightly rules and the feed files for portals.

Each function runs through :func:`logis.jobs.queue.run` (one transaction, as nobody for the
periodic ones) and calls the rules; ``logis listings feeds`` calls :func:`regenerate_feeds` too.
"""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from wagtail.models import Site

from plugins.listings import contacts, feeds, rules, search
from plugins.listings.models import Listing

FEEDS_DIR = "listings-feeds"


def base_url():
    """The address portals see in the feeds: ``LOGIS_LISTINGS_BASE_URL``, else the default Wagtail site's."""
    configured = getattr(settings, "LOGIS_LISTINGS_BASE_URL", "")
    if configured:
        return configured
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else "http://localhost"


def regenerate_feeds(today=None):
    """Write every feed to the default storage (``listings-feeds/``); ``{format: {"path", "bytes"}}``."""
    written = {}
    root = base_url()
    for fmt, filename in feeds.FILENAMES.items():
        body = feeds.render(fmt, root, today).encode("utf-8")
        path = f"{FEEDS_DIR}/{filename}"
        if default_storage.exists(path):
            default_storage.delete(path)
        default_storage.save(path, ContentFile(body))
        written[fmt] = {"path": path, "bytes": len(body)}
    return written


def daily(today=None):
    """Expire closed windows, re-index windows that open or closed, erase old applicants' data, rewrite the feeds."""
    today = today or timezone.localdate()
    expired = rules.expire_listings(today)
    yesterday = today - datetime.timedelta(days=1)
    moved = list(Listing.objects.filter(status=Listing.Status.PUBLISHED, visible_from=today).values_list("pk", flat=True))
    moved += list(Listing.objects.filter(visible_until=yesterday).values_list("pk", flat=True))
    search.reindex(moved)
    erased = contacts.erase_expired(today)
    regenerate_feeds(today)
    return {"expired": expired, "reindexed": len(moved), "contacts_erased": erased}
