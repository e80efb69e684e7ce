"""The offers list's filters, shared by the admin list and its export so that the export is what the list shows.

Every choice (communes, departments, organisations) comes from the user's scope.
"""

import datetime

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet

from logis.accounts.models import Organisation, Territory
from logis.accounts.scoping import user_scope
from logis.territories.widgets import TerritoryAutocomplete
from plugins.offers.models import Offer


def communes_in_scope(request):
    if request is None:
        return Territory.objects.none()
    return user_scope(request.user, "offers.view").territories().filter(kind=Territory.Kind.COMMUNE)


def departments_in_scope(request):
    if request is None:
        return Territory.objects.none()
    return user_scope(request.user, "offers.view").territories().filter(kind=Territory.Kind.DEPARTMENT)


def organisations_in_scope(request):
    """Organisations holding offers the user sees."""
    if request is None:
        return Organisation.objects.none()
    offers = user_scope(request.user, "offers.view").filter(Offer.objects.all())
    return Organisation.objects.filter(pk__in=offers.values("organisation")).order_by("name")


class OfferFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label=gettext_lazy("Statut"), choices=Offer.Status.choices)
    provider_kind = django_filters.ChoiceFilter(label=gettext_lazy("Type d'hébergeur"), choices=Offer._meta.get_field("provider_kind").choices)
    accommodation_kind = django_filters.ChoiceFilter(label=gettext_lazy("Type de logement"), choices=Offer._meta.get_field("accommodation_kind").choices)
    department = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Département"), queryset=departments_in_scope, field_name="commune__parent",
        widget=TerritoryAutocomplete(kinds=["department"], permission="offers.view"))
    commune = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Commune"), queryset=communes_in_scope,
        widget=TerritoryAutocomplete(kinds=["commune"], permission="offers.view"))
    organisation = django_filters.ModelChoiceFilter(label=gettext_lazy("Organisation"), queryset=organisations_in_scope)
    places = django_filters.NumberFilter(label=gettext_lazy("Places disponibles au moins"), field_name="places_available", lookup_expr="gte")
    step_free = django_filters.BooleanFilter(label=gettext_lazy("Accessible PMR"))
    pets_allowed = django_filters.BooleanFilter(label=gettext_lazy("Animaux acceptés"))
    children_welcome = django_filters.BooleanFilter(label=gettext_lazy("Enfants bienvenus"))
    covers = django_filters.DateFilter(label=gettext_lazy("Disponible le"), method="filter_covers")
    quiet_days = django_filters.NumberFilter(label=gettext_lazy("Sans mise à jour depuis (jours)"), method="filter_quiet", min_value=1,
                                             max_value=3650)

    class Meta:
        model = Offer
        fields = []

    def filter_covers(self, queryset, name, value):
        return queryset.filter(Q(available_from__lte=value), Q(available_until__isnull=True) | Q(available_until__gte=value))

    def filter_quiet(self, queryset, name, value):
        return queryset.filter(updated_at__lt=timezone.now() - datetime.timedelta(days=int(value)))
