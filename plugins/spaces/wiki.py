"""Wiki pages of a space: members read them, their author or a moderator edits them, every save is a revision.

Members type HTML or plain text: ``<h1>``–``<h3>`` become heading blocks,
everything else rich text through the one whitelist (:func:`logis.sanitiser.clean_html`).
Restoring an older revision saves it again as the newest: the list of
revisions is never rewritten, so who wrote what stays readable.
"""

import difflib

from bs4 import BeautifulSoup, Tag
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.html import escape, linebreaks, strip_tags
from django.utils.translation import gettext as _

from logis.sanitiser import clean_html
from plugins.spaces.blocks import TEXT_FEATURES
from plugins.spaces.models import WikiPage, WikiRevision
from plugins.spaces.rules import is_moderator, require_member

HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h3", "h5": "h3", "h6": "h3"}
#: Bounds what one save may hold (the API and the form bound the text at ``MAX_TEXT`` characters).
MAX_TEXT = 100_000
MAX_BLOCKS = 500


class TitleTaken(ValueError):
    """Another page of the space has this title; the message says so in French."""

    def __init__(self):
        super().__init__(_("Une page de ce titre existe déjà dans l'espace."))


def blocks_from_html(html):
    """Raw StreamField data for what a member typed: headings cut out, the rest cleaned into text blocks."""
    html = str(html or "")[:MAX_TEXT]
    if "<" not in html:  # plain text: blank lines part paragraphs
        html = linebreaks(escape(html))
    blocks, buffer = [], []

    def flush():
        text = clean_html("".join(buffer), TEXT_FEATURES).strip()
        if strip_tags(text).strip():
            blocks.append({"type": "paragraph", "value": text})
        buffer.clear()

    for node in BeautifulSoup(html, "html.parser").children:
        if isinstance(node, Tag) and node.name in HEADINGS:
            flush()
            text = " ".join(node.get_text(" ").split())[:200]
            if text:
                blocks.append({"type": "heading", "value": {"level": HEADINGS[node.name], "text": text}})
        else:
            buffer.append(str(node))
    flush()
    return blocks[:MAX_BLOCKS]


def html_from_blocks(body):
    """What the edit form shows again: the page as the HTML it was typed in (read back into the same blocks)."""
    parts = []
    for block in body.raw_data:
        if block["type"] == "heading":
            parts.append(f"<{block['value']['level']}>{escape(block['value']['text'])}</{block['value']['level']}>")
        else:
            parts.append(block["value"])
    return "\n".join(parts)


def may_edit(user, page):
    return page.created_by_id == user.pk or is_moderator(user, page.space)


def require_editor(user, page):
    require_member(user, page.space)
    if not may_edit(user, page):
        raise PermissionDenied(_("Seuls l'auteur de la page et les modérateurs de l'espace la modifient."))


def _save_revision(page, user, restored_from=None):
    number = (page.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return WikiRevision.objects.create(page=page, number=number, title=page.title, body=list(page.body.raw_data), author=user,
                                       restored_from=restored_from)


def create_page(space, user, title, html):
    """A member writes a new page; they are its author (revision 1). :class:`TitleTaken` when the title is."""
    require_member(user, space)
    try:
        with transaction.atomic():
            page = WikiPage.objects.create(space=space, created_by=user, updated_by=user, title=title, body=blocks_from_html(html))
            _save_revision(page, user)
    except IntegrityError:
        raise TitleTaken from None
    return page


def edit_page(page, user, title, html):
    """The author or a moderator saves a new state of the page: a new revision."""
    return _new_state(page, user, title, blocks_from_html(html))


def restore(page, user, revision):
    """Bring back ``revision`` of ``page`` as its newest revision (the ones in between stay listed)."""
    return _new_state(page, user, revision.title, list(revision.body.raw_data), restored_from=revision.number)


def _new_state(page, user, title, body, restored_from=None):
    require_editor(user, page)
    try:
        with transaction.atomic():
            page = WikiPage.objects.select_for_update().get(pk=page.pk)  # two saves never share a revision number
            page.title, page.body, page.updated_by = title, body, user
            page.save()
            _save_revision(page, user, restored_from)
    except IntegrityError:
        raise TitleTaken from None
    return page


def text_lines(revision):
    """A revision as lines of plain text, for the diff: « ## heading », then each paragraph's text."""
    lines = [revision.title, ""]
    for block in revision.body.raw_data:
        if block["type"] == "heading":
            lines.append(("## " if block["value"]["level"] == "h2" else "### ") + block["value"]["text"])
        else:
            lines += _text_lines(block["value"])
    return lines


def _text_lines(html):
    """A text block's paragraphs and list items, one line each (« - » before an item)."""
    lines = []
    for node in BeautifulSoup(html, "html.parser").children:
        items = node.find_all("li") if isinstance(node, Tag) and node.name in ("ul", "ol") else [node]
        for item in items:
            text = " ".join(item.get_text(" ").split())
            if text:
                lines.append(f"- {text}" if item.name == "li" else text)
    return lines


def diff(older, newer):
    """``[(sign, line)]`` from ``older`` to ``newer`` (``"+"`` added, ``"-"`` removed, ``" "`` kept); ``older`` may be ``None``."""
    before = text_lines(older) if older is not None else []
    return [(line[0], line[2:]) for line in difflib.ndiff(before, text_lines(newer)) if line[:1] in "+- "]
