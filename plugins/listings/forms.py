"""The public contact form: bounded fields, consent, and two traps for robots (a hidden field, a too-quick answer).

The form carries the signed moment it was shown; a robot that posts at once, or fills the
field people never see, is refused without its message being stored.
"""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

#: a person takes longer than this to write a message.
MIN_SECONDS = 3
#: a form left open longer than this is shown again (the signed moment has expired).
MAX_SECONDS = 4 * 3600
SALT = "listings.contact"


def form_stamp(now=None):
    return signing.dumps(int(now if now is not None else time.time()), salt=SALT)


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Vos nom et prénom"), max_length=150)
    email = forms.EmailField(label=_("Votre courriel"), max_length=254)
    phone = forms.CharField(label=_("Votre téléphone (facultatif)"), max_length=20, required=False)
    message = forms.CharField(label=_("Votre message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6}))
    consent = forms.BooleanField(label=_(
        "J'accepte que ces informations soient transmises à l'organisme qui publie l'annonce pour qu'il me réponde. "
        "Elles sont conservées un an au plus, puis effacées."))
    # The trap: hidden from people (CSS and aria-hidden), filled by robots that fill every field.
    website = forms.CharField(label=_("Ne pas remplir ce champ"), required=False, max_length=200)
    stamp = forms.CharField(widget=forms.HiddenInput, max_length=200)

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(c.isdigit() or c in " +.-()" for c in phone):
            raise forms.ValidationError(_("Un numéro de téléphone ne contient que des chiffres, espaces et « + »."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Votre message n'a pas pu être envoyé."), code="spam")
        try:
            shown = signing.loads(self.data.get("stamp", ""), salt=SALT, max_age=MAX_SECONDS)
        except signing.BadSignature:
            raise forms.ValidationError(_("Le formulaire a expiré : rechargez la page et recommencez."), code="stale") from None
        if time.time() - shown < MIN_SECONDS:
            raise forms.ValidationError(_("Votre message n'a pas pu être envoyé."), code="spam")
        return cleaned
