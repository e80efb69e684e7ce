"""Admin forms: an offer, its vetting checklist, an upload, a household to house, a host to find."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from logis.accounts.models import Organisation, Territory
from logis.accounts.scoping import user_scope
from logis.imports import ALL_OR_NOTHING, IGNORED, VALID_ROWS, normalise_label
from logis.territories.widgets import TerritoryAutocomplete
from plugins.offers.import_columns import CANONICAL_COLUMNS
from plugins.offers.models import Offer
from plugins.offers.phones import InvalidPhone, normalise_phone
from plugins.offers.postcodes import postcode_problem
from plugins.offers.rules import apply_places

OFFER_FIELDS = (
    "organisation", "reference", "provider_kind", "accommodation_kind", "street", "postcode", "commune", "latitude",
    "longitude", "places_max", "places_available", "available_from", "available_until", "step_free", "pets_allowed",
    "children_welcome", "bedrooms", "private_kitchen", "private_bathroom", "near_transport", "host_name", "host_email",
    "host_phone", "coordinator_email", "coordinator_phone", "remarks",
)


def organisations_for(scope, keep=None):
    """Organisations a user may file offers for: their own, and those whose territory lies in the scope.

    A department service files offers for the communes of its department, a
    mandated association for the territories of its mandate. ``keep`` (the
    edited offer's organisation) stays a choice, so editing never changes it.
    """
    if scope.national:
        return Organisation.objects.all()
    own = {a.organisation_id for a in scope.assignments}
    if keep is not None:
        own.add(keep)
    return Organisation.objects.filter(Q(pk__in=own) | Q(territory__in=scope.territories())).order_by("name")


def communes_for(scope):
    return scope.territories().filter(kind=Territory.Kind.COMMUNE).order_by("name")


class OfferForm(WagtailAdminModelForm):
    """Choices of organisation and commune are limited to the user's scope; phones stored as E.164.

    ``version`` is the offer's last change as the form showed it: a form
    opened before an allocation would otherwise write back the places the
    allocation took.
    """

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Offer
        fields = OFFER_FIELDS

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        scope = user_scope(for_user, "offers.change")
        self.fields["organisation"].queryset = organisations_for(scope, keep=self.instance.organisation_id)
        self.fields["commune"].queryset = communes_for(scope)
        self.fields["commune"].widget = TerritoryAutocomplete(kinds=["commune"], permission="offers.change")
        if self.instance.pk:
            self.initial["version"] = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") != self.initial["version"]:
            raise forms.ValidationError(_("L'offre a été modifiée entre-temps (par exemple par une attribution) : "
                                          "rechargez la page et refaites votre modification."))
        commune = cleaned.get("commune")
        region = commune.country_code if commune else "FR"
        problem = postcode_problem(cleaned.get("postcode"), commune)
        if problem:
            self.add_error("postcode", problem)
        for name in ("host_phone", "coordinator_phone"):
            if cleaned.get(name):
                try:
                    cleaned[name] = normalise_phone(cleaned[name], region)
                except InvalidPhone as error:
                    self.add_error(name, str(error))
        return cleaned

    def save(self, commit=True):
        apply_places(self.instance)
        return super().save(commit)


class ChecklistForm(forms.Form):
    visit_done = forms.BooleanField(label=_("Visite effectuée"), required=False)
    sanitation_checked = forms.BooleanField(label=_("Salubrité vérifiée"), required=False)
    features_checked = forms.BooleanField(label=_("Caractéristiques vérifiées (places, accessibilité, animaux…)"), required=False)
    host_checked = forms.BooleanField(label=_("Hébergeur vérifié (intentions, capacité à accueillir)"), required=False)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Fichier CSV ou XLSX"))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    mode = forms.ChoiceField(label=_("Si des lignes sont en erreur"), choices=[
        (ALL_OR_NOTHING, _("Tout ou rien : ne rien enregistrer")),
        (VALID_ROWS, _("Lignes valides seulement : enregistrer les lignes sans erreur")),
    ], initial=ALL_OR_NOTHING, widget=forms.RadioSelect)
    dry_run = forms.BooleanField(label=_("Vérifier seulement, sans rien enregistrer"), required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(scope)


class ColumnMappingForm(forms.Form):
    """For each header the import did not recognise: which column it is, or to leave it out."""

    def __init__(self, *args, headers, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = list(headers)
        choices = [("", "—"), (IGNORED, _("ignorer cette colonne")), *[(c, c) for c in CANONICAL_COLUMNS]]
        for index, header in enumerate(self.headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(label=header, choices=choices)

    def mapping(self):
        return {normalise_label(header): self.cleaned_data[f"column_{index}"] for index, header in enumerate(self.headers)}


class HouseholdForm(forms.Form):
    adults = forms.IntegerField(label=_("Adultes"), min_value=1, max_value=30, initial=1)
    children = forms.IntegerField(label=_("Enfants"), min_value=0, max_value=30, initial=0)
    pets = forms.BooleanField(label=_("Animaux"), required=False)
    reduced_mobility = forms.BooleanField(label=_("Mobilité réduite"), required=False)
    territory = forms.ModelChoiceField(
        label=_("Territoire souhaité"), queryset=Territory.objects.none(), required=False,
        widget=TerritoryAutocomplete(kinds=["commune", "department"], permission="offers.view"),
    )
    radius_km = forms.IntegerField(label=_("Rayon (km)"), min_value=1, max_value=500, required=False)
    date_from = forms.DateField(label=_("Du"), required=False)
    date_until = forms.DateField(label=_("Au"), required=False)
    household_reference = forms.CharField(label=_("Référence du dossier (sans nom)"), max_length=64, required=False)
    override_reason = forms.CharField(
        label=_("Motif de la dérogation"), max_length=500, required=False, widget=forms.HiddenInput,
        help_text=_("Seulement pour attribuer une offre qui ne convient pas au ménage : le motif est gardé dans l'historique."),
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = scope.territories().filter(
            kind__in=[Territory.Kind.COMMUNE, Territory.Kind.DEPARTMENT]).order_by("path")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_until") and cleaned["date_until"] < cleaned["date_from"]:
            self.add_error("date_until", _("La date de fin précède la date de début."))
        return cleaned


class HostLookupForm(forms.Form):
    contact = forms.CharField(label=_("Courriel ou téléphone de l'hébergeur"), max_length=150)

    def clean_contact(self):
        """A ``Q`` matching the host: by email, or by the phone read as French or as Belgian."""
        value = self.cleaned_data["contact"].strip()
        if "@" in value:
            return Q(host_email__iexact=value)
        phones = set()
        for region in ("FR", "BE"):
            try:
                phones.add(normalise_phone(value, region))
            except InvalidPhone:
                continue
        if not phones:
            raise forms.ValidationError(_("Indiquez un courriel ou un numéro de téléphone valide."))
        return Q(host_phone__in=phones)
