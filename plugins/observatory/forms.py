"""Forms of the observatory's screens: a sheet's operations (bounded by the model), a review, an upload, a consolidation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from logis.accounts.models import Territory
from plugins.observatory import rules
from plugins.observatory.models import MAX_COMMENT, Campaign, Operation, Stage
from plugins.observatory.sheet_import import MAX_BYTES


class OperationForm(forms.ModelForm):
    """One operation; its commune is chosen among the sheet's department's (``department``, given by the formset)."""

    def __init__(self, *args, department=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = rules.communes_of(department).order_by("name") if department else Territory.objects.none()


OperationFormSet = forms.modelformset_factory(
    Operation, form=OperationForm, fields=("reference", "kind", *Operation.FIGURES, "started_on", "finished_on", "commune"),
    extra=3, can_delete=True, max_num=500, validate_max=True,
    widgets={"started_on": forms.DateInput(attrs={"type": "date"}), "finished_on": forms.DateInput(attrs={"type": "date"})},
)


class SendBackForm(forms.Form):
    comment = forms.CharField(label=_("Ce qui est à corriger"), max_length=MAX_COMMENT, widget=forms.Textarea(attrs={"rows": 3}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Modèle XLSX rempli"), help_text=_("Le modèle téléchargé depuis cette fiche, 1 Mo au plus."))
    annotated = forms.BooleanField(label=_("En cas de problème, me renvoyer le fichier annoté (colonne « problème »)"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 1 Mo."))
        return upload


class NationalForm(forms.Form):
    """The national figures every professional sees: a campaign and a stage."""

    DEFAULTS = {"stage": Stage.STARTED}

    campaign = forms.ModelChoiceField(label=_("Campagne"), queryset=Campaign.objects.all(), to_field_name="code", empty_label=None)
    stage = forms.ChoiceField(label=_("Opérations"), choices=Stage.choices, initial=Stage.STARTED)


class ConsolidationForm(NationalForm):
    """The figures of one's reach: also a level, and the territory whose series the chart draws."""

    DEFAULTS = {"stage": Stage.STARTED, "level": "region"}

    level = forms.ChoiceField(label=_("Niveau"), initial="region", choices=[
        ("national", _("Ensemble de votre périmètre")), ("region", _("Par région")), ("department", _("Par département")),
        ("epci", _("Par intercommunalité (EPCI)"))])
    territory = forms.CharField(label=_("Graphique de"), required=False, max_length=80,
                                help_text=_("Le code d'un territoire du tableau ; vide : l'ensemble de votre périmètre."))
