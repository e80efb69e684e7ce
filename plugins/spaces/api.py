"""``/api/spaces/``: the spaces a person reads and what is inside, for members only.

Every route resolves the space through :func:`plugins.spaces.rules.space_for`
(404 for a non-member, whatever the slug guessed); writes call the rules of
:mod:`documents`, :mod:`discussions`, :mod:`agenda` and :mod:`tickets`.
"""

from datetime import datetime

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field, model_validator

from logis.accounts.scoping import one_or_404, scope_for
from logis.api_auth import professional_auth
from logis.api_lists import MAX_ID, LimitOffset
from plugins.spaces import discussions, documents, tickets
from plugins.spaces.agenda import MAX_REMINDER_MINUTES
from plugins.spaces.files import FileRefused, max_bytes
from plugins.spaces.models import Document, DocumentVersion, Event, Membership, Post, Thread, Ticket, TicketStatus, Visibility
from plugins.spaces.roles import VIEW
from plugins.spaces.wiki_api import router as wiki_router
from plugins.spaces.rules import (
    add_member, create_space, members, person_named, place_for_new_space, reachable_organisations, reachable_people, readable_spaces,
    require_member, require_moderator, space_for,
)

THREAD_POSTS = 500

router = Router(auth=professional_auth, tags=["espaces collaboratifs"])
router.add_router("", wiki_router)  # /{slug}/pages…: the wiki's routes, in their own module


class SpaceOut(Schema):
    slug: str
    name: str
    description: str
    visibility: str
    is_default: bool


class SpaceIn(Schema):
    name: str = Field(min_length=2, max_length=120)
    description: str = Field("", max_length=2000)
    territory_id: int = Field(ge=1, le=MAX_ID)
    organisation_id: int = Field(ge=1, le=MAX_ID)
    visibility: Visibility = Visibility.PRIVATE


class MemberIn(Schema):
    username: str | None = Field(None, max_length=150)
    organisation_id: int | None = Field(None, ge=1, le=MAX_ID)
    moderator: bool = False

    @model_validator(mode="after")
    def one_kind(self):
        if bool(self.username) == bool(self.organisation_id):
            raise ValueError(_("Indiquez une personne (username) ou une organisation, pas les deux."))
        return self


class MemberOut(Schema):
    id: int
    username: str | None = None
    organisation: str | None = None
    is_moderator: bool

    @staticmethod
    def resolve_username(obj):
        return obj.user.username if obj.user_id else None

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.name if obj.organisation_id else None


class VersionOut(Schema):
    number: int
    original_name: str
    content_type: str
    size: int
    uploaded_at: datetime
    uploaded_by: str | None = None

    @staticmethod
    def resolve_uploaded_by(obj):
        return obj.uploaded_by.username if obj.uploaded_by_id else None


class DocumentOut(Schema):
    id: int
    folder: str
    title: str
    updated_at: datetime
    latest: VersionOut | None = None

    @staticmethod
    def resolve_latest(obj):
        versions = obj.versions.all()  # prefetched, newest first
        return versions[0] if versions else None


class PostIn(Schema):
    body: str = Field(min_length=1, max_length=20000)


class ThreadIn(PostIn):
    title: str = Field(min_length=1, max_length=200)
    kind: Thread.Kind = Thread.Kind.DISCUSSION


class PostOut(Schema):
    id: int
    author: str | None = None
    body: str
    created_at: datetime
    attachment_url: str | None = Field(None, description="Le fichier joint, servi aux membres seulement.")

    @staticmethod
    def resolve_author(obj):
        return obj.author.username if obj.author_id else None

    @staticmethod
    def resolve_attachment_url(obj):
        return reverse("spaces:file", args=[obj.thread.space.slug, obj.attachment_id]) if obj.attachment_id else None


class ThreadOut(Schema):
    id: int
    kind: str
    title: str
    last_activity: datetime
    resolved: bool

    @staticmethod
    def resolve_resolved(obj):
        return obj.resolved_at is not None


class ThreadDetail(ThreadOut):
    posts: list[PostOut]

    @staticmethod
    def resolve_posts(obj):
        return obj.posts_shown


class ResolveIn(Schema):
    resolved: bool = True


class EventIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    location: str = Field("", max_length=200)
    starts_at: datetime
    ends_at: datetime
    remind_minutes: int = Field(60, ge=0, le=MAX_REMINDER_MINUTES)

    @model_validator(mode="after")
    def ends_after_start(self):
        if self.ends_at < self.starts_at:
            raise ValueError(_("La fin précède le début."))
        return self


class EventOut(Schema):
    id: int
    title: str
    location: str
    starts_at: datetime
    ends_at: datetime


class TicketIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=10000)


class TicketChange(Schema):
    status: TicketStatus | None = None
    assignee: str | None = Field(None, max_length=150)


class TicketOut(Schema):
    number: int
    title: str
    status: str
    assignee: str | None = None
    resolved_at: datetime | None = None

    @staticmethod
    def resolve_assignee(obj):
        return obj.assignee.username if obj.assignee_id else None


class FieldChange(Schema):
    field: str
    before: str
    after: str


class TicketHistoryEntry(Schema):
    at: datetime
    by: str
    changes: list[FieldChange]


@router.get("/", response=list[SpaceOut], summary="Les espaces dont je suis membre (et les espaces ouverts)")
@paginate(LimitOffset, envelope=False)
def my_spaces(request):
    scope_for(request.user, VIEW)  # no current role: 403, as everywhere
    return readable_spaces(request.user).order_by("name")


@router.post("/", response={201: SpaceOut}, summary="Créer un espace (animation des espaces)")
def new_space(request, payload: SpaceIn):
    territory, organisation = place_for_new_space(request.user, payload.territory_id, payload.organisation_id)
    return Status(201, create_space(request.user, payload.name, territory, organisation, payload.visibility,
                             description=payload.description))


@router.get("/{slug}", response=SpaceOut, summary="Un espace")
def one_space(request, slug: str = Path(..., max_length=80)):
    return space_for(request.user, slug=slug)


@router.get("/{slug}/membres", response=list[MemberOut], summary="Membres d'un espace")
@paginate(LimitOffset, envelope=False)
def space_members(request, slug: str = Path(..., max_length=80)):
    return Membership.objects.filter(space=space_for(request.user, slug=slug)).select_related("user", "organisation").order_by("pk")


@router.post("/{slug}/membres", response={201: MemberOut}, summary="Ajouter un membre (modérateurs)")
def new_member(request, payload: MemberIn, slug: str = Path(..., max_length=80)):
    space = space_for(request.user, slug=slug)
    require_moderator(request.user, space)
    user = person_named(reachable_people(request.user, space), payload.username) if payload.username else None
    organisation = one_or_404(reachable_organisations(request.user), pk=payload.organisation_id) if payload.organisation_id else None
    return Status(201, add_member(space, user=user, organisation=organisation, moderator=payload.moderator))


@router.get("/{slug}/documents", response=list[DocumentOut], summary="Documents d'un espace")
@paginate(LimitOffset, envelope=False)
def space_documents(request, slug: str = Path(..., max_length=80), folder: str = Query(None, max_length=120)):
    found = Document.objects.filter(space=space_for(request.user, slug=slug)).prefetch_related(
        Prefetch("versions", DocumentVersion.objects.select_related("uploaded_by").order_by("-number")))
    return found if folder is None else found.filter(folder=folder)


def _upload(request, space, file, title="", folder="", document=None):
    require_member(request.user, space)
    if file.size > max_bytes():  # refused before reading it into memory
        raise HttpError(413, _("Le fichier dépasse la taille maximale de %(size)d Mo.") % {"size": max_bytes() // (1024 * 1024)})
    try:
        return documents.upload(space, request.user, file.name, file.read(), title=title, folder=folder, document=document)
    except FileRefused as error:
        raise HttpError(422, str(error)) from None


@router.post("/{slug}/documents", response={201: VersionOut}, summary="Déposer un document")
def new_document(request, slug: str = Path(..., max_length=80), file: UploadedFile = File(...),
                 title: str = Form("", max_length=200), folder: str = Form("", max_length=120)):
    return Status(201, _upload(request, space_for(request.user, slug=slug), file, title, folder))


@router.post("/{slug}/documents/{document_id}/versions", response={201: VersionOut}, summary="Déposer une nouvelle version")
def new_version(request, document_id: int = Path(..., ge=1, le=MAX_ID), slug: str = Path(..., max_length=80), file: UploadedFile = File(...)):
    space = space_for(request.user, slug=slug)
    document = one_or_404(Document.objects.filter(space=space), pk=document_id)
    return Status(201, _upload(request, space, file, document=document))


@router.get("/{slug}/documents/{document_id}/versions", response=list[VersionOut], summary="Versions d'un document")
@paginate(LimitOffset, envelope=False)
def versions(request, document_id: int = Path(..., ge=1, le=MAX_ID), slug: str = Path(..., max_length=80)):
    document = one_or_404(Document.objects.filter(space=space_for(request.user, slug=slug)), pk=document_id)
    return document.versions.select_related("uploaded_by")


@router.get("/{slug}/discussions", response=list[ThreadOut], summary="Discussions (résolues comprises, ou filtrées)")
@paginate(LimitOffset, envelope=False)
def threads(request, slug: str = Path(..., max_length=80), resolved: bool | None = None):
    found = Thread.objects.filter(space=space_for(request.user, slug=slug))
    return found if resolved is None else found.filter(resolved_at__isnull=not resolved)


@router.post("/{slug}/discussions", response={201: ThreadOut}, summary="Ouvrir une discussion ou publier une annonce")
def new_thread(request, payload: ThreadIn, slug: str = Path(..., max_length=80)):
    space = space_for(request.user, slug=slug)
    require_member(request.user, space)
    return Status(201, discussions.start(space, request.user, payload.title, payload.body, payload.kind))


@router.get("/{slug}/discussions/{thread_id}", response=ThreadDetail, summary="Une discussion et ses messages")
def one_thread(request, thread_id: int = Path(..., ge=1, le=MAX_ID), slug: str = Path(..., max_length=80)):
    thread = one_or_404(Thread.objects.filter(space=space_for(request.user, slug=slug)), pk=thread_id)
    thread.posts_shown = list(Post.objects.filter(thread=thread, hidden_at__isnull=True).select_related("author", "thread__space")[:THREAD_POSTS])
    return thread


@router.post("/{slug}/discussions/{thread_id}/messages", response={201: PostOut}, summary="Répondre")
def new_post(request, payload: PostIn, thread_id: int = Path(..., ge=1, le=MAX_ID), slug: str = Path(..., max_length=80)):
    space = space_for(request.user, slug=slug)
    require_member(request.user, space)
    thread = one_or_404(Thread.objects.filter(space=space), pk=thread_id)
    return Status(201, discussions.reply(thread, request.user, payload.body))


@router.post("/{slug}/discussions/{thread_id}/resolution", response=ThreadOut, summary="Marquer résolue ou rouvrir")
def resolve_thread(request, payload: ResolveIn, thread_id: int = Path(..., ge=1, le=MAX_ID), slug: str = Path(..., max_length=80)):
    thread = one_or_404(Thread.objects.filter(space=space_for(request.user, slug=slug)), pk=thread_id)
    return discussions.resolve(thread, request.user, payload.resolved)


@router.post("/{slug}/messages/{post_id}/masquer", response=PostOut, summary="Masquer un message (modération)")
def hide_post(request, post_id: int = Path(..., ge=1, le=MAX_ID), slug: str = Path(..., max_length=80)):
    post = one_or_404(Post.objects.filter(thread__space=space_for(request.user, slug=slug)), pk=post_id)
    return discussions.hide(post, request.user)


@router.get("/{slug}/agenda", response=list[EventOut], summary="Événements de l'espace")
@paginate(LimitOffset, envelope=False)
def events(request, slug: str = Path(..., max_length=80)):
    return Event.objects.filter(space=space_for(request.user, slug=slug))


@router.post("/{slug}/agenda", response={201: EventOut}, summary="Ajouter un événement")
def new_event(request, payload: EventIn, slug: str = Path(..., max_length=80)):
    space = space_for(request.user, slug=slug)
    require_member(request.user, space)
    return Status(201, Event.objects.create(space=space, created_by=request.user, **payload.dict()))


@router.get("/{slug}/demandes", response=list[TicketOut], summary="Demandes partagées (résolues comprises, ou filtrées)")
@paginate(LimitOffset, envelope=False)
def space_tickets(request, slug: str = Path(..., max_length=80), status: TicketStatus | None = None, resolved: bool | None = None):
    found = Ticket.objects.filter(space=space_for(request.user, slug=slug)).select_related("assignee")
    found = found if status is None else found.filter(status=status)
    if resolved is not None:
        found = found.filter(status=TicketStatus.RESOLVED) if resolved else tickets.filtered(found, tickets.TO_DO)
    return found


@router.get("/{slug}/demandes/{number}/historique", response=list[TicketHistoryEntry],
            summary="Historique d'une demande : changements de statut et de prise en charge, qui, quand")
def ticket_history(request, number: int = Path(..., ge=1, le=MAX_ID), slug: str = Path(..., max_length=80)):
    ticket = one_or_404(Ticket.objects.filter(space=space_for(request.user, slug=slug)), number=number)
    return [TicketHistoryEntry(at=entry.timestamp, by=entry.user_repr,
                               changes=[FieldChange(field=c.label, before=c.before, after=c.after) for c in changes])
            for entry, changes in tickets.history(ticket)]


@router.post("/{slug}/demandes", response={201: TicketOut}, summary="Ouvrir une demande")
def new_ticket(request, payload: TicketIn, slug: str = Path(..., max_length=80)):
    space = space_for(request.user, slug=slug)
    require_member(request.user, space)
    return Status(201, tickets.open_ticket(space, request.user, payload.title, payload.description))


@router.patch("/{slug}/demandes/{number}", response=TicketOut, summary="Confier ou changer le statut d'une demande")
def change_ticket(request, payload: TicketChange, number: int = Path(..., ge=1, le=MAX_ID), slug: str = Path(..., max_length=80)):
    space = space_for(request.user, slug=slug)
    require_member(request.user, space)
    ticket = one_or_404(Ticket.objects.filter(space=space), number=number)
    if payload.assignee is not None:
        assignee = person_named(members(space), payload.assignee) if payload.assignee else None
        tickets.assign(ticket, request.user, assignee)
    if payload.status is not None:
        tickets.set_status(ticket, request.user, payload.status)
    return ticket
