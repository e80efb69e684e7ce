"""The admin screen "Données personnelles (RGPD)" of one agent: see, export, erase.

A superuser sees and acts on everything. A role manager acts on a person only
within his organisations: the person must hold or have held a role in force
in one of them (a grant awaiting consent does not count), else the page does
not exist for him (404). When the person also works for other organisations,
he sees and exports only what his own hold, and cannot erase the account:
that takes a superuser, or a manager whose scope covers every organisation of
the person. Nobody erases their own account, and only a superuser acts on a
superuser's.
"""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from logis import exports
from logis.accounts.forms import MANAGE_ROLES
from logis.accounts.gdpr import ErasureError, erase_person, export_person, organisations_of
from logis.accounts.models import Organisation
from logis.accounts.scoping import user_scope

ACCOUNT_LABELS = {
    "identifiant": gettext_lazy("Identifiant"), "prenom": gettext_lazy("Prénom"), "nom": gettext_lazy("Nom"),
    "courriel": gettext_lazy("Courriel"), "inscrit_le": gettext_lazy("Inscrit le"),
    "derniere_connexion": gettext_lazy("Dernière connexion"),
}
ASSIGNMENT_HEADERS = [
    gettext_lazy("Rôle"), gettext_lazy("Organisation"), gettext_lazy("Territoire couvert"),
    gettext_lazy("Valide du"), gettext_lazy("Valide jusqu'au"), gettext_lazy("Révoquée le"),
]
NOT_ALONE = gettext_lazy(
    "Cette personne a aussi des rôles dans d'autres organisations : seul un administrateur, ou un gestionnaire "
    "de toutes ses organisations, peut effacer son compte."
)
CSV_HEADERS = [gettext_lazy("Rubrique"), gettext_lazy("N°"), gettext_lazy("Champ"), gettext_lazy("Valeur")]


class Access:
    """What ``requester`` may do with ``person``'s data: ``organisations`` to keep to (``None``: all), ``erase``."""

    def __init__(self, organisations, erase):
        self.organisations = organisations
        self.erase = erase


def access_to(requester, person):
    """The requester's :class:`Access` over ``person``; Http404 outside it, PermissionDenied for oneself."""
    if not requester.is_authenticated or not requester.is_active:
        raise Http404
    if requester.pk == person.pk:
        raise PermissionDenied(_("Vous ne pouvez pas traiter vos propres données personnelles depuis cet écran."))
    if requester.is_superuser:
        return Access(None, erase=True)
    scope = user_scope(requester, MANAGE_ROLES)
    if person.is_superuser or not scope or scope.aggregates_only:
        raise Http404
    theirs = organisations_of(person)
    mine = scope.filter(theirs)
    if not mine.exists():
        raise Http404
    if theirs.exclude(pk__in=mine.values("pk")).exists():
        return Access(Organisation.objects.filter(pk__in=mine.values("pk")), erase=False)
    return Access(None, erase=True)


def _person(request, user_id):
    person = get_object_or_404(get_user_model(), pk=user_id)
    return person, access_to(request.user, person)


def _shown(value):
    """A value as the screen shows it: dates dd/mm/yyyy, nothing for None."""
    return exports.display_date(value) if value is None or isinstance(value, datetime.date) else value


def _table(entries):
    """``(headers, rows)`` for a list of dicts, headers from the first one's keys."""
    headers = list(entries[0]) if entries else []
    return headers, [[_shown(entry.get(h)) for h in headers] for entry in entries]


class PersonalDataView(WagtailAdminTemplateMixin, TemplateView):
    """GET shows what is held; POST, with the confirmation box ticked, erases it."""

    page_title = gettext_lazy("Données personnelles (RGPD)")
    header_icon = "user"
    template_name = "logis_accounts/personal_data.html"

    @cached_property
    def _person_and_access(self):
        return _person(self.request, self.kwargs["user_id"])

    @property
    def person(self):
        return self._person_and_access[0]

    @property
    def access(self):
        return self._person_and_access[1]

    def get_page_subtitle(self):
        return self.person.get_full_name() or self.person.get_username()

    def get_context_data(self, **kwargs):
        data = export_person(self.person, self.access.organisations)
        return super().get_context_data(
            person=self.person,
            partial=self.access.organisations is not None,
            may_erase=self.access.erase,
            not_alone=NOT_ALONE,
            account=[(ACCOUNT_LABELS[key], _shown(value)) for key, value in data["compte"].items()],
            assignments=[[_shown(v) for v in a.values()] for a in data["attributions_de_roles"]],
            assignment_headers=ASSIGNMENT_HEADERS,
            audit_count=data["entrees_d_historique_redigees"],
            sections={label: _table(entries) for label, entries in data["extensions"].items()},
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        person = self.person
        if not self.access.erase:
            raise PermissionDenied(NOT_ALONE)
        if not request.POST.get("confirmation"):
            messages.error(request, _("Cochez la case de confirmation pour effacer les données personnelles."))
            return redirect("logis_personal_data", person.pk)
        try:
            erase_person(person, by=request.user)
        except ErasureError as error:
            messages.error(request, _("Effacement annulé : l'extension %(plugins)s n'a pas pu effacer ses données.") % {"plugins": error})
            return redirect("logis_personal_data", person.pk)
        messages.success(request, _("Données personnelles effacées. L'historique des modifications est conservé (obligation légale)."))
        return redirect("logis_roles:index")


def _csv_rows(data):
    """One row per field: section, entry number, field, value (plugins' sections included)."""
    for section, value in data.items():
        if section == "extensions":
            yield from _csv_rows(value)
            continue
        for number, entry in enumerate(value if isinstance(value, list) else [value], 1):
            items = entry.items() if isinstance(entry, dict) else [("", entry)]
            for field, field_value in items:
                yield [section, number, field, field_value]


def export_personal_data(request, user_id, fmt):
    """The person's data as a JSON (complete, machine-readable) or CSV attachment."""
    person, access = _person(request, user_id)
    data = export_person(person, access.organisations)
    basename = f"donnees-personnelles-{person.pk}"
    if fmt == "json":
        response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="{basename}-{timezone.localdate():%Y-%m-%d}.json"'
        return response
    if fmt != "csv":
        raise Http404
    return exports.download(CSV_HEADERS, _csv_rows(data), basename, "csv")


urlpatterns = [
    path("logis/rgpd/<int:user_id>/", PersonalDataView.as_view(), name="logis_personal_data"),
    path("logis/rgpd/<int:user_id>/export/<str:fmt>/", export_personal_data, name="logis_personal_data_export"),
]
