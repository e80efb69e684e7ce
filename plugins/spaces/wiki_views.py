"""The members' pages of a space's wiki: read, write, revisions with their changes, restore.

Every page resolves the space through :func:`plugins.spaces.rules.space_for`
(404 for a non-member) and the wiki page inside it; writes call
:mod:`plugins.spaces.wiki`, which lets members write new pages and only a
page's author or a moderator change it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from logis.accounts.scoping import one_or_404
from plugins.spaces import wiki
from plugins.spaces.forms import WikiPageForm
from plugins.spaces.models import WikiPage
from plugins.spaces.rules import require_member, space_for


def _page(request, slug, pk):
    space = space_for(request.user, slug=slug)
    return space, one_or_404(WikiPage.objects.filter(space=space).select_related("created_by", "updated_by"), pk=pk)


def _save(form, write, *args):
    """Run ``write`` with the form's data; ``None`` and the reason shown when the title is taken."""
    try:
        return write(*args, form.cleaned_data["title"], form.cleaned_data["html"])
    except wiki.TitleTaken as error:
        form.add_error("title", str(error))
        return None


@login_required
def new_page(request, slug):
    space = space_for(request.user, slug=slug)
    require_member(request.user, space)
    form = WikiPageForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (page := _save(form, wiki.create_page, space, request.user)):
        return redirect("spaces:wiki_page", slug, page.pk)
    return render(request, "spaces/wiki_form.html", {"space": space, "form": form})


@login_required
def page_view(request, slug, pk):
    space, page = _page(request, slug, pk)
    return render(request, "spaces/wiki_page.html", {"space": space, "page": page, "may_edit": wiki.may_edit(request.user, page)})


@login_required
def edit_page(request, slug, pk):
    space, page = _page(request, slug, pk)
    wiki.require_editor(request.user, page)
    form = WikiPageForm(request.POST or None, initial={"title": page.title, "html": wiki.html_from_blocks(page.body)})
    if request.method == "POST" and form.is_valid() and _save(form, wiki.edit_page, page, request.user):
        return redirect("spaces:wiki_page", slug, pk)
    return render(request, "spaces/wiki_form.html", {"space": space, "page": page, "form": form})


@login_required
def revisions(request, slug, pk):
    space, page = _page(request, slug, pk)
    return render(request, "spaces/wiki_revisions.html", {
        "space": space, "page": page, "revisions": page.revisions.select_related("author")})


@login_required
def revision_view(request, slug, pk, number):
    space, page = _page(request, slug, pk)
    revision = one_or_404(page.revisions.select_related("author"), number=number)
    previous = page.revisions.filter(number__lt=number).first()
    return render(request, "spaces/wiki_revision.html", {
        "space": space, "page": page, "revision": revision, "previous": previous,
        "changes": wiki.diff(previous, revision), "may_edit": wiki.may_edit(request.user, page)})


@login_required
@require_POST
def restore(request, slug, pk, number):
    _space, page = _page(request, slug, pk)
    try:
        wiki.restore(page, request.user, one_or_404(page.revisions.all(), number=number))
    except wiki.TitleTaken as error:
        messages.error(request, str(error))
        return redirect("spaces:wiki_revision", slug, pk, number)
    return redirect("spaces:wiki_page", slug, pk)


urlpatterns = [
    path("<slug:slug>/pages/nouvelle/", new_page, name="new_wiki_page"),
    path("<slug:slug>/pages/<int:pk>/", page_view, name="wiki_page"),
    path("<slug:slug>/pages/<int:pk>/modifier/", edit_page, name="edit_wiki_page"),
    path("<slug:slug>/pages/<int:pk>/revisions/", revisions, name="wiki_revisions"),
    path("<slug:slug>/pages/<int:pk>/revisions/<int:number>/", revision_view, name="wiki_revision"),
    path("<slug:slug>/pages/<int:pk>/revisions/<int:number>/restaurer/", restore, name="restore_wiki_revision"),
]
