"""PDF documents: HTML rendered by WeasyPrint, QR codes drawn by segno.

WeasyPrint lays out HTML and CSS for print (pages, margins, fonts) without a
browser; segno writes a QR code as inline SVG, so a document carries its
verification link without any image file. Rendering is deterministic: the
same HTML gives the same pages (the PDF's creation date aside), which is what
lets an issued document re-render identically.
"""

import io

import segno
from django.utils.safestring import mark_safe


def _weasyprint():
    """WeasyPrint, imported on first use (issue 13): it loads Pango through cffi, seconds of CPU that every
    command and process would pay at start-up through the admin screens importing this module."""
    import weasyprint

    return weasyprint


def qr_svg(data, scale=4):
    """The QR code of ``data`` (error correction M) as an inline ``<svg>`` element."""
    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(out, kind="svg", scale=scale, xmldecl=False, svgns=True, border=2)
    return mark_safe(out.getvalue().decode())


def render_pdf(html, base_url=None):
    """PDF bytes of an HTML document (its CSS inline or under ``base_url``)."""
    return _weasyprint().HTML(string=html, base_url=base_url).write_pdf()


def render_pdf_pages(documents, base_url=None):
    """One PDF of several HTML documents, each starting on a new page (a day's print batch)."""
    weasyprint = _weasyprint()
    rendered = [weasyprint.HTML(string=html, base_url=base_url).render() for html in documents]
    if not rendered:
        return b""
    pages = [page for document in rendered for page in document.pages]
    return rendered[0].copy(pages).write_pdf()
