"""The members' pages under ``/espaces/``: my spaces, a space, a thread, a document, files and the calendar feed.

Every page resolves the space through :func:`plugins.spaces.rules.space_for`
(404 for a non-member); files leave only through :func:`download`, after that
check, never from a public media URL. The iCalendar feed is opened by the
space's private token instead of a session (calendar software has none).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logis.accounts.scoping import one_or_404, scope_for, user_scope
from logis.private_files import serve
from plugins.spaces import discussions, documents, tickets
from plugins.spaces.agenda import ical_feed, space_for_feed
from plugins.spaces.files import PREVIEWABLE, FileRefused, max_bytes
from plugins.spaces.forms import MemberForm, NewSpaceForm, ReplyForm, ThreadForm, TicketForm, UploadForm
from plugins.spaces.models import Document, DocumentVersion, Event, Post, Thread, Ticket, TicketStatus, WikiPage
from plugins.spaces.roles import MANAGE, VIEW
from plugins.spaces.rules import (
    add_member, create_space, is_moderator, listed_spaces, person_named, reachable_people, readable_spaces, require_member, require_moderator,
    space_for,
)
from plugins.spaces.wiki_views import urlpatterns as wiki_urlpatterns

RECENT = 20
TICKETS_PER_PAGE = 50


@login_required
def index(request):
    scope_for(request.user, VIEW)
    readable = readable_spaces(request.user).values("pk")
    spaces = listed_spaces(request.user).order_by("name")
    return render(request, "spaces/index.html", {
        "mine": spaces.filter(pk__in=readable), "listed": spaces.exclude(pk__in=readable),
        "can_create": bool(user_scope(request.user, MANAGE))})


@login_required
def space_home(request, slug):
    space = space_for(request.user, slug=slug)
    status = request.GET.get("demandes", "")
    found_tickets = tickets.filtered(Ticket.objects.filter(space=space).select_related("assignee"), status)
    return render(request, "spaces/space.html", {
        "space": space, "moderator": is_moderator(request.user, space),
        "threads": Thread.objects.filter(space=space).select_related("created_by")[:RECENT],
        "documents": Document.objects.filter(space=space).order_by("-updated_at")[:RECENT],
        "pages": WikiPage.objects.filter(space=space).order_by("-updated_at")[:RECENT],
        "events": Event.objects.filter(space=space).order_by("starts_at")[:RECENT],
        "tickets": found_tickets[:RECENT], "ticket_status": status, "ticket_filters": _ticket_filters(),
        "thread_form": ThreadForm(), "upload_form": UploadForm(), "ticket_form": TicketForm(), "member_form": MemberForm(),
    })


@login_required
def new_space(request):
    """A lead opens a space (``spaces.manage``); they moderate it."""
    scope_for(request.user, MANAGE)
    form = NewSpaceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        space = create_space(request.user, data["name"], data["territory"], data["organisation"], data["visibility"],
                             description=data["description"])
        return redirect("spaces:space", space.slug)
    return render(request, "spaces/new_space.html", {"form": form})


@login_required
@require_POST
def add_member_page(request, slug):
    space = space_for(request.user, slug=slug)
    require_moderator(request.user, space)
    form = MemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("spaces:space", slug)
    try:  # an unknown login and one out of reach get the same answer
        user = person_named(reachable_people(request.user, space), form.cleaned_data["username"])
    except Http404 as error:
        messages.error(request, str(error))
    else:
        add_member(space, user=user, moderator=form.cleaned_data["moderator"])
        messages.success(request, _("%(who)s est maintenant membre de l'espace.") % {"who": user.get_full_name() or user.username})
    return redirect("spaces:space", slug)


def _errors(form):
    return " ".join(e for errors in form.errors.values() for e in errors)


def _posted(request, slug, form_class):
    """``(space, cleaned data)`` of a member's form; the data is ``None``, and the errors shown, when it is not valid."""
    space = space_for(request.user, slug=slug)
    require_member(request.user, space)
    form = form_class(request.POST)
    if form.is_valid():
        return space, form.cleaned_data
    messages.error(request, _errors(form))
    return space, None


@login_required
@require_POST
def new_thread(request, slug):
    space, data = _posted(request, slug, ThreadForm)
    if data is None:
        return redirect("spaces:space", slug)
    thread = discussions.start(space, request.user, data["title"], data["body"], data["kind"])
    return redirect("spaces:thread", slug, thread.pk)


@login_required
def thread_page(request, slug, pk):
    space = space_for(request.user, slug=slug)
    thread = one_or_404(Thread.objects.filter(space=space), pk=pk)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        require_member(request.user, space)
        if form.is_valid():
            file = form.cleaned_data["attachment"]
            try:
                discussions.reply(thread, request.user, form.cleaned_data["body"], file=file and (file.name, _read(file)))
            except FileRefused as error:
                form.add_error("attachment", str(error))
            else:
                return redirect("spaces:thread", slug, pk)
    posts = Post.objects.filter(thread=thread, hidden_at__isnull=True).select_related("author", "attachment")
    return render(request, "spaces/thread.html", {"space": space, "thread": thread, "posts": posts, "form": form,
                                                  "moderator": is_moderator(request.user, space), "previewable": PREVIEWABLE})


@login_required
@require_POST
def resolve_thread(request, slug, pk):
    thread = one_or_404(Thread.objects.filter(space=space_for(request.user, slug=slug)), pk=pk)
    discussions.resolve(thread, request.user, resolved=request.POST.get("resolue", "1") == "1")
    return redirect("spaces:thread", slug, pk)


@login_required
@require_POST
def upload(request, slug, pk=None):
    space = space_for(request.user, slug=slug)
    require_member(request.user, space)
    document = one_or_404(Document.objects.filter(space=space), pk=pk) if pk else None
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        file = form.cleaned_data["file"]
        try:
            version = documents.upload(space, request.user, file.name, _read(file), title=form.cleaned_data["title"],
                                       folder=form.cleaned_data["folder"], document=document)
        except FileRefused as error:
            messages.error(request, str(error))
        else:
            return redirect("spaces:document", slug, version.document_id)
    else:
        messages.error(request, _errors(form))
    return redirect("spaces:document", slug, pk) if pk else redirect("spaces:space", slug)


def _read(file):
    """An uploaded file's bytes, refused before reading it into memory when it is too big."""
    if file.size > max_bytes():
        raise FileRefused(_("Le fichier dépasse la taille maximale de %(size)d Mo.") % {"size": max_bytes() // (1024 * 1024)})
    return file.read()


@login_required
def document_page(request, slug, pk):
    space = space_for(request.user, slug=slug)
    document = one_or_404(Document.objects.filter(space=space), pk=pk)
    return render(request, "spaces/document.html", {
        "space": space, "document": document, "versions": document.versions.select_related("uploaded_by"),
        "upload_form": UploadForm(), "previewable": PREVIEWABLE})


@login_required
def download(request, slug, pk):
    """A file of a space, to its members only; PDFs and images may be previewed in the browser (``?apercu=1``)."""
    space = space_for(request.user, slug=slug)
    version = one_or_404(DocumentVersion.objects.filter(document__space=space), pk=pk)
    inline = request.GET.get("apercu") == "1" and version.content_type in PREVIEWABLE
    return serve(version.file, version.original_name, version.content_type, inline=inline)


def calendar_feed(request, slug):
    space = space_for_feed(slug, request.GET.get("jeton", "")[:100])
    if space is None:
        raise Http404
    response = HttpResponse(ical_feed(space), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{space.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def new_ticket(request, slug):
    space, data = _posted(request, slug, TicketForm)
    if data is None:
        return redirect("spaces:space", slug)
    ticket = tickets.open_ticket(space, request.user, data["title"], data["description"])
    return redirect("spaces:ticket", slug, ticket.number)


@login_required
def ticket_page(request, slug, number):
    space = space_for(request.user, slug=slug)
    ticket = one_or_404(Ticket.objects.select_related("assignee", "created_by").filter(space=space), number=number)
    if request.method == "POST":
        require_member(request.user, space)
        if request.POST.get("statut") in TicketStatus.values:
            tickets.set_status(ticket, request.user, request.POST["statut"])
        if request.POST.get("moi") == "1":
            tickets.assign(ticket, request.user, request.user)
        return redirect("spaces:ticket", slug, number)
    return render(request, "spaces/ticket.html", {"space": space, "ticket": ticket, "statuses": TicketStatus.choices,
                                                  "history": tickets.history(ticket)})


def _ticket_filters():
    return [(tickets.TO_DO, _("À traiter (ouvertes et en cours)")), *TicketStatus.choices]


@login_required
def ticket_list(request, slug):
    """Every ticket of the space, resolved ones too, a page at a time; the filter narrows to a status or to those to do."""
    space = space_for(request.user, slug=slug)
    status = request.GET.get("demandes", "")
    found = tickets.filtered(Ticket.objects.filter(space=space).select_related("assignee"), status)
    return render(request, "spaces/tickets.html", {
        "space": space, "page": Paginator(found, TICKETS_PER_PAGE).get_page(request.GET.get("p")), "ticket_status": status,
        "ticket_filters": _ticket_filters()})


@login_required
@require_POST
def hide_post(request, slug, pk):
    post = one_or_404(Post.objects.filter(thread__space=space_for(request.user, slug=slug)), pk=pk)
    try:
        discussions.hide(post, request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
    return redirect("spaces:thread", slug, post.thread_id)


urlpatterns = [
    path("", index, name="index"),
    path("nouveau/", new_space, name="new_space"),
    path("<slug:slug>/", space_home, name="space"),
    path("<slug:slug>/membres/", add_member_page, name="add_member"),
    path("<slug:slug>/discussions/nouvelle/", new_thread, name="new_thread"),
    path("<slug:slug>/discussions/<int:pk>/", thread_page, name="thread"),
    path("<slug:slug>/discussions/<int:pk>/resolution/", resolve_thread, name="resolve"),
    path("<slug:slug>/messages/<int:pk>/masquer/", hide_post, name="hide_post"),
    path("<slug:slug>/documents/depot/", upload, name="upload"),
    path("<slug:slug>/documents/<int:pk>/", document_page, name="document"),
    path("<slug:slug>/documents/<int:pk>/version/", upload, name="new_version"),
    path("<slug:slug>/fichiers/<int:pk>/", download, name="file"),
    path("<slug:slug>/demandes/", ticket_list, name="tickets"),
    path("<slug:slug>/demandes/nouvelle/", new_ticket, name="new_ticket"),
    path("<slug:slug>/demandes/<int:number>/", ticket_page, name="ticket"),
    path("<slug:slug>/agenda.ics", calendar_feed, name="ical"),
    *wiki_urlpatterns,
]
