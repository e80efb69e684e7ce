from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "logis.inbox"
    label = "logis_inbox"
    verbose_name = _("Centre de notifications")
