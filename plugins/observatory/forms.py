"""Forms of the observatory's screens: a sheet's operations (bounded by the model), a review, an upload, a consolidation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plugins.observatory.models import MAX_COMMENT, Campaign, Operation, Stage
from plugins.observatory.sheet_import import MAX_BYTES

OperationFormSet = forms.modelformset_factory(
    Operation, fields=("reference", "kind", *Operation.FIGURES, "started_on", "finished_on"),
    extra=3, can_delete=True, max_num=500, validate_max=True,
    widgets={"started_on": forms.DateInput(attrs={"type": "date"}), "finished_on": forms.DateInput(attrs={"type": "date"})},
)


class SendBackForm(forms.Form):
    comment = forms.CharField(label=_("Ce qui est à corriger"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 3}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Modèle XLSX rempli"), help_text=_("Le modèle téléchargé depuis cette fiche, 1 Mo au plus."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 1 Mo."))
        return upload


class ConsolidationForm(forms.Form):
    DEFAULTS = {"stage": Stage.STARTED, "level": "region"}

    campaign = forms.ModelChoiceField(label=_("Campagne"), queryset=Campaign.objects.all(), to_field_name="code", empty_label=None)
    stage = forms.ChoiceField(label=_("Opérations"), choices=Stage.choices, initial=Stage.STARTED)
    level = forms.ChoiceField(label=_("Niveau"), initial="region", choices=[
        ("national", _("Ensemble de votre périmètre")), ("region", _("Par région")), ("department", _("Par département"))])
