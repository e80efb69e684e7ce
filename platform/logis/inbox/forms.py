"""The one setting a person chooses for notifications: how often mail reaches them."""

from django import forms

from logis.inbox.models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["frequency"]
        widgets = {"frequency": forms.RadioSelect}
