"""The site-settings edit screen with each setting's own success message, agreed in French.

Wagtail says « %(setting_type)s mis à jour. » whatever the gender and number
of the setting's name (« Apparence du site mis à jour »); a settings model
declares ``saved_message`` and the screen says it instead.
"""

from django.urls import path
from wagtail.contrib.settings.views import EditView


class SettingsEditView(EditView):
    def get_success_message(self):
        return getattr(self.model, "saved_message", None) or super().get_success_message()


def settings_urls():
    """Put before Wagtail's own ``settings/`` URL of the same shape, under the same name."""
    return [path("settings/<slug:app_name>/<slug:model_name>/<int:pk>/", SettingsEditView.as_view(),
                 name="logis-settings-edit")]
