from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "plugins.observatory"
    label = "observatory"
    verbose_name = _("Observatoire de la production et de la réhabilitation")
    default_auto_field = "django.db.models.BigAutoField"
