"""The figures of the listings, by commune: on line, drafts, views, contacts — one definition for the screen, the panel and the API.

Read through the user's scope; an aggregates-only role gets these counts and never a row.
"""

from django.db.models import Count, Q, Sum
from django.utils import timezone

from plugins.listings.models import Contact, Listing


def by_commune(scope, today=None):
    """``[{commune, department, on_line, drafts, views, contacts, new_contacts}]`` in the scope, biggest first (two queries)."""
    today = today or timezone.localdate()
    public = Q(status=Listing.Status.PUBLISHED, visible_from__lte=today, visible_until__gte=today)
    listings = (scope.filter(Listing.objects.all()).values("commune__name", "commune__parent__name", "commune_id")
                .annotate(on_line=Count("pk", filter=public), drafts=Count("pk", filter=Q(status=Listing.Status.DRAFT)),
                          views=Sum("view_count")))
    contacts = {row["listing__commune_id"]: row for row in (
        scope.filter(Contact.objects.all()).values("listing__commune_id")
        .annotate(total=Count("pk"), new=Count("pk", filter=Q(status=Contact.Status.NEW))))}
    rows = [{"commune": r["commune__name"], "department": r["commune__parent__name"] or "", "on_line": r["on_line"],
             "drafts": r["drafts"], "views": r["views"] or 0, "contacts": contacts.get(r["commune_id"], {}).get("total", 0),
             "new_contacts": contacts.get(r["commune_id"], {}).get("new", 0)} for r in listings]
    return sorted(rows, key=lambda r: (-r["on_line"], r["commune"]))


def totals(rows):
    keys = ("on_line", "drafts", "views", "contacts", "new_contacts")
    return {key: sum(row[key] for row in rows) for key in keys}
