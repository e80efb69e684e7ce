"""What a plugin hands the search service: document types and documents.

The search service (``search/``) indexes :class:`SearchDocument` objects and
filters them at query time with the requesting user's scope, using the
``territory_path``/``organisation_id`` a document carries and the
``permission`` its type requires. Pages need no permission when public.
A document for the members of a group only (a private space's thread) has the
audience ``"readers"``: it is shown to holders of its ``permission`` whose
reader keys (:func:`reader_keys`: the account, the organisations they hold a
current role in) meet the document's ``readers``, wherever the territory.
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
    audience: str = "public"      # "public", "pros" (any professional), "scoped" or "readers"
    permission: str = ""          # for "scoped": the permission a role must grant
    territory_path: str = ""
    organisation_id: int | None = None
    updated_at: datetime | None = None
    site_id: int | None = None    # the Wagtail site it belongs to; None: shown on every site
    readers: list = field(default_factory=list)  # for "readers": user_key()/organisation_key() of who may see it


@dataclass
class SearchDocumentType:
    name: str                     # e.g. "offers.offer"
    label: str                    # shown in the "type" facet
    model: type                   # changes to it re-index through a job
    queryset: Callable            # () -> what to index
    to_document: Callable         # (obj) -> SearchDocument, or None to leave it out
    plugin: str = ""


def user_key(user_id):
    """The reader key naming one account."""
    return f"user:{user_id}"


def organisation_key(organisation_id):
    """The reader key naming everyone holding a current role in an organisation."""
    return f"organisation:{organisation_id}"


def reader_keys(user, assignments):
    """The keys a user reads ``"readers"`` documents with: their account and their current assignments' organisations."""
    return tuple(sorted({user_key(user.pk), *(organisation_key(a.organisation_id) for a in assignments)}))


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
