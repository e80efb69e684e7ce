"""What the spaces plugin holds about an agent: memberships and what they wrote or uploaded.

Export lists it (limited to spaces run by ``organisations`` when given);
erasure ends the memberships and unlinks the account from what stays for the
team (messages, documents, tickets read as « ancien membre »).
"""

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from plugins.spaces.models import Document, DocumentVersion, Event, Membership, Post, Thread, Ticket, WikiPage, WikiRevision


def _in(queryset, space_path, organisations):
    return queryset if organisations is None else queryset.filter(**{f"{space_path}__organisation__in": organisations})


def personal_data(user, erase, organisations=None):
    memberships = _in(Membership.objects.filter(user=user), "space", organisations)
    posts = _in(Post.objects.filter(author=user), "thread__space", organisations)
    versions = _in(DocumentVersion.objects.filter(uploaded_by=user), "document__space", organisations)
    tickets = _in(Ticket.objects.filter(created_by=user), "space", organisations)
    revisions = _in(WikiRevision.objects.filter(author=user), "page__space", organisations)
    if not (memberships.exists() or posts.exists() or versions.exists() or tickets.exists() or revisions.exists()):
        return None
    if erase:
        counts = {"posts": posts.update(author=None), "versions": versions.update(uploaded_by=None),
                  "tickets": tickets.update(created_by=None), "wiki_revisions": revisions.update(author=None)}
        for model in (Document, Thread, Event, WikiPage):
            model.objects.filter(created_by=user).update(created_by=None)
        WikiPage.objects.filter(updated_by=user).update(updated_by=None)
        Ticket.objects.filter(assignee=user).update(assignee=None)
        counts["memberships"] = memberships.delete()[0]
        return counts
    return {
        _("Espaces dont la personne est membre"): [
            {"space": m.space.name, "moderator": m.is_moderator, "since": m.added_at.isoformat()}
            for m in memberships.select_related("space")],
        _("Messages écrits"): [
            {"space": p.thread.space.name, "thread": p.thread.title, "at": p.created_at.isoformat(), "text": strip_tags(p.body)}
            for p in posts.select_related("thread__space")],
        _("Fichiers déposés"): [
            {"document": v.document.title, "version": v.number, "file": v.original_name, "at": v.uploaded_at.isoformat()}
            for v in versions.select_related("document")],
        _("Demandes ouvertes"): [
            {"space": t.space.name, "number": t.number, "title": t.title, "at": t.created_at.isoformat()}
            for t in tickets.select_related("space")],
        _("Révisions de pages écrites"): [
            {"space": r.page.space.name, "page": r.title, "revision": r.number, "at": r.created_at.isoformat()}
            for r in revisions.select_related("page__space")],
    }
