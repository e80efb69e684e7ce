from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "logis.audit"
    label = "logis_audit"
    verbose_name = _("Historique des modifications")

    def ready(self):
        from logis.audit.recorder import connect_audited_models

        connect_audited_models()
