from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "logis.security"
    label = "logis_security"
    verbose_name = _("Logis — sécurité")

    def ready(self):
        from logis.security import throttling

        throttling.connect()
