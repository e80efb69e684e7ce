"""Admin screens of the content app (snippet viewsets) and the professionals-only page check."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.models import GlossaryTerm, Menu, Theme
from content.navigation import can_view_private
from logis.accounts.scoping import require


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thèmes")
    list_display = ["name", "slug", "parent"]
    list_filter = ["parent"]
    list_export = ["name", "slug", "parent", "description"]
    export_filename = "themes"
    search_fields = ["name", "description"]
    ordering = ["parent__name", "name"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "list-ul"
    menu_label = _("Glossaire")
    list_display = ["term", "acronym", "expansion"]
    list_filter = ["themes"]
    list_export = ["term", "acronym", "expansion", "slug"]
    export_filename = "glossaire"
    search_fields = ["term", "acronym", "expansion"]


class MenuViewSet(SnippetViewSet):
    model = Menu
    icon = "list-ol"
    menu_label = _("Menus")
    list_display = ["name"]


class ContentSnippets(SnippetViewSetGroup):
    items = (ThemeViewSet, GlossaryTermViewSet, MenuViewSet)
    menu_icon = "doc-full"
    menu_label = _("Site des professionnels")
    menu_name = "site-des-professionnels"


register_snippet(ContentSnippets)


@hooks.register("before_serve_page")
def require_professional_role(page, request, serve_args, serve_kwargs):
    """A signed-in visitor opens a login-restricted page only with a role granting ``content.view_private``."""
    if request.user.is_authenticated and page.get_view_restrictions().exists() and not can_view_private(request):
        require(request.user, "content.view_private")
