"""The StreamField blocks of guide and news pages.

Blocks carry no markup of their own: each visual theme renders them with
``content/themes/<theme>/blocks/<block type>.html`` (see ``content_tags``).
"""

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "link", "document-link", "ol", "ul", "hr", "code"]
CALLOUT_KINDS = [("note", _("À noter")), ("warning", _("Attention")), ("info", _("Information"))]


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=CALLOUT_KINDS, default="note", label=_("type"))
    title = blocks.CharBlock(required=False, label=_("titre"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link", "document-link", "ol", "ul"], label=_("texte"))

    class Meta:
        icon = "warning"
        label = _("Encadré / alerte")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"))
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES[3:], label=_("réponse"))


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("titre"))
    items = blocks.ListBlock(QuestionBlock(), label=_("questions"))

    class Meta:
        icon = "help"
        label = _("Questions fréquentes (accordéon)")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(required=False, label=_("intitulé"), help_text=_("Par défaut, le titre du document."))

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")


class LinkCardBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"))
    text = blocks.TextBlock(required=False, label=_("description"))
    page = blocks.PageChooserBlock(required=False, label=_("page"))
    url = blocks.URLBlock(required=False, label=_("adresse externe"))

    class Meta:
        icon = "link"
        label = _("Carte de lien")

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Choisissez une page ou une adresse, pas les deux."))}
            )
        return value


class BodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))
    callout = CalloutBlock()
    faq = FAQBlock()
    table = TableBlock(label=_("Tableau"))
    document = DocumentBlock()
    image = ImageBlock(label=_("Image (avec texte alternatif)"))
    link_card = LinkCardBlock()


def body_text(body):
    """The plain text of a body StreamField, for search documents and summaries."""
    parts = []
    for block in body:
        parts.extend(str(item) for item in block.block.get_searchable_content(block.value))
    return " ".join(strip_tags(part) for part in parts if part).strip()
