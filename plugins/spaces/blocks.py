"""The blocks of a space's wiki page: headings, then rich text (lists, links, emphasis) through the one whitelist.

Paragraph text holds the inline features of a discussion message, cleaned by
:func:`logis.sanitiser.clean_html` with :data:`TEXT_FEATURES` (imported by the
wiki's rules, not here: the sanitiser needs the app registry, this module is
read while models load).
"""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

TEXT_FEATURES = ("bold", "italic", "link", "ol", "ul", "code")
HEADING_LEVELS = [("h2", _("Titre")), ("h3", _("Sous-titre"))]


class HeadingBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(label=_("niveau"), choices=HEADING_LEVELS, default="h2")
    text = blocks.CharBlock(label=_("texte"), max_length=200)

    class Meta:
        label = _("Titre")

    def render_basic(self, value, context=None):
        level = value["level"] if value["level"] in dict(HEADING_LEVELS) else "h2"
        return format_html("<{level}>{text}</{level}>", level=level, text=value["text"])


class WikiBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Texte"), features=list(TEXT_FEATURES))
