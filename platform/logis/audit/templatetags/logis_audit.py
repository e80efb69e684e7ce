"""``{% load logis_audit %}``: ``{% history_link object %}`` puts the history link on any screen,
``{% history_table object %}`` its last changes, in the history page's labelled before → after table.

The table shows what the screen's reader may already see (the object's own
screen is scoped); the full history stays behind its own checks.
"""

from django import template

from logis.audit.display import with_changes
from logis.audit.links import history_url as _history_url
from logis.audit.models import AuditEntry
from logis.audit.recorder import is_audited

register = template.Library()


@register.simple_tag
def history_url(obj):
    return _history_url(obj)


@register.inclusion_tag("logis/audit/history_link.html")
def history_link(obj):
    return {"url": _history_url(obj)}


@register.inclusion_tag("logis/audit/history_table.html")
def history_table(obj, limit=50):
    """The last ``limit`` entries of an audited ``obj`` (nothing for a model without history)."""
    if not is_audited(type(obj)):
        return {"audited": False}
    entries = AuditEntry.objects.for_object(obj).select_related("content_type")[:limit]
    return {"audited": True, "rows": with_changes(entries), "url": _history_url(obj)}
