from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "plugins.spaces"
    label = "spaces"
    verbose_name = _("Espaces collaboratifs")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from plugins.spaces import signals  # models are importable only once the app registry is ready

        signals.connect()
