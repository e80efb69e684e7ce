"""Per-site switches of the plugins."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from logis.forms import PluginSettingsForm


@register_setting(icon="cogs")
class PluginSettings(BaseSiteSetting):
    """Which installed plugins are switched off on one Wagtail Site."""

    disabled_plugins = models.JSONField(
        _("extensions désactivées"), default=list, blank=True,
        help_text=_("Les pages, menus et résultats de recherche d'une extension désactivée disparaissent de ce site."),
    )

    base_form_class = PluginSettingsForm

    saved_message = _("Extensions du site mises à jour.")  # the settings screen's message, agreed in gender and number

    class Meta:
        verbose_name = _("extensions du site")
        verbose_name_plural = _("extensions des sites")
