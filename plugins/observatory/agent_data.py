"""What the observatory holds about an agent (a user account): the sheets he transmitted or reviewed.

For the core's GDPR rights: the export lists them (only those of
``organisations`` for a role manager's partial view); the erasure unlinks the
account from the sheets (the sheets and their figures stay; the history
records the unlinking through ``bulk_update``).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from logis.audit import bulk_update
from plugins.observatory.models import Sheet


def personal_data(user, erase, organisations=None):
    sheets = Sheet.objects.filter(Q(submitted_by=user) | Q(reviewed_by=user))
    if organisations is not None and not erase:
        sheets = sheets.filter(organisation__in=organisations)
    if not sheets.exists():
        return None
    if erase:
        return {"sheets_submitted": bulk_update(Sheet.objects.filter(submitted_by=user), {"submitted_by": None}),
                "sheets_reviewed": bulk_update(Sheet.objects.filter(reviewed_by=user), {"reviewed_by": None})}
    return {_("Fiches de l'observatoire transmises ou relues"): [
        {"campaign": s.campaign.code, "organisation": s.organisation.name, "department": s.department.code,
         "submitted_at": s.submitted_at.isoformat() if s.submitted_by_id == user.pk and s.submitted_at else "",
         "reviewed_at": s.reviewed_at.isoformat() if s.reviewed_by_id == user.pk and s.reviewed_at else ""}
        for s in sheets.select_related("campaign", "organisation", "department").order_by("pk")]}
