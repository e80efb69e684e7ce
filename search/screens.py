"""The admin screen where editors review the acronym pairs read in the content (Paramètres → Sigles suggérés)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search import suggestions
from search.models import AcronymSuggestion

PERMISSION = "search.change_synonym"   # who edits the synonym list decides what joins it


class AcronymSuggestionsView(WagtailAdminTemplateMixin, TemplateView):
    """GET lists the pairs to review (then the decided ones); POST reads the content again, accepts or rejects one."""

    page_title = gettext_lazy("Sigles suggérés")
    header_icon = "search"
    template_name = "search/admin/acronym_suggestions.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rows = AcronymSuggestion.objects.all()
        return super().get_context_data(
            pending=rows.filter(status=AcronymSuggestion.PENDING),
            decided=rows.exclude(status=AcronymSuggestion.PENDING).order_by("-decided_at")[:50],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "learn":
            added = suggestions.learn()
            messages.success(request, _("Contenu relu : %(count)s nouvelle(s) suggestion(s).") % {"count": added})
            return redirect("search_acronym_suggestions")
        pk = request.POST.get("suggestion", "")
        suggestion = get_object_or_404(AcronymSuggestion, pk=int(pk) if pk.isdigit() and len(pk) < 12 else 0,
                                       status=AcronymSuggestion.PENDING)
        if action == "accept":
            suggestions.accept(suggestion)
            messages.success(request, _("« %(pair)s » est accepté : la recherche l'applique dès maintenant.") % {"pair": suggestion})
        elif action == "reject":
            suggestions.reject(suggestion)
            messages.success(request, _("« %(pair)s » est rejeté : il ne sera plus suggéré.") % {"pair": suggestion})
        else:
            messages.error(request, _("Action inconnue."))
        return redirect("search_acronym_suggestions")


urlpatterns = [path("search/acronyms/", AcronymSuggestionsView.as_view(), name="search_acronym_suggestions")]
