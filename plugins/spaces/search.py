"""Threads, documents and wiki pages of a space as search documents that only its members find.

A document has the audience ``"readers"``: its readers are the space's member
accounts and member organisations (:mod:`logis.search_documents`), so the
search service shows it to them alone, wherever their territory. Membership
changes re-index the space's records (:func:`reindex_space`). Open spaces'
records are found by their members too, not by every professional.
"""

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _, gettext_lazy

from logis.search_documents import SearchDocument, SearchDocumentType, organisation_key, records_changed, user_key
from plugins.spaces.models import Document, Thread, WikiPage

BODY_CHARS = 20000


def readers(space):
    return [user_key(m.user_id) if m.user_id else organisation_key(m.organisation_id) for m in space.memberships.all()]


def thread_document(thread):
    posts = [p for p in thread.posts.all() if p.hidden_at is None]
    body = " ".join(strip_tags(p.body) for p in posts)[:BODY_CHARS]
    status = _("résolue") if thread.resolved_at else thread.get_kind_display()
    return SearchDocument(
        id=f"spaces.thread:{thread.pk}", type="spaces.thread", plugin="spaces", title=thread.title, body=body,
        url=reverse("spaces:thread", args=[thread.space.slug, thread.pk]), summary=f"{thread.space.name} — {status}",
        audience="readers", permission="spaces.view", readers=readers(thread.space),
        territory_path=thread.space.territory.path, updated_at=thread.last_activity,
    )


def document_document(document):
    return SearchDocument(
        id=f"spaces.document:{document.pk}", type="spaces.document", plugin="spaces", title=document.title,
        body=" ".join([document.folder, document.title]), url=reverse("spaces:document", args=[document.space.slug, document.pk]),
        summary=document.space.name, audience="readers", permission="spaces.view", readers=readers(document.space),
        territory_path=document.space.territory.path, updated_at=document.updated_at,
    )


def wiki_document(page):
    body = " ".join(
        block.value["text"] if block.block_type == "heading" else strip_tags(block.value.source) for block in page.body)
    return SearchDocument(
        id=f"spaces.wiki:{page.pk}", type="spaces.wiki", plugin="spaces", title=page.title, body=body[:BODY_CHARS],
        url=reverse("spaces:wiki_page", args=[page.space.slug, page.pk]), summary=page.space.name,
        audience="readers", permission="spaces.view", readers=readers(page.space),
        territory_path=page.space.territory.path, updated_at=page.updated_at,
    )


def reindex_space(space):
    """Membership changed: who may find the space's records changed with it."""
    records_changed("spaces.thread", list(Thread.objects.filter(space=space).values_list("pk", flat=True)))
    records_changed("spaces.document", list(Document.objects.filter(space=space).values_list("pk", flat=True)))
    records_changed("spaces.wiki", list(WikiPage.objects.filter(space=space).values_list("pk", flat=True)))


def document_types():
    return [
        SearchDocumentType(
            name="spaces.thread", label=gettext_lazy("Discussion d'un espace"), model=Thread,
            queryset=lambda: Thread.objects.select_related("space__territory").prefetch_related("space__memberships", "posts"),
            to_document=thread_document, plugin="spaces"),
        SearchDocumentType(
            name="spaces.document", label=gettext_lazy("Document d'un espace"), model=Document,
            queryset=lambda: Document.objects.select_related("space__territory").prefetch_related("space__memberships"),
            to_document=document_document, plugin="spaces"),
        SearchDocumentType(
            name="spaces.wiki", label=gettext_lazy("Page de wiki d'un espace"), model=WikiPage,
            queryset=lambda: WikiPage.objects.select_related("space__territory").prefetch_related("space__memberships"),
            to_document=wiki_document, plugin="spaces"),
    ]
