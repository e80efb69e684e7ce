"""Admin screens for running allocations: the list across offers, and ending or cancelling one.

Built on :class:`logis.screens.ScopedScreen`; the rule is
:func:`plugins.offers.allocations.end_allocation`, as for the API.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _, gettext_lazy

from logis.accounts.models import Territory
from logis.screens import ScopedScreen
from plugins.offers import allocations
from plugins.offers.models import Allocation

PAGE = 200


class AllocationFilterForm(forms.Form):
    commune = forms.ModelChoiceField(label=gettext_lazy("Commune"), queryset=Territory.objects.none(), required=False)
    ending_before = forms.DateField(label=gettext_lazy("Se terminant avant le"), required=False)
    override = forms.BooleanField(label=gettext_lazy("Avec dérogation seulement"), required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = scope.territories().filter(kind=Territory.Kind.COMMUNE).order_by("name")

    def filter(self, rows):
        data = self.cleaned_data
        if data.get("commune"):
            rows = rows.filter(offer__commune=data["commune"])
        if data.get("ending_before"):
            rows = rows.filter(date_until__lte=data["ending_before"])
        if data.get("override"):
            rows = rows.exclude(override_reason="")
        return rows


class EndAllocationForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Fin"), choices=Allocation.End.choices, initial=Allocation.End.ENDED)
    reason = forms.CharField(label=gettext_lazy("Motif"), max_length=allocations.MAX_REASON)


class CurrentAllocationsScreen(ScopedScreen):
    """Every running allocation the user may see, oldest arrival first, each with its end form."""

    permission = "offers.allocate"
    page_title = gettext_lazy("Attributions en cours")
    template_name = "offers/allocations.html"
    header_icon = "user"

    def get_context_data(self, **kwargs):
        form = AllocationFilterForm(self.request.GET or None, scope=self.scope)
        rows = allocations.current(self.scope.filter(Allocation.objects.all()))
        if form.is_bound and form.is_valid():
            rows = form.filter(rows)
        return super().get_context_data(filters=form, allocations=rows[:PAGE], total=rows.count(),
                                        end_form=EndAllocationForm(), **kwargs)

    def post(self, request, *args, **kwargs):
        allocation = self.scope.get(Allocation.objects.all(), pk=request.POST.get("allocation"))
        form = EndAllocationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Indiquez la fin et son motif."))
        else:
            try:
                ended = allocations.end_allocation(allocation.pk, request.user, form.cleaned_data["kind"], form.cleaned_data["reason"])
                messages.success(request, _("Attribution terminée : %(places)d place(s) rendue(s) à l'offre %(ref)s.") % {
                    "places": ended.places, "ref": ended.offer.reference})
            except allocations.AllocationNotEnded as error:
                messages.error(request, str(error))
        return redirect(request.POST.get("next") if request.POST.get("next", "").startswith("/admin/") else "offers_allocations:index")
