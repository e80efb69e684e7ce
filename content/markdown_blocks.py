"""Markdown ⇄ StreamField blocks, for the importer and the exporter.

Markdown is parsed by the ``markdown`` package (with its tables extension);
the resulting HTML is cut into blocks: tables become table blocks,
blockquotes starting with « **À noter :** » or « **Attention :** » become
callouts, everything else is gathered into rich text blocks. Rich text goes
through the editor's whitelist (:mod:`logis.sanitiser`), so raw HTML in a
file cannot bring scripts or ``javascript:`` links in. The way back writes
Markdown that parses again into the very same blocks.
"""

import re
from html import escape

import markdown
from bs4 import BeautifulSoup, NavigableString, Tag

from content.blocks import BodyBlock, CalloutBlock
from logis.sanitiser import clean_rich_text

CALLOUT_LABELS = {"note": "À noter", "warning": "Attention"}
_LABEL_TO_KIND = {label.lower(): kind for kind, label in CALLOUT_LABELS.items()}
_ESCAPE = re.compile(r"([\\`*_\[\]])")
TEXT_FEATURES = BodyBlock.base_blocks["text"].features
CALLOUT_FEATURES = CalloutBlock.base_blocks["text"].features


def _parse(text):
    html = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return BeautifulSoup(html, "html.parser")


def _inner_html(tag):
    return "".join(str(child) for child in tag.children).strip()


def _table_value(table):
    head = [cell.get_text(" ", strip=True) for cell in table.select("thead th")]
    body = [[cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])] for row in table.select("tbody tr")]
    return {"data": ([head] if head else []) + body, "first_row_is_table_header": bool(head),
            "first_col_is_header": False, "table_caption": ""}


def _callout_value(blockquote, removed):
    kind = "info"
    first = blockquote.find("p")
    strong = first.contents[0] if first is not None and first.contents else None
    if isinstance(strong, Tag) and strong.name == "strong":
        label = strong.get_text().strip().rstrip(":").strip().lower()
        if label in _LABEL_TO_KIND:
            kind = _LABEL_TO_KIND[label]
            strong.extract()
            if first.contents and isinstance(first.contents[0], NavigableString):  # « À noter : le… » → « Le… »
                text = first.contents[0].lstrip()
                first.contents[0].replace_with(text[:1].upper() + text[1:])
    text = "\n".join(str(c) for c in blockquote.children if str(c).strip())
    return {"kind": kind, "title": "", "text": _clean(text, CALLOUT_FEATURES, removed)}


def _clean(html, features, removed):
    html, taken_out = clean_rich_text(html, features)
    removed.extend(item for item in taken_out if item not in removed)
    return html


def markdown_to_blocks(text, removed=None):
    """Raw StreamField data (``[{"type", "value"}]``) for a Markdown body.

    What the whitelist takes out (``<script>``, ``onerror="…"``) is appended to ``removed``.
    """
    blocks, buffer = [], []
    removed = [] if removed is None else removed

    def flush():
        if buffer:
            blocks.append({"type": "text", "value": _clean("\n".join(buffer), TEXT_FEATURES, removed)})
            buffer.clear()

    for node in _parse(text).children:
        if isinstance(node, NavigableString):
            if node.strip():
                buffer.append(f"<p>{escape(node.strip(), quote=False)}</p>")
            continue
        if node.name == "table":
            flush()
            blocks.append({"type": "table", "value": _table_value(node)})
        elif node.name == "blockquote":
            flush()
            blocks.append({"type": "callout", "value": _callout_value(node, removed)})
        else:
            if node.name == "h1":  # the page title is the only h1
                node.name = "h2"
            buffer.append(str(node))
    flush()
    return blocks


# --- the way back -------------------------------------------------------------------------

def _escape(text):
    return _ESCAPE.sub(r"\\\1", text).replace("<", "&lt;")


def _inline(node):
    if isinstance(node, NavigableString):
        return _escape(str(node))
    inner = "".join(_inline(child) for child in node.children)
    name = node.name
    if name in ("strong", "b"):
        return f"**{inner}**"
    if name in ("em", "i"):
        return f"*{inner}*"
    if name == "code":
        return f"`{node.get_text()}`"
    if name == "br":
        return "  \n"
    if name == "a":
        title = f' "{node["title"]}"' if node.get("title") else ""
        return f"[{inner}]({node.get('href', '')}{title})"
    return inner


def _list(node, indent=""):
    items = node.find_all("li", recursive=False)
    loose = any(isinstance(c, Tag) and c.name == "p" for li in items for c in li.children)
    sep, pad = ("\n\n" if loose else "\n"), indent + " " * 4
    lines = []
    for number, li in enumerate(items, start=int(node.get("start", 1))):
        marker = f"{number}. " if node.name == "ol" else "- "
        parts, current = [], ""
        for child in li.children:
            if isinstance(child, Tag) and child.name in ("ul", "ol", "p"):
                if current.strip():
                    parts.append(current.strip())
                current = ""
                parts.append(_list(child, pad) if child.name != "p" else _inline(child).strip())
            else:
                current += _inline(child)
        if current.strip():
            parts.append(current.strip())
        text = indent + marker + (parts[0] if parts else "")
        for part in parts[1:]:
            text += sep + (part if part.startswith(pad) else pad + part)
        lines.append(text)
    return sep.join(lines)


def html_to_markdown(html):
    """Markdown for the rich text HTML produced by :func:`markdown_to_blocks`."""
    out = []
    for node in BeautifulSoup(html, "html.parser").children:
        if isinstance(node, NavigableString):
            if node.strip():
                out.append(_escape(node.strip()))
            continue
        if node.name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            out.append("#" * int(node.name[1]) + " " + _inline(node).strip())
        elif node.name in ("ul", "ol"):
            out.append(_list(node))
        elif node.name == "hr":
            out.append("---")
        elif node.name == "pre":
            out.append("\n".join("    " + line for line in node.get_text().rstrip("\n").split("\n")))
        else:
            out.append(_inline(node).strip())
    return "\n\n".join(out)


def _table_markdown(value):
    rows = [[(cell or "").replace("|", "\\|") for cell in row] for row in value.get("data") or []]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    head, body = (rows[0], rows[1:]) if value.get("first_row_is_table_header") else ([""] * width, rows)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def _callout_markdown(value):
    text = html_to_markdown(value.get("text") or "")
    label = value.get("title") or CALLOUT_LABELS.get(value.get("kind"), "")
    if label:
        text = f"**{label} :** {text}"
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def blocks_to_markdown(body):
    """Markdown for a body StreamField; blocks Markdown cannot express become links or headings."""
    out = []
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "text":
            out.append(html_to_markdown(value.source))
        elif kind == "table":
            out.append(_table_markdown(value))
        elif kind == "callout":
            raw = {"kind": value["kind"], "title": value["title"], "text": value["text"].source}
            out.append(_callout_markdown(raw))
        elif kind == "faq":
            out.append(f"## {value['title'] or 'Questions fréquentes'}")
            for item in value["items"]:
                out.append(f"### {_escape(item['question'])}\n\n{html_to_markdown(item['answer'].source)}")
        elif kind == "document":
            out.append(f"[{_escape(value['title'] or value['document'].title)}]({value['document'].url})")
        elif kind == "image":
            out.append(f"![{_escape(value.contextual_alt_text or '')}]({value.file.url})")
        elif kind == "link_card":
            url = value["page"].url if value["page"] else value["url"]
            out.append(f"[{_escape(value['title'])}]({url})")
    return "\n\n".join(part for part in out if part) + "\n"
