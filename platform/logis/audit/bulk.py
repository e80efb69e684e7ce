"""History and search for writes that send no signal: ``bulk_create``, ``bulk_update``, ``QuerySet.update()``.

Imports, daily jobs and place counters write in bulk for speed and atomicity,
so the recorder's save signals never see them. :func:`bulk_update` is the one
way to change rows in bulk: it snapshots them, updates them, writes one entry
per changed row and tells search. :func:`record_many` writes the entries of
changes the caller made itself (rows it created in bulk), as fast as the rows
themselves (:func:`logis.fast_insert.insert`). Both leave out the fields
marked ``audit = False`` and take the territory from the model's ``scoping``.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from logis.audit.models import AuditEntry
from logis.audit.recorder import changes_between, creation_changes, snapshot, territory_path
from logis.fast_insert import insert, instances
from logis.middleware import get_current_user
from logis.search_documents import records_changed, types_watching

BATCH = 1000


def record_many(entries, action, author=None, batch_size=BATCH):
    """One entry per ``(obj, changes)`` pair, by the current user, in batches; pairs without changes are skipped.

    ``changes`` is ``{field: [before, after]}`` (:func:`changes_between`), or
    ``None`` for a creation: every value of the new row. ``author`` names
    someone without an account (a host answering a link). Returns the count.
    """
    user = None if author else get_current_user()
    user_repr = (author or (user.get_username() if user else "système"))[:150]
    user_id = user.pk if user else None
    content_types, rows = {}, []
    for obj, changes in entries:
        if changes is None:
            changes = creation_changes(obj)
        if not changes:
            continue
        model = type(obj)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model)
        rows.append({"content_type_id": content_types[model].pk, "object_id": str(obj.pk), "object_repr": str(obj)[:255],
                     "changes": changes, "territory_path": territory_path(obj)})
    insert(instances(AuditEntry, rows, action=action, user_id=user_id, user_repr=user_repr), batch_size=batch_size)
    return len(rows)


def _related(model):
    """The scoping's territory relation, read with the rows: it gives their territory path and, usually, their name."""
    scoping = getattr(model, "scoping", None)
    return [scoping.territory_field()] if scoping is not None and scoping.territory_field() else []


def bulk_update(queryset, values, author=None, lock=False):
    """``queryset.update(**values)`` with one history entry per changed row and the search index told; returns the rows updated.

    ``values`` may hold expressions (``F``, ``Case``): the rows are read again
    after the update. The update keeps ``queryset``'s conditions, so a
    conditional update still decides on the row as it is when written;
    ``lock`` holds the rows from the first read to the end of the transaction.
    """
    model, related = queryset.model, _related(queryset.model)
    with transaction.atomic():
        reading = queryset.select_related(*related)
        before = {obj.pk: snapshot(obj) for obj in (reading.select_for_update(of=("self",)) if lock else reading)}
        if not before:
            return 0
        updated = queryset.filter(pk__in=list(before)).update(**values)
        after = list(model._default_manager.filter(pk__in=list(before)).select_related(*related))
        record_many([(obj, changes_between(before[obj.pk], snapshot(obj))) for obj in after], "update", author=author)
        for type_name in types_watching(model):
            records_changed(type_name, [obj.pk for obj in after])
    return updated
