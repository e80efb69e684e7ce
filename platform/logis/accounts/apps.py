from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "logis.accounts"
    label = "logis_accounts"
    verbose_name = _("Organisations, territoires et rôles")
