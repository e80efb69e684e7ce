"""The offers list and record (with the map), the list's bulk actions (with their confirmation), the offers not confirmed for N days.

A bulk action reads the selection through the scope of the action's own
permission: one id outside it (another territory, unknown, malformed) and the
whole request answers 404 with nothing written. The selection is bounded
(:data:`bulk_actions.MAX_SELECTION`).
"""

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy, ngettext
from wagtail.admin.ui.tables import BaseColumn

from logis.accounts.scoping import scope_for, user_scope
from logis.api_lists import MAX_ID
from logis.exports import download_table
from logis.screens import ScopedScreen
from logis.viewsets import ScopedIndexView, ScopedInspectView
from plugins.offers import availability, bulk_actions, rules
from plugins.offers.allocation_screens import EndAllocationForm
from plugins.offers.export_columns import OFFER_COLUMNS
from plugins.offers.maps import offer_map
from plugins.offers.models import Offer, OffersSettings
from plugins.offers.phones import display_phone

MAX_EXTENSION_DAYS = 730
UNCONFIRMED_PAGE = 300


class SelectColumn(BaseColumn):
    """The tick box of a row, tied to the bulk-action form above the list (``form="offers-bulk"``)."""

    cell_template_name = "offers/select_cell.html"


class OfferIndexView(ScopedIndexView):
    """The scoped list with its bulk actions (those the user's roles grant) and the map of the page's offers."""

    template_name = "offers/index.html"
    results_template_name = "offers/index_results.html"
    related = ("commune", "organisation")
    export_url_name = "offers:export_rows"
    export_permission = "offers.export"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["bulk_actions"] = [a for a in bulk_actions.ACTIONS.values() if user_scope(user, a.permission)]
        context["max_selection"] = bulk_actions.MAX_SELECTION
        context["offers_map"] = offer_map(context["object_list"])
        return context


class OfferInspectView(ScopedInspectView):
    template_name = "offers/inspect.html"
    related = ("commune", "organisation")

    def get_context_data(self, **kwargs):
        offer, user = self.object, self.request.user
        return super().get_context_data(
            offer=offer, host_phone=display_phone(offer.host_phone), coordinator_phone=display_phone(offer.coordinator_phone),
            allocations=offer.allocations.select_related("allocated_by", "ended_by")[:50], end_form=EndAllocationForm(),
            can_end=bool(user_scope(user, "offers.allocate")), vet_url=reverse("offers:vet", args=[offer.pk]),
            can_vet=bool(user_scope(user, "offers.vet")) and offer.status not in rules.CLOSED, **kwargs,
        )


class ExtendForm(forms.Form):
    until = forms.DateField(label=gettext_lazy("Nouvelle date de fin"))

    def clean_until(self):
        until, today = self.cleaned_data["until"], timezone.localdate()
        if not today <= until <= today + datetime.timedelta(days=MAX_EXTENSION_DAYS):
            raise forms.ValidationError(_("Choisissez une date entre aujourd'hui et dans deux ans."))
        return until


def selected_ids(post):
    """The posted ids as a set of integers; Http404 for a malformed or out-of-range one (the caller bounds how many)."""
    values = post.getlist("ids")
    try:
        ids = {int(value) for value in values}
    except (TypeError, ValueError):
        raise Http404(_("Sélection invalide.")) from None
    if any(not 0 < pk <= MAX_ID for pk in ids):
        raise Http404(_("Sélection invalide."))
    return ids


class BulkActionScreen(ScopedScreen):
    """Confirm, then apply, one bulk action to the offers ticked in the list."""

    permission = "offers.view"
    page_title = gettext_lazy("Action sur plusieurs offres")
    template_name = "offers/bulk_action.html"
    header_icon = "tasks"

    def get(self, request, *args, **kwargs):
        return redirect("offers:index")

    def post(self, request, *args, **kwargs):
        action = bulk_actions.ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, _("Choisissez une action."))
            return redirect("offers:index")
        ids = selected_ids(request.POST)
        if not ids:
            messages.error(request, _("Cochez au moins une offre."))
            return redirect("offers:index")
        if len(ids) > bulk_actions.MAX_SELECTION:
            messages.error(request, _("Au plus %(max)d offres à la fois.") % {"max": bulk_actions.MAX_SELECTION})
            return redirect("offers:index")
        scope = scope_for(request.user, action.permission, rows=True)
        offers = scope.filter(Offer.objects.filter(pk__in=ids))
        if offers.count() != len(ids):
            raise Http404(_("Offre introuvable dans votre territoire."))
        if action.code == "export":
            rows = offers.select_related("commune", "organisation").order_by("commune__name", "reference")
            return download_table(OFFER_COLUMNS, rows, "offres-selection", "xlsx" if request.POST.get("fmt") == "xlsx" else "csv")
        form = ExtendForm(request.POST if "until" in request.POST else None)
        if request.POST.get("confirm") != "1" or (action.code == "extend" and not form.is_valid()):
            return self.render_to_response(self.get_context_data(
                action=action, offers=offers.select_related("commune").order_by("reference"), ids=sorted(ids), form=form,
                running=bulk_actions.with_running_allocations(offers).count() if action.code == "withdraw" else 0))
        done = self.apply(action.code, offers, form)
        messages.success(request, self.done_message(action.code, done, len(ids)))
        return redirect("offers:index")

    def apply(self, code, offers, form):
        if code == "vet":
            return bulk_actions.vet(offers, self.request.user)
        if code == "withdraw":
            return bulk_actions.withdraw(offers)
        return bulk_actions.extend(offers, form.cleaned_data["until"])

    @staticmethod
    def done_message(code, done, selected):
        texts = {
            "vet": ngettext("%(done)d offre qualifiée", "%(done)d offres qualifiées", done),
            "withdraw": ngettext("%(done)d offre retirée", "%(done)d offres retirées", done),
            "extend": ngettext("%(done)d offre prolongée", "%(done)d offres prolongées", done),
        }
        message = texts[code] % {"done": done}
        if done < selected:
            message += " " + _("(%(skipped)d laissée(s) telle(s) quelle(s) : fermée(s), attributions en cours ou date de début après la nouvelle fin).") % {
                "skipped": selected - done}
        return message + "."


class UnconfirmedScreen(ScopedScreen):
    """The coordinator's list: open offers whose host has not confirmed availability for N days, or that end soon."""

    permission = "offers.change"
    page_title = gettext_lazy("Offres non confirmées")
    template_name = "offers/unconfirmed.html"
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        rows = self.scope.filter(availability.unconfirmed())
        return super().get_context_data(offers=rows[:UNCONFIRMED_PAGE], total=rows.count(),
                                        ask_after_days=OffersSettings.load().ask_after_days, **kwargs)
