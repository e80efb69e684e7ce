"""Records field-level before/after values for the models plugins register.

Models come from the ``logis_audited_models`` hook (and :func:`audit` for the
core's own). The author is the user of the current request, or the one set
with :class:`logis.middleware.acting_as` in jobs and commands. A many-to-many
field's change is an entry of its own, holding the related ids before/after.
"""

import functools
import operator

from django.db.models import Field
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from logis.middleware import get_current_user
from logis.plugins import collect

_registered = set()
#: through model of an audited many-to-many field → (the model holding the field, its name).
_m2m_fields = {}


@functools.cache
def _audited_fields(model):
    """``(names, read)``: the model's audited fields, and a function reading their values at once (imports snapshot every row)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and getattr(f, "audit", True)]
    if all(type(f).value_from_object is Field.value_from_object for f in fields) and len(fields) > 1:
        return [f.name for f in fields], operator.attrgetter(*(f.attname for f in fields))
    return [f.name for f in fields], lambda obj: [f.value_from_object(obj) for f in fields]


#: Types stored as they are in an entry (looked up by class first: an import snapshots every row).
_AS_IS = (bool, int, float, str)
_AS_IS_CLASSES = frozenset({*_AS_IS, type(None)})


def _stored(value):
    """How an entry keeps a value: as it is for JSON's own types, as text otherwise (a date, a decimal)."""
    return value if value.__class__ in _AS_IS_CLASSES or isinstance(value, _AS_IS) else str(value)


def snapshot(obj):
    names, read = _audited_fields(type(obj))
    return {name: _stored(value) for name, value in zip(names, read(obj))}


def creation_changes(obj):
    """A creation's changes, ``changes_between({}, snapshot(obj))`` in one pass: an import records every row it creates."""
    names, read = _audited_fields(type(obj))
    return {name: [None, value] for name, raw in zip(names, read(obj)) if (value := _stored(raw)) not in (None, "")}


def changes_between(before, after):
    """``{field: [before, after]}`` for the fields of two snapshots that differ; from ``{}``: a creation's non-empty values."""
    if not before:
        return {name: [None, value] for name, value in after.items() if value not in (None, "")}
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def territory_path(obj):
    """The path of the territory ``obj``'s ``scoping`` names ("" for a model without one)."""
    scoping = getattr(type(obj), "scoping", None)
    if scoping is None:
        return ""
    target = obj
    for part in scoping.territory_field().split("__"):
        target = getattr(target, part, None)
        if target is None:
            return ""
    return getattr(target, "path", "")


def record(obj, action, changes):
    """Write one entry about ``obj``, by the current user; also for events no signal sees (an erasure)."""
    from logis.audit.models import AuditEntry
    from django.contrib.contenttypes.models import ContentType

    user = get_current_user()
    AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        action=action,
        changes=changes,
        user=user,
        user_repr=(user.get_username() if user else "système")[:150],
        territory_path=territory_path(obj),
    )


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_before = None
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(previous) if previous else None


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        record(instance, "create", changes_between({}, after))
        return
    changes = changes_between(before, after)
    if changes:
        record(instance, "update", changes)


def _after_delete(sender, instance, **kwargs):
    record(instance, "delete", {k: [v, None] for k, v in snapshot(instance).items() if v not in (None, "")})


def _related_ids(instance, name):
    return sorted(getattr(instance, name).values_list("pk", flat=True))


def _m2m_changed(sender, instance, action, reverse, **kwargs):
    """A many-to-many field's before/after is the sorted list of related ids."""
    owner, name = _m2m_fields.get(sender, (None, None))
    if reverse or owner is None or not isinstance(instance, owner):
        return
    if action.startswith("pre_"):
        instance.__dict__.setdefault("_audit_m2m_before", {})[name] = _related_ids(instance, name)
    elif action.startswith("post_"):
        before = instance.__dict__.get("_audit_m2m_before", {}).pop(name, None)
        after = _related_ids(instance, name)
        if before is not None and before != after:
            record(instance, "update", {name: [before, after]})


def audit(model):
    """Record every change of ``model`` (idempotent); usable as a class decorator."""
    if model in _registered:
        return model
    _registered.add(model)
    uid = f"logis-audit-{model._meta.label_lower}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_after_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid + "-del")
    for field in model._meta.many_to_many:
        if getattr(field, "audit", True):
            _m2m_fields[field.remote_field.through] = (model, field.name)
            m2m_changed.connect(_m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field.name}")
    return model


def is_audited(model):
    return model in _registered


def audited_models():
    return sorted(_registered, key=lambda model: model._meta.label)


def connect_audited_models():
    from logis.accounts.models import Organisation, RoleAssignment, Territory

    for model in (Territory, Organisation, RoleAssignment, *collect("logis_audited_models")):
        audit(model)
