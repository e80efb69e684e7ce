"""``{% load logis_audit %}{% history_link object %}`` puts the history link on any edit screen."""

from django import template

from logis.audit.links import history_url as _history_url

register = template.Library()


@register.simple_tag
def history_url(obj):
    return _history_url(obj)


@register.inclusion_tag("logis/audit/history_link.html")
def history_link(obj):
    return {"url": _history_url(obj)}
