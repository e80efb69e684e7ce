"""The forms of the members' pages; the rules do the work, these only bound what is typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from plugins.spaces.models import Thread


class PostForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("Mentionnez un membre avec @identifiant : il ou elle est notifié."))


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Sujet"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Thread.Kind.choices, initial=Thread.Kind.DISCUSSION)

    field_order = ["title", "kind", "body"]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Fichier"))
    title = forms.CharField(label=_("Titre"), max_length=200, required=False)
    folder = forms.CharField(label=_("Dossier"), max_length=120, required=False)


class TicketForm(forms.Form):
    title = forms.CharField(label=_("Objet"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
