"""Which kinds of documents the search service indexes: content pages plus the plugins' types."""

from dataclasses import replace

from wagtail.models import Page

from logis.plugins import call_hook


def document_types():
    """``{name: SearchDocumentType}``: ``content.page`` first, then every active plugin's types."""
    from content.search import page_document_type

    types = {"content.page": page_document_type()}
    for plugin_name, plugin_types in call_hook("logis_search_document_types"):
        for doc_type in plugin_types:
            types[doc_type.name] = replace(doc_type, plugin=doc_type.plugin or plugin_name)
    return types


def type_for_model(model):
    """Document types watching ``model`` (or one of its parents, for page subclasses)."""
    return [t for t in document_types().values() if issubclass(model, t.model)]


def records(doc_type, pks=None):
    """The type's indexable records (all, or those among ``pks``): a queryset or a plain list, as the type gives."""
    source = doc_type.queryset()
    if pks is None:
        return source if isinstance(source, list) else list(source)
    if hasattr(source, "filter"):
        return list(source.filter(pk__in=list(pks)))
    wanted = {str(pk) for pk in pks}
    return [obj for obj in source if str(obj.pk) in wanted]


def object_key(type_name, pk):
    """The engine key of one record: stable even after the record is deleted."""
    return f"{type_name}:{pk}"


def build(doc_type, obj):
    """The record's document, or None when it must not be in the index (unpublished, left out)."""
    document = doc_type.to_document(obj)
    if document is None:
        return None
    document.type = document.type or doc_type.name
    if document.site_id is None and isinstance(obj, Page):
        site = obj.get_site()      # a page belongs to its site's search only (its path is relative to that site)
        document.site_id = site.pk if site else None
    if not document.plugin and doc_type.plugin:
        document.plugin = doc_type.plugin
    return document
