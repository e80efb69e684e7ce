"""The plugin's admin forms: applicant file, issuing, identity change, template version, bulk send, validity by territory.

Choices come from the scope (territories, organisations) or from the published templates.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from logis.accounts.scoping import user_scope
from logis.documents import merge_fields
from logis.rich_text import RichTextEditor
from logis.territories.widgets import TerritoryAutocomplete

from plugins.attestations.issuing import RICH_TEXT_FEATURES
from plugins.attestations.models import Applicant, Delivery, DocumentTemplate, TemplateVersion, TerritoryValidity

CHANNEL_CHOICES = Delivery.Channel.choices
#: A version's text as stored (the model's bound).
MAX_BODY = TemplateVersion._meta.get_field("body").max_length


def active_templates():
    return DocumentTemplate.objects.filter(active=True, versions__isnull=False).distinct().order_by("name")


class ApplicantForm(forms.ModelForm):
    """Creation takes the identity; afterwards it changes only through the identity-change control."""

    class Meta:
        model = Applicant
        fields = ["number", *Applicant.IDENTITY_FIELDS, "street", "street_extra", "postcode", "town", "filing_date",
                  "renewal_date", "accompanied", "organisation", "territory"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in Applicant.IDENTITY_FIELDS + ("number",):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Se modifie depuis la fiche : « Modifier l'identité ou le contact ».")


class IssueForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Modèle"), queryset=DocumentTemplate.objects.none())
    channel = forms.ChoiceField(label=_("Canal"), choices=CHANNEL_CHOICES, initial=Delivery.Channel.DOWNLOAD)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = active_templates()


class IdentityChangeForm(forms.Form):
    field = forms.ChoiceField(label=_("Champ"), choices=[(name, Applicant._meta.get_field(name).verbose_name)
                                                         for name in Applicant.IDENTITY_FIELDS])
    value = forms.CharField(label=_("Nouvelle valeur"), max_length=150, required=False,
                            help_text=_("Une date s'écrit jj/mm/aaaa."))


class _Unreadable:
    """What :class:`TemplateTextEditor` gives for a body that is not Draftail's content."""


class TemplateTextEditor(RichTextEditor):
    """The core's Draftail editor; a posted body that is not its JSON (a hand-made request) is refused: a template
    that prints on a State attestation is not guessed from stray text."""

    def unreadable(self, raw):
        return _Unreadable


class TemplateTextField(forms.CharField):
    def to_python(self, value):
        if value is _Unreadable:
            raise forms.ValidationError(_("Le texte reçu n'est pas celui de l'éditeur : rechargez la page et recommencez."))
        return super().to_python(value)


class VersionForm(forms.Form):
    """A new version: rich text in Wagtail's Draftail editor (plain text for an SMS), merge fields picked from the list."""

    subject = forms.CharField(label=_("Objet"), max_length=200, required=False)
    body = TemplateTextField(label=_("Texte"), max_length=MAX_BODY)   # checked on the HTML Draftail's widget gives back
    field_picker = forms.ChoiceField(label=_("Insérer un champ de fusion"), required=False)

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == DocumentTemplate.Kind.SMS:
            self.fields["body"].widget = forms.Textarea(attrs={"rows": 6})
        else:
            self.fields["body"].widget = TemplateTextEditor(features=list(RICH_TEXT_FEATURES))
        self.fields["field_picker"].choices = [("", "—")] + [(name, f"{field.label} — {name}") for name, field in
                                                              sorted(merge_fields().items())]


class BulkSendForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Modèle"), queryset=DocumentTemplate.objects.none())
    channel = forms.ChoiceField(label=_("Canal"), choices=[c for c in CHANNEL_CHOICES if c[0] != "download"])
    numbers = forms.CharField(label=_("Numéros uniques"), widget=forms.Textarea(attrs={"rows": 8}), max_length=200_000,
                              help_text=_("Un numéro par ligne, 5 000 au plus."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = active_templates()

    def clean_numbers(self):
        numbers = list(dict.fromkeys(line.strip().upper()[:32] for line in self.cleaned_data["numbers"].splitlines() if line.strip()))
        if not 1 <= len(numbers) <= 5000:
            raise forms.ValidationError(_("Indiquez de 1 à 5 000 numéros."))
        return numbers


class TerritoryValidityForm(WagtailAdminModelForm):
    """A territory of the user's scope (any other is refused as an invalid choice) and a template in service."""

    class Meta:
        model = TerritoryValidity
        fields = ["template", "territory", "months"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["territory"].queryset = user_scope(for_user, "attestations.validity").territories().order_by("path")
        self.fields["territory"].widget = TerritoryAutocomplete(permission="attestations.validity")
        self.fields["template"].queryset = DocumentTemplate.objects.filter(active=True)
