"""Autocomplete widgets: a territory picker that never renders 35,000 options, and an address field.

The territory widgets are ``<select>`` elements holding only the chosen
option(s); ``territory-autocomplete.js`` adds a search box that asks
:func:`logis.territories.views.territory_autocomplete`. The form field keeps
its scoped queryset, so a value typed by hand outside it is still refused.
"""

from django import forms
from django.db import models
from django.urls import reverse

from logis.accounts.models import Territory


def _territory_id(value):
    """A territory id from a submitted value; None for a hostile one (not a number, or beyond what the database holds)."""
    try:
        pk = int(value)
    except (ValueError, TypeError):
        return None
    return pk if 0 < pk < 2**63 else None


class TerritoryAutocomplete(forms.Select):
    template_name = "logis/territories/autocomplete.html"

    def __init__(self, attrs=None, kinds=(), permission=""):
        super().__init__(attrs)
        self.kinds = tuple(kinds)
        self.permission = permission

    class Media:
        js = ["logis/js/territory-autocomplete.js"]

    def optgroups(self, name, value, attrs=None):
        """Only the selected territories, read by primary key: never iterate the whole queryset."""
        wanted = [pk for pk in map(_territory_id, value) if pk is not None]
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None or not wanted:
            return []
        chosen = list(queryset.filter(pk__in=wanted))
        return [(None, [self.create_option(name, t.pk, str(t), True, i)], i) for i, t in enumerate(chosen)]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["autocomplete"] = {
            "url": reverse("logis_territory_autocomplete"), "kinds": ",".join(self.kinds), "permission": self.permission,
        }
        return context


class TerritoryAutocompleteMultiple(TerritoryAutocomplete):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return forms.SelectMultiple.value_from_datadict(self, data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return False


def territory_widget(db_field):
    """The autocomplete for a model field pointing at territories; ``None`` for any other field."""
    if getattr(db_field, "related_model", None) is not Territory:
        return None
    return TerritoryAutocompleteMultiple() if isinstance(db_field, models.ManyToManyField) else TerritoryAutocomplete()


class AddressAutocomplete(forms.TextInput):
    """A street address input suggesting addresses (or, offline, communes); never required to pick one."""

    template_name = "logis/territories/address.html"

    class Media:
        js = ["logis/js/territory-autocomplete.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({"autocomplete": "off", "data-address-url": reverse("logis_address_autocomplete")})
        return context
