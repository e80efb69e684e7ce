"""The audit history: ``from logis.audit import bulk_update, record_many`` for writes that send no signal,
``record`` for an event no write shows (an erasure), ``history_url`` to link to an object's history.

Read lazily (PEP 562): this package is an installed app, imported before the
models are ready, so each public name loads its module on first use.
"""

import importlib

_PUBLIC = {"bulk_update": "logis.audit.bulk", "record_many": "logis.audit.bulk", "record": "logis.audit.recorder",
           "changes_between": "logis.audit.recorder", "snapshot": "logis.audit.recorder", "history_url": "logis.audit.links"}
__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'logis.audit' has no attribute {name!r}")
    return getattr(importlib.import_module(_PUBLIC[name]), name)
