"""Admin screens of the content app (snippet viewsets), the professionals-only page check, the DSFR footer warning, the page cache."""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from content import compare  # noqa: F401  (registers the readable revision comparisons)
from content import page_cache
from content.errors import permission_denied
from content.models import GlossaryTerm, Menu, SiteBranding, Theme
from content.navigation import can_view_private
from content.obligations import missing


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
    """A signed-in visitor opens a login-restricted page only with a role ``may_read_private`` accepts; else a 403 saying why."""
    if request.user.is_authenticated and page.get_view_restrictions().exists() and not can_view_private(request):
        return permission_denied(request, permission="content.view_private")


@hooks.register("before_serve_page", order=-100)  # before Wagtail's view restriction check: its redirect is private too
def mark_page_cacheable(page, request, serve_args, serve_kwargs):
    page_cache.mark_cacheable(page, request)


class PageCachePanel(Component):
    """The page cache's hit rate, for superusers (issue 13)."""

    name = "content_page_cache"
    order = 20

    def render_html(self, parent_context=None):
        hits, misses, rate = page_cache.hit_rate()
        text = (_("Cache des pages (visiteurs anonymes) : %(rate)s %% de réponses servies depuis le cache "
                  "(%(hits)s sur %(total)s).") % {"rate": rate, "hits": hits, "total": hits + misses}
                if rate is not None else _("Cache des pages (visiteurs anonymes) : aucune page servie encore."))
        return format_html('<section class="w-panel"><p>{}</p></section>', text)


@hooks.register("construct_homepage_panels")
def page_cache_panel(request, panels):
    if request.user.is_superuser and page_cache.enabled():
        panels.append(PageCachePanel())


class MissingFooterPagesPanel(Component):
    """The dashboard warning while a DSFR site lacks one of the footer pages a State site must link."""

    name = "content_missing_footer_pages"
    order = 5

    def __init__(self, lacking):
        self.lacking = lacking  # [(site name, [missing page labels])]

    def render_html(self, parent_context=None):
        items = format_html_join("", "<li>{} : {}</li>", ((site, ", ".join(labels)) for site, labels in self.lacking))
        return format_html(
            '<section class="w-panel help-block help-warning" role="alert"><h2>{}</h2><ul>{}</ul></section>',
            _("Pages obligatoires manquantes dans le pied de page (DSFR)"), items)


@hooks.register("construct_homepage_panels")
def warn_missing_footer_pages(request, panels):
    lacking = []
    for branding in SiteBranding.objects.filter(visual_theme="dsfr").select_related("site__root_page"):
        labels = missing(branding.site.root_page)
        if labels:
            lacking.append((branding.site.site_name or branding.site.hostname, labels))
    if lacking:
        panels.insert(0, MissingFooterPagesPanel(lacking))
