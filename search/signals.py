"""Keep the index true: record changes become one ``search`` RQ job per type and transaction.

Pages are followed through Wagtail's publication signals (a saved draft changes
nothing visible); plugin records through ``post_save``/``post_delete`` and, for
bulk writes, the core's ``documents_changed`` signal. The
jobs are queued once the transaction commits, so that they read what was
written, and a job re-reads each record: gone or unpublished means removed.
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from logis.jobs.queue import enqueue
from logis.plugins import plugin_manager
from logis.search_documents import documents_changed
from search import documents

_pending = threading.local()
_types_cache = {}


def _types_by_model():
    """Document types by watched model, cached per set of active plugins (signals fire on every save)."""
    key = tuple(sorted(info.name for info in plugin_manager.active()))
    if key not in _types_cache:
        _types_cache.clear()
        _types_cache[key] = [(t.model, t.name) for t in documents.document_types().values()]
    return _types_cache[key]


def _flush():
    pending, _pending.records = getattr(_pending, "records", {}), {}
    for type_name, pks in pending.items():
        enqueue("search.tasks.sync_records", type_name, sorted(pks, key=str), queue="search", name=f"index {type_name}")


def schedule(type_name, pks):
    """Queue a re-index of ``pks`` when the current transaction commits (merged with others of it)."""
    if not hasattr(_pending, "records"):
        _pending.records = {}
    _pending.records.setdefault(type_name, set()).update(pks)
    # The first flush of the transaction takes them all, later ones find nothing; a Redis outage never fails a save.
    transaction.on_commit(_flush, robust=True)


def _page_types(page):
    return [name for model, name in _types_by_model() if isinstance(page, model)]


def _page_changed(sender, instance, **kwargs):
    for name in _page_types(instance):
        schedule(name, [instance.pk])


def _page_moved(sender, instance, **kwargs):
    pks = [instance.pk, *instance.get_descendants().values_list("pk", flat=True)]
    for name in _page_types(instance):
        schedule(name, pks)


def _record_changed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        if kwargs.get("signal") is post_delete:
            _page_changed(sender, instance)
        return
    for model, name in _types_by_model():
        if isinstance(instance, model):
            schedule(name, [instance.pk])


def _documents_changed(sender, pks, **kwargs):
    schedule(sender, pks)


def _synonyms_changed(sender, **kwargs):
    transaction.on_commit(lambda: enqueue("search.tasks.apply_synonyms", queue="search", name="synonymes"), robust=True)


def connect():
    from search.models import Synonym

    page_published.connect(_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="search-page-moved")
    post_save.connect(_record_changed, dispatch_uid="search-record-saved")
    post_delete.connect(_record_changed, dispatch_uid="search-record-deleted")
    documents_changed.connect(_documents_changed, dispatch_uid="search-documents-changed")
    post_save.connect(_synonyms_changed, sender=Synonym, dispatch_uid="search-synonyms-saved")
    post_delete.connect(_synonyms_changed, sender=Synonym, dispatch_uid="search-synonyms-deleted")
