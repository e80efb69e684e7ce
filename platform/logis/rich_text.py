"""The rich-text editor of every admin form: Wagtail's Draftail, which never answers a hand-made body with a 500.

Draftail posts its content as Draft.js JSON; Wagtail's widget reads anything
else (plain text, a list, a truncated state) by raising ``JSONDecodeError`` or
``AttributeError`` — a 500 the form fuzzer found on the glossary. Installed as
the default editor (``WAGTAILADMIN_RICH_TEXT_EDITORS``), this one keeps such a
body as the text it is, escaped in one paragraph: a script that posts plain
text loses nothing, and nothing it sends becomes markup. A form that must
refuse it instead overrides :meth:`RichTextEditor.unreadable`.
"""

from django.utils.html import format_html
from wagtail.admin.rich_text import DraftailRichTextArea


class RichTextEditor(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            return self.unreadable(data.get(name))

    def unreadable(self, raw):
        """What a body that is not Draftail's content becomes: its text, escaped, in one paragraph."""
        text = str(raw or "").strip()
        return format_html("<p>{}</p>", text) if text else ""
