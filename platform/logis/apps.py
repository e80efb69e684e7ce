from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogisConfig(AppConfig):
    name = "logis"
    verbose_name = _("Logis — cœur")

    def ready(self):
        from logis import hardening

        hardening.apply()
