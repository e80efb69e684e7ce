"""The one rich-text whitelist: what the page editor accepts, nothing more.

Markdown may carry raw HTML (``<script>``, ``onerror=``, ``javascript:`` links).
Before it reaches a rich-text block it goes through Wagtail's own editor
whitelist for that block's features (``DbWhitelister``: unknown elements
unwrapped, attributes dropped, links other than http(s), ftp, mailto and tel
removed), so an import can store nothing an editor could not have typed.
Every removal is recorded, so the import report can say what was taken out.
Plugins storing rich text typed by users go through :func:`clean_html`.
"""

from wagtail.admin.rich_text.converters.editor_html import DbWhitelister, EditorHTMLConverter, WhitelistRule
from wagtail.whitelist import allow_without_attributes

# Elements whose content is code or a foreign document: removed with their content, not unwrapped.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "template",
    "noscript", "svg", "math", "form", "textarea", "select", "button", "link", "meta", "base",
})
# Draftail accepts inline code for the "code" feature; Wagtail's editor-HTML rules have no entry for it.
_DRAFTAIL_ONLY_RULES = {"code": [WhitelistRule("code", allow_without_attributes)]}
_SHOWN_VALUE = 60


class _RecordingWhitelister(DbWhitelister):
    """Wagtail's whitelister, noting each element and attribute it removes."""

    def __init__(self, converter_rules):
        super().__init__(converter_rules)
        self.removed = []

    def _note(self, what):
        if what not in self.removed:
            self.removed.append(what)

    def clean_tag_node(self, doc, tag):
        if tag.name in DROPPED_WITH_CONTENT:
            self._note(f"<{tag.name}>")
            tag.decompose()
            return
        name, before = tag.name, dict(tag.attrs)
        super().clean_tag_node(doc, tag)
        if name not in self.element_rules and not {"data-linktype", "data-embedtype"} & before.keys():
            self._note(f"<{name}>")
            return
        for attr, value in before.items():
            if attr not in tag.attrs:
                shown = " ".join(value) if isinstance(value, list) else str(value)
                self._note(f'{attr}="{shown[:_SHOWN_VALUE]}"')


def clean_rich_text(html, features):
    """``(clean_html, removed)``: ``html`` through the editor whitelist of ``features``."""
    rules = list(EditorHTMLConverter(features=features).converter_rules)
    for feature in features:
        rules += _DRAFTAIL_ONLY_RULES.get(feature, [])
    whitelister = _RecordingWhitelister(rules)
    return whitelister.clean(html), whitelister.removed


#: What a plugin's rich text (a discussion message, an announcement) may hold: the editor's inline features.
MESSAGE_FEATURES = ("bold", "italic", "link", "ol", "ul", "code")


def clean_html(html, features=MESSAGE_FEATURES):
    """``html`` through the one whitelist, for plugins storing rich text typed by users (removals not reported)."""
    return clean_rich_text(html or "", list(features))[0]
