"""Threads, replies, mentions and announcements: who is told what, through the core's notification centre.

A ``@login`` in a message notifies that person when they read the space (no
one learns of a space through a mention). An announcement notifies every
member. Resolved threads stay listed and searchable, marked as resolved.
"""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from logis.notifications import notify_users
from logis.sanitiser import clean_html
from logis.search_documents import records_changed
from plugins.spaces.documents import upload
from plugins.spaces.files import safe_name
from plugins.spaces.models import Post, Thread
from plugins.spaces.rules import members, readable_spaces, require_moderator

MENTION = re.compile(r"(?<![\w.@])@([\w.+-]{1,150})")
MAX_MENTIONS = 20
SOURCE = "spaces"
#: The documents folder of replies' attachments: stored data, one French name whatever the writer's language.
ATTACHMENTS_FOLDER = "Pièces jointes"


def thread_url(thread):
    return reverse("spaces:thread", args=[thread.space.slug, thread.pk])


def mentioned(body, space):
    """Accounts named ``@login`` in ``body`` who read ``space``: at most ``MAX_MENTIONS``, others ignored."""
    logins = list(dict.fromkeys(MENTION.findall(strip_tags(body))))[:MAX_MENTIONS]
    if not logins:
        return []
    return [u for u in get_user_model().objects.filter(username__in=logins, is_active=True)
            if readable_spaces(u).filter(pk=space.pk).exists()]


def start(space, user, title, body, kind=Thread.Kind.DISCUSSION):
    if kind == Thread.Kind.ANNOUNCEMENT:
        require_moderator(user, space)
    with transaction.atomic():
        thread = Thread.objects.create(space=space, created_by=user, title=title, kind=kind)
        post = _write(thread, user, body)
    if kind == Thread.Kind.ANNOUNCEMENT:
        notify_users([m for m in members(space) if m != user], _("Annonce dans « %(space)s » : %(title)s") % {
            "space": space.name, "title": title}, strip_tags(post.body)[:500], thread_url(thread), SOURCE)
    return thread


def reply(thread, user, body, file=None):
    """A member answers; ``file`` (``(name, bytes)``) is checked like any upload and kept as a document of the space.

    An attachment named like an earlier one of the same thread becomes its
    next version: the thread's links keep pointing at the version they showed.
    Raises :class:`plugins.spaces.files.FileRefused` (nothing written) when the file is refused.
    """
    with transaction.atomic():
        attachment = None
        if file is not None:
            name, data = file
            attachment = upload(thread.space, user, name, data, folder=ATTACHMENTS_FOLDER,
                                title=f"{thread.title} — {safe_name(name)}")
        post = _write(thread, user, body, attachment)
        Thread.objects.filter(pk=thread.pk).update(last_activity=post.created_at)
        records_changed("spaces.thread", [thread.pk])  # the thread's document holds its messages
    return post


def _write(thread, user, body, attachment=None):
    post = Post.objects.create(thread=thread, author=user, body=clean_html(body), attachment=attachment)
    targets = [u for u in mentioned(post.body, thread.space) if u != user]
    if targets:
        notify_users(targets, _("%(who)s vous mentionne dans « %(title)s »") % {
            "who": user.get_full_name() or user.username, "title": thread.title},
            strip_tags(post.body)[:500], thread_url(thread), SOURCE)
    return post


def resolve(thread, user, resolved=True):
    """The author or a moderator marks the thread resolved (or reopens it); it stays listed and searchable."""
    if thread.created_by_id != user.pk:
        require_moderator(user, thread.space)
    thread.resolved_at, thread.resolved_by = (timezone.now(), user) if resolved else (None, None)
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def hide(post, user):
    """Moderation: the message is hidden from members; the history keeps who did it."""
    require_moderator(user, post.thread.space)
    post.hidden_at = timezone.now()
    post.save(update_fields=["hidden_at"])
    records_changed("spaces.thread", [post.thread_id])
    return post
