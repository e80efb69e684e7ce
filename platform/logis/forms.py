"""Admin forms of the core."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from logis.plugins import plugin_manager


def plugin_choices():
    return [(info.name, f"{info.name} {info.version}".strip()) for info in plugin_manager.active()]


class PluginSettingsForm(WagtailAdminModelForm):
    """Tick the plugins to switch off, instead of typing JSON."""

    disabled_plugins = forms.MultipleChoiceField(
        label=_("Extensions désactivées sur ce site"), required=False,
        widget=forms.CheckboxSelectMultiple, choices=plugin_choices,
        help_text=_("Les pages, menus et résultats de recherche d'une extension désactivée disparaissent de ce site."),
    )
