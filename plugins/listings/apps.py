from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingsConfig(AppConfig):
    name = "plugins.listings"
    label = "listings"
    verbose_name = _("Annonces de logements")
    default_auto_field = "django.db.models.BigAutoField"
