from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "plugins.offers"
    label = "offers"
    verbose_name = _("Offres d'hébergement de crise")
    default_auto_field = "django.db.models.BigAutoField"
