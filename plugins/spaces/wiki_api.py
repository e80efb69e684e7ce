"""``/api/spaces/<space>/pages``: a space's wiki pages and their revisions, for its members only.

Mounted on :data:`plugins.spaces.api.router`; the space is resolved through
:func:`plugins.spaces.rules.space_for` (404 for a non-member), pages and
revisions are read inside it; writes call :mod:`plugins.spaces.wiki`.
"""

from datetime import datetime

from django.db.models import Max
from ninja import Path, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import Field

from logis.accounts.scoping import one_or_404
from logis.api_auth import professional_auth
from logis.api_lists import MAX_ID, LimitOffset
from plugins.spaces import wiki
from plugins.spaces.models import WikiPage, WikiRevision
from plugins.spaces.rules import space_for

router = Router(auth=professional_auth, tags=["espaces collaboratifs"])
SLUG = Path(..., max_length=80)
PAGE_ID = Path(..., ge=1, le=MAX_ID)


class WikiPageIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    html: str = Field("", max_length=wiki.MAX_TEXT, description="HTML ou texte simple : <h2>, <h3>, listes, liens, gras, italique.")


class WikiPageOut(Schema):
    id: int
    title: str
    updated_at: datetime
    updated_by: str | None = None
    revision: int

    @staticmethod
    def resolve_updated_by(obj):
        return obj.updated_by.username if obj.updated_by_id else None


class WikiPageDetail(WikiPageOut):
    body: list[dict]
    html: str
    may_edit: bool

    @staticmethod
    def resolve_body(obj):
        return list(obj.body.raw_data)

    @staticmethod
    def resolve_html(obj):
        return str(obj.body.render_as_block())


class RevisionOut(Schema):
    number: int
    title: str
    author: str | None = None
    created_at: datetime
    restored_from: int | None = None

    @staticmethod
    def resolve_author(obj):
        return obj.author.username if obj.author_id else None


class DiffLine(Schema):
    sign: str
    line: str


class RevisionDetail(RevisionOut):
    body: list[dict]
    changes: list[DiffLine]

    @staticmethod
    def resolve_body(obj):
        return list(obj.body.raw_data)


def _pages(request, slug):
    return WikiPage.objects.filter(space=space_for(request.user, slug=slug)).select_related("updated_by", "space").annotate(
        revision=Max("revisions__number"))


def _page(request, slug, page_id):
    page = one_or_404(_pages(request, slug), pk=page_id)
    page.may_edit = wiki.may_edit(request.user, page)
    return page


def _written(write, *args):
    """A write of :mod:`wiki`; a title already taken is a 422 with its French message (refusals stay 403)."""
    try:
        return write(*args)
    except wiki.TitleTaken as error:
        raise HttpError(422, str(error)) from None


@router.get("/{slug}/pages", response=list[WikiPageOut], summary="Pages de wiki d'un espace")
@paginate(LimitOffset, envelope=False)
def pages(request, slug: str = SLUG):
    return _pages(request, slug)


@router.post("/{slug}/pages", response={201: WikiPageDetail}, summary="Écrire une page (membres)")
def new_page(request, payload: WikiPageIn, slug: str = SLUG):
    page = _written(wiki.create_page, space_for(request.user, slug=slug), request.user, payload.title, payload.html)
    return Status(201, _page(request, slug, page.pk))


@router.get("/{slug}/pages/{page_id}", response=WikiPageDetail, summary="Une page de wiki")
def one_page(request, page_id: int = PAGE_ID, slug: str = SLUG):
    return _page(request, slug, page_id)


@router.put("/{slug}/pages/{page_id}", response=WikiPageDetail, summary="Modifier une page (auteur, modérateurs) : une révision de plus")
def change_page(request, payload: WikiPageIn, page_id: int = PAGE_ID, slug: str = SLUG):
    _written(wiki.edit_page, _page(request, slug, page_id), request.user, payload.title, payload.html)
    return _page(request, slug, page_id)


@router.get("/{slug}/pages/{page_id}/revisions", response=list[RevisionOut], summary="Révisions d'une page, la plus récente d'abord")
@paginate(LimitOffset, envelope=False)
def revisions(request, page_id: int = PAGE_ID, slug: str = SLUG):
    return _page(request, slug, page_id).revisions.select_related("author")


@router.get("/{slug}/pages/{page_id}/revisions/{number}", response=RevisionDetail, summary="Une révision et ses changements")
def one_revision(request, page_id: int = PAGE_ID, number: int = Path(..., ge=1, le=MAX_ID), slug: str = SLUG):
    page = _page(request, slug, page_id)
    revision = one_or_404(page.revisions.select_related("author"), number=number)
    revision.changes = [DiffLine(sign=sign, line=line) for sign, line in
                        wiki.diff(WikiRevision.objects.filter(page=page, number__lt=number).first(), revision)]
    return revision


@router.post("/{slug}/pages/{page_id}/revisions/{number}/restauration", response=WikiPageDetail,
             summary="Restaurer une révision (auteur, modérateurs) : elle devient la plus récente")
def restore_revision(request, page_id: int = PAGE_ID, number: int = Path(..., ge=1, le=MAX_ID), slug: str = SLUG):
    page = _page(request, slug, page_id)
    _written(wiki.restore, page, request.user, one_or_404(page.revisions.all(), number=number))
    return _page(request, slug, page_id)
