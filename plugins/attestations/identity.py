"""Controlled identity changes (the SNE fraud plan) and the anomaly flags of the monitoring screen.

A counter agent's change to a name, the birth date or a contact is applied at
once only when minor (:func:`rules.is_minor_change`); otherwise it waits for a
counter manager or the territorial manager, and the applicant keeps the old
values — documents issued meanwhile print them. Diverted files showed three
signs, flagged here: changes on old files, one agent changing many files in a
day, a change soon followed by an attestation.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plugins.attestations.models import Applicant, IdentityChange, IssuedDocument
from plugins.attestations.rules import is_minor_change

#: A file at least this old is "ancient": the kind fraudsters divert for its seniority.
OLD_FILE = datetime.timedelta(days=2 * 365)
#: More distinct files than this changed by one agent in a day is flagged.
BUSY_AGENT = 5
#: A document issued within this delay after a change is flagged.
DOWNLOAD_AFTER = datetime.timedelta(days=7)
FLAGS = {
    "old_file": gettext_lazy("Dossier ancien"),
    "busy_agent": gettext_lazy("Agent ayant modifié de nombreux dossiers ce jour"),
    "then_issued": gettext_lazy("Attestation délivrée juste après"),
}


class IdentityChangeRefused(ValueError):
    """A change that cannot be made (unknown field, decision on a change already decided)."""


def _as_text(value):
    return value.isoformat() if isinstance(value, datetime.date) else (value or "")


def _checked(field, text):
    """``text`` as the field stores it (a birth date as ISO, from dd/mm/yyyy too); refused in French when invalid."""
    if field == "birth_date" and "/" in text:
        day, _sep, rest = text.partition("/")
        month, _sep, year = rest.partition("/")
        text = f"{year}-{month}-{day}"
    model_field = Applicant._meta.get_field(field)
    try:
        value = model_field.clean(text, None)
    except ValidationError as error:
        raise IdentityChangeRefused(f"{model_field.verbose_name} : {' '.join(error.messages)}") from None
    return _as_text(value)


def _apply(applicant, field, text):
    value = Applicant._meta.get_field(field).to_python(text or None) if field == "birth_date" else text
    setattr(applicant, field, value)
    if field == "email":
        applicant.email_bounced_at = None  # a new address has not bounced yet
    applicant.full_clean(validate_unique=False, validate_constraints=False)
    applicant.save()


def request_change(applicant, field, new_value, user, organisation):
    """Record a change made at a counter; applied now if minor, else pending. ``None`` when nothing changes."""
    if field not in Applicant.IDENTITY_FIELDS:
        raise IdentityChangeRefused(_("Ce champ ne relève pas du contrôle des modifications d'identité : %(f)s.") % {"f": field[:30]})
    old, new = _as_text(getattr(applicant, field)), _checked(field, _as_text(new_value).strip())
    if old == new:
        return None
    minor = is_minor_change(field, old, new)
    if minor:
        _apply(applicant, field, new)
    return IdentityChange.objects.create(
        applicant=applicant, field=field, old_value=old, new_value=new, minor=minor, organisation=organisation,
        state=IdentityChange.State.VALIDATED if minor else IdentityChange.State.PENDING, requested_by=user,
        decided_at=timezone.now() if minor else None)


def decide(change, user, approve):
    """Validate (the new value is applied) or reject (the old one stays) a pending change."""
    if change.state != IdentityChange.State.PENDING:
        raise IdentityChangeRefused(_("Cette modification a déjà été traitée."))
    if approve:
        _apply(change.applicant, change.field, change.new_value)
    change.state = IdentityChange.State.VALIDATED if approve else IdentityChange.State.REJECTED
    change.decided_by, change.decided_at = user, timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at"])
    return change


def flags(changes):
    """``{change pk: [flag code, ...]}`` for a page of changes, in three queries whatever its length."""
    changes = list(changes)
    if not changes:
        return {}
    agents = {c.requested_by_id for c in changes}
    days = {timezone.localtime(c.requested_at).date() for c in changes}
    busy = {(row["requested_by"], row["day"]) for row in
            IdentityChange.objects.filter(requested_by__in=agents).annotate(day=TruncDate("requested_at"))
            .filter(day__in=days).values("requested_by", "day")
            .annotate(files=Count("applicant", distinct=True)).filter(files__gt=BUSY_AGENT)}
    since = min(c.requested_at for c in changes)
    issued = {}
    for row in (IssuedDocument.objects.filter(applicant__in={c.applicant_id for c in changes}, issued_at__gte=since)
                .values("applicant", "issued_at")):
        issued.setdefault(row["applicant"], []).append(row["issued_at"])
    result = {}
    for change in changes:
        found = []
        if change.applicant.filing_date <= timezone.localtime(change.requested_at).date() - OLD_FILE:
            found.append("old_file")
        if (change.requested_by_id, timezone.localtime(change.requested_at).date()) in busy:
            found.append("busy_agent")
        if any(change.requested_at <= at <= change.requested_at + DOWNLOAD_AFTER for at in issued.get(change.applicant_id, ())):
            found.append("then_issued")
        result[change.pk] = found
    return result
