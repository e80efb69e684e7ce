from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttestationsConfig(AppConfig):
    name = "plugins.attestations"
    label = "attestations"
    verbose_name = _("Attestations et communications")
    default_auto_field = "django.db.models.BigAutoField"
