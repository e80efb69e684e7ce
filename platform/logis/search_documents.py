"""What a plugin hands the search service: document types and documents.

The search service (``search/``) indexes :class:`SearchDocument` objects and
filters them at query time with the requesting user's scope, using the
``territory_path``/``organisation_id`` a document carries and the
``permission`` its type requires. Pages need no permission when public.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable

from django.dispatch import Signal

from logis.plugins import collect

#: Sent with ``sender=<document type name>`` and ``pks=[...]``; the search service re-indexes them.
documents_changed = Signal()


@dataclass
class SearchDocument:
    id: str                       # unique across types, e.g. "offers.offer:42"
    type: str                     # the document type's name
    title: str
    body: str
    url: str
    plugin: str = ""              # "" for the core's own content
    themes: list = field(default_factory=list)
    section: str = ""
    summary: str = ""
    slug: str = ""
    audience: str = "public"      # "public", "pros" (any professional) or "scoped"
    permission: str = ""          # for "scoped": the permission a role must grant
    territory_path: str = ""
    organisation_id: int | None = None
    updated_at: datetime | None = None
    site_id: int | None = None    # the Wagtail site it belongs to; None: shown on every site


@dataclass
class SearchDocumentType:
    name: str                     # e.g. "offers.offer"
    label: str                    # shown in the "type" facet
    model: type                   # changes to it re-index through a job
    queryset: Callable            # () -> what to index
    to_document: Callable         # (obj) -> SearchDocument, or None to leave it out
    plugin: str = ""


def records_changed(type_name, pks):
    """Tell the search service that records changed without a ``post_save`` (bulk writes, ``update()``).

    Plugins call this core service instead of importing the search app; the
    re-index is queued when the current transaction commits.
    """
    if pks:
        documents_changed.send(sender=type_name, pks=list(pks))


def types_watching(model):
    """Names of the plugins' document types that index ``model`` (for writes that only know their model)."""
    return [doc_type.name for doc_type in collect("logis_search_document_types") if issubclass(model, doc_type.model)]
