"""Admin screens of the content app (snippet viewsets) and the professionals-only page check."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content.exports import SafeExportIndexView
from content.models import GlossaryTerm, Menu, Theme
from content.errors import permission_denied
from content.navigation import can_view_private


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Thèmes")
    index_view_class = SafeExportIndexView
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
    index_view_class = SafeExportIndexView
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
    """A signed-in visitor opens a login-restricted page only with a role ``may_read_private`` accepts; else a 403 saying why."""
    if request.user.is_authenticated and page.get_view_restrictions().exists() and not can_view_private(request):
        return permission_denied(request, permission="content.view_private")
