"""Audit entries for changes made in bulk, where Django sends no save signal.

Imports (``bulk_create``/``bulk_update``), the daily expiry and the allocation
counter bypass ``Model.save()`` for speed and atomicity, so the core recorder
does not see them. This writes the same field-level entries the recorder
writes, in one ``bulk_create`` per batch, with the personal fields left out as
the recorder leaves them out.
"""

from django.contrib.contenttypes.models import ContentType

from logis.audit.models import AuditEntry
from logis.audit.recorder import snapshot
from logis.middleware import get_current_user


def changes_between(before, after):
    """``{field: [before, after]}`` for the audited fields that differ."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def creation_changes(obj, values=None):
    """What a creation entry records; from the imported ``values`` when given (cheaper than a snapshot)."""
    if values is None:
        return {name: [None, value] for name, value in snapshot(obj).items() if value not in (None, "")}
    return {name: [None, _plain(value)] for name, value in values.items()
            if value not in (None, "") and getattr(type(obj)._meta.get_field(name), "audit", True)}


def _plain(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    return getattr(value, "pk", None) or str(value)


def plain_value(value):
    """A value as the history stores it: ``None`` and plain types as they are, dates in ISO form, records by id."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return _plain(value)


def plain(values):
    return {name: plain_value(value) for name, value in values.items()}


def record(entries, action, batch_size=1000, author=None):
    """Write one audit entry per ``(offer, changes)`` pair; entries without changes are skipped.

    ``author`` names someone without an account (a host answering a link); otherwise the current user.
    """
    user = None if author else get_current_user()
    user_repr = (author or (user.get_username() if user else "système"))[:150]
    rows = []
    content_types = {}
    for obj, changes in entries:
        if not changes:
            continue
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        rows.append(AuditEntry(
            content_type=content_types[model], object_id=str(obj.pk), object_repr=str(obj)[:255], action=action,
            changes=changes, user=user, user_repr=user_repr, territory_path=obj.commune.path,
        ))
    AuditEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)
