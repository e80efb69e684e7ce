"""The capacity-over-time screen: history per commune or department from the snapshots, the forecast chart with its band, the export.

Aggregates only (an aggregates-only national role reaches it): counts per
territory and day, never a row of an offer.
"""

from django import forms
from django.utils.translation import gettext_lazy

from logis.accounts.scoping import scope_for, user_scope
from logis.exports import download_table
from logis.screens import ScopedScreen
from plugins.offers import capacity
from plugins.offers.charts import forecast_chart
from plugins.offers.export_columns import CAPACITY_COLUMNS
from plugins.offers.figures import DEFINITIONS
from plugins.offers.forecast import run_out
from plugins.offers.screens import export_format


class CapacityForm(forms.Form):
    level = forms.ChoiceField(label=gettext_lazy("Par"), choices=(("department", gettext_lazy("département")), ("commune", gettext_lazy("commune"))),
                              initial="department", required=False)
    days = forms.IntegerField(label=gettext_lazy("Sur les derniers jours"), min_value=capacity.MIN_DAYS, max_value=capacity.MAX_DAYS,
                              initial=60, required=False)

    def options(self):
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("level") or "department", data.get("days") or 60


class CapacityScreen(ScopedScreen):
    permission = "offers.view"
    aggregates_allowed = True
    page_title = gettext_lazy("Capacité au fil du temps")
    template_name = "offers/capacity.html"
    header_icon = "history"

    def get(self, request, *args, **kwargs):
        form = CapacityForm(request.GET or None)
        level, days = form.options() if form.is_bound else ("department", 60)
        rows = capacity.history(self.scope, level, days)
        fmt = request.GET.get("export")
        if fmt:
            scope_for(request.user, "offers.export")
            return download_table(CAPACITY_COLUMNS, rows, f"capacite-par-{level}", export_format(fmt))
        totals = capacity.totals(rows)
        forecast = run_out(totals)
        projection = capacity.projection(forecast)
        return self.render_to_response(self.get_context_data(
            form=form, rows=rows, totals=totals, forecast=forecast, projection=projection, territories=capacity.forecasts(rows),
            chart=forecast_chart(totals, forecast, projection), query=request.GET.urlencode(), level=level,
            can_export=bool(user_scope(request.user, "offers.export")), definition=DEFINITIONS["places_available"],
        ))
