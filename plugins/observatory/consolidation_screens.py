"""The consolidated figures' screens: one's reach (chart, table, exports by level) and the national figures of every professional.

Both read one suppressed cube (``consolidation``): the reach's through the
user's scope, suppressed together with the national figures; the national
one the same for everyone. The chart is a picture of the table beside it.
"""

from django import forms
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from logis.accounts.scoping import scope_for, user_scope
from logis.exports import FORMATS
from logis.screens import ScopedScreen
from plugins.observatory import charts, consolidation
from plugins.observatory.downloads import consolidated_download, kind_label
from plugins.observatory.forms import ConsolidationForm, NationalForm
from plugins.observatory.models import Campaign
from plugins.observatory.roles import CONSOLIDATED, EXPORT

MEASURES = [gettext_lazy("Organisations"), gettext_lazy("Opérations"), gettext_lazy("Logements"), gettext_lazy("Coût total (€)"),
            gettext_lazy("Subventions (€)"), gettext_lazy("Prêts (€)"), gettext_lazy("Fonds propres (€)")]


def _asked(form_class, request):
    """The form bound to the query (defaults filled in), and its campaign, stage and other values (defaults when invalid)."""
    first = Campaign.objects.first()
    form = form_class({**form_class.DEFAULTS, "campaign": first.code if first else "", **request.GET.dict()})
    values = form.cleaned_data if form.is_valid() else {**form_class.DEFAULTS, "campaign": first, "territory": ""}
    return form, values


class ConsolidationScreen(ScopedScreen):
    """Consolidated figures of the user's reach: chart, the same figures as a table beside it, exports."""

    permission = CONSOLIDATED
    aggregates_allowed = True
    page_title = gettext_lazy("Chiffres consolidés de l'observatoire")
    template_name = "observatory/consolidation.html"
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        form, asked = _asked(ConsolidationForm, request)
        campaign, level = asked["campaign"], asked["level"]
        if campaign is None:
            return self.render_to_response(self.get_context_data(form=form, campaign=None))
        result = consolidation.consolidate(self.scope, Campaign.objects.filter(pk=campaign.pk), asked["stage"])
        fmt = request.GET.get("export")
        if fmt in FORMATS:
            scope_for(request.user, EXPORT)
            return consolidated_download(result, level, fmt)
        # The chart draws one territory of the table, chosen among those of the reader's own cube: nothing is looked up.
        places = [(t, result.territories[t][0]) for t in ([] if level == "national" else result.territories_at(level))]
        territory = asked["territory"] if asked["territory"] in dict(places) else consolidation.ALL
        form.fields["territory"].widget = forms.Select(choices=[("", _("Ensemble de votre périmètre")), *places])
        rows = [{"row": r, "kind_label": kind_label(r.kind)} for r in consolidation.rows(result, level)]
        return self.render_to_response(self.get_context_data(
            form=form, campaign=campaign, rows=rows, chart=charts.units_chart(result, campaign.code, territory),
            chart_of=dict(places).get(territory, _("l'ensemble de votre périmètre")), measures=MEASURES,
            can_export=bool(user_scope(request.user, EXPORT)), query=request.GET.urlencode()))


class NationalScreen(WagtailAdminTemplateMixin, TemplateView):
    """The national figures every professional sees (logged in, whatever his roles): country totals only, suppressed.

    No scope to read: these figures are the same for everyone, computed over
    every validated sheet, and never one organisation's (``consolidation.national``).
    """

    page_title = gettext_lazy("Chiffres nationaux de l'observatoire")
    template_name = "observatory/national.html"
    header_icon = "table"

    def get(self, request, *args, **kwargs):
        form, asked = _asked(NationalForm, request)
        campaign = asked["campaign"]
        if campaign is None:
            return self.render_to_response(self.get_context_data(form=form, campaign=None))
        result = consolidation.national(Campaign.objects.filter(pk=campaign.pk), asked["stage"])
        fmt = request.GET.get("export")
        if fmt in FORMATS:
            return consolidated_download(result, "national", fmt)
        rows = [{"row": r, "kind_label": kind_label(r.kind)} for r in consolidation.rows(result)]
        return self.render_to_response(self.get_context_data(
            form=form, campaign=campaign, rows=rows, chart=charts.units_chart(result, campaign.code), chart_of="France",
            measures=MEASURES, can_export=True, query=request.GET.urlencode()))
