"""Audit entries as people read them: field labels, choice labels, names instead of ids.

The recorder stores raw values (ids, codes, ISO dates) so that history never
depends on today's data; this turns a page of entries into "Organisation :
Ville de Lyon → Ville de Villeurbanne" with one query per related model. A
model may show its own codes with a ``history_value(field_name, value)``
static method (``None``: shown as usual).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from logis.exports import display_date

EMPTY = "—"


@dataclass
class Change:
    label: str
    before: str
    after: str


def _field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _related_names(entries):
    """``{related model: {str(pk): str(object)}}`` for every foreign key value on the page."""
    wanted = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, pair in entry.changes.items():
            field = _field(model, name) if model else None
            if field is not None and field.many_to_one:
                wanted[field.related_model].update(value for value in pair if value not in (None, ""))
            elif field is not None and field.many_to_many:
                wanted[field.related_model].update(value for ids in pair for value in ids or ())
    return {
        related: {str(pk): str(obj) for pk, obj in related._default_manager.in_bulk(list(ids)).items()}
        for related, ids in wanted.items()
    }


def _related_name(field, pk, names):
    return names.get(field.related_model, {}).get(str(pk), _("n° %(id)s (supprimé)") % {"id": pk})


def _show(model, field, value, names):
    if value in (None, "", []):
        return EMPTY
    if field is None:
        return str(value)
    custom = getattr(model, "history_value", None)
    shown = custom(field.name, value) if custom else None
    if shown is not None:
        return shown
    if field.many_to_many:
        return ", ".join(_related_name(field, pk, names) for pk in value)
    if field.many_to_one:
        return _related_name(field, value, names)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("Oui") if value else _("Non")
    if isinstance(field, models.DateTimeField):
        parsed = parse_datetime(str(value))
        return display_date(parsed) if parsed else str(value)
    if isinstance(field, models.DateField):
        parsed = parse_date(str(value))
        return display_date(parsed) if parsed else str(value)
    return str(value)


def with_changes(entries):
    """``[(entry, [Change, ...])]`` for a page of entries (``content_type`` selected with them)."""
    entries = list(entries)
    names = _related_names(entries)
    described = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, (before, after) in entry.changes.items():
            field = _field(model, name) if model else None
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue  # a creation date says nothing the entry's own date does not
            label = capfirst(str(field.verbose_name)) if field is not None else name
            changes.append(Change(label, _show(model, field, before, names), _show(model, field, after, names)))
        described.append((entry, changes))
    return described
