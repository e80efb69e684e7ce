"""Row counts of every table of the platform: what "a refused write leaves nothing half-written" is checked against.

The fuzzing suites (forms, API bodies) count the rows of every concrete model
of the core, the content, the search and the plugins before and after a
request; a refused request must leave every count as it was.
"""

from django.apps import apps

_PREFIXES = ("logis", "plugins.", "content", "search")


def platform_models():
    return [m for m in apps.get_models() if m.__module__.startswith(_PREFIXES) and not m._meta.proxy]


def row_counts(models=None):
    return {m._meta.label: m._default_manager.count() for m in (models or platform_models())}


def changed_counts(before, after):
    """label → (before, after) for the tables whose row count moved."""
    return {label: (count, after[label]) for label, count in before.items() if after.get(label) != count}
