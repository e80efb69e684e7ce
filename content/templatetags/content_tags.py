"""Template tags shared by the visual themes."""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from content import visual_themes
from content.blocks import CALLOUT_KINDS

register = template.Library()


@register.simple_tag(takes_context=True)
def render_body(context, body):
    """Render each StreamField block with the current visual theme's block template."""
    theme = context.get("visual_theme") or visual_themes.get(visual_themes.FALLBACK)
    return theme.render_body(body, context.get("request"))


@register.filter
def table_rows(value):
    """A table block's (header row, body rows), the header row only when marked as such."""
    rows = [[cell or "" for cell in row] for row in (value or {}).get("data") or []]
    if rows and (value or {}).get("first_row_is_table_header"):
        return rows[0], rows[1:]
    return [], rows


@register.filter
def theme_template(theme, name):
    """Candidate templates for ``name`` in ``theme``, for ``{% include %}`` (theme first, neutral fallback)."""
    return theme.templates(name)


@register.filter
def callout_label(value):
    """The callout's title, or the label of its kind (« À noter », « Attention »…)."""
    return value.get("title") or dict(CALLOUT_KINDS).get(value.get("kind"), "")


@register.filter
def theme_search_url(theme):
    """The search page filtered by ``theme`` (its name, as search documents carry it): where a theme tag leads."""
    return f"{reverse('search:page')}?{urlencode({'theme': theme.name})}"
