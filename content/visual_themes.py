"""The registry of visual themes a Wagtail Site can be rendered with.

A theme is a template directory ``content/themes/<code>/`` holding at least
``base.html``; any page or block template it does not define falls back to
the neutral theme's, so a new theme only overrides what it restyles.
"""

from dataclasses import dataclass

from django.template.loader import select_template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

FALLBACK = "neutre"


@dataclass(frozen=True)
class VisualTheme:
    code: str
    label: str
    description: str = ""

    @property
    def base_template(self):
        return f"content/themes/{self.code}/base.html"

    def templates(self, name):
        """Candidate template paths for ``name`` (e.g. ``pages/guide_page.html``), theme first."""
        names = [f"content/themes/{self.code}/{name}"]
        if self.code != FALLBACK:
            names.append(f"content/themes/{FALLBACK}/{name}")
        return names

    def render_body(self, body, request=None):
        """A StreamField body as HTML, each block with this theme's block template."""
        html = []
        for block in body:
            template = select_template(self.templates(f"blocks/{block.block_type}.html"))
            html.append(template.render({"value": block.value, "block_id": block.id, "request": request, "visual_theme": self}))
        return mark_safe("".join(html))


_REGISTRY = {}


def register(theme):
    _REGISTRY[theme.code] = theme
    return theme


def get(code):
    return _REGISTRY.get(code) or _REGISTRY[FALLBACK]


def choices():
    return [(theme.code, theme.label) for theme in _REGISTRY.values()]


register(VisualTheme(
    FALLBACK, _("Neutre accessible"),
    _("Thème sobre et accessible, sans ressource externe : le choix par défaut de tout éditeur."),
))
register(VisualTheme(
    "dsfr", _("Système de design de l'État (DSFR)"),
    _("Réservé aux sites de l'État français (administrations, opérateurs comme le GIP SNE) : "
      "la marque République française et le DSFR ne peuvent pas être utilisés par d'autres éditeurs."),
))
