"""The synonym list and the acronym suggestions in the admin (Paramètres → Synonymes de la recherche, Sigles suggérés)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search import screens
from search.models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = _("Synonymes de la recherche")
    add_to_settings_menu = True
    list_display = ["terms", "updated_at"]
    search_fields = ["terms"]
    ordering = ["terms"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_acronym_suggestion_urls():
    return screens.urlpatterns


class AcronymSuggestionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(screens.PERMISSION)


@hooks.register("register_settings_menu_item")
def register_acronym_suggestions_menu_item():
    return AcronymSuggestionsMenuItem(_("Sigles suggérés"), reverse("search_acronym_suggestions"), icon_name="search", order=810)
