"""PDF documents: HTML rendered by WeasyPrint, QR codes drawn by segno.

WeasyPrint lays out HTML and CSS for print (pages, margins, fonts) without a
browser; segno writes a QR code as inline SVG, so a document carries its
verification link without any image file. Rendering is deterministic: the
same HTML gives the same pages (the PDF's creation date aside), which is what
lets an issued document re-render identically.

Many documents in a row (a job issuing a thousand attestations) share what
WeasyPrint's documentation says to share: one ``FontConfiguration`` (the
``@font-face`` fonts are loaded once, not per document), stylesheets parsed
once (:func:`stylesheet`) and one ``cache`` for images. They are kept per
thread: Pango's font map is not meant to be shared between threads.
"""

import atexit
import io
import threading

from django.utils.safestring import mark_safe


def _weasyprint():
    """WeasyPrint, imported on first use (issue 13): it loads Pango through cffi, seconds of CPU that every
    command and process would pay at start-up through the admin screens importing this module."""
    import weasyprint

    return weasyprint


def qr_svg(data, scale=4):
    """The QR code of ``data`` (error correction M) as an inline ``<svg>`` element.

    segno is imported here, like WeasyPrint: the admin screens import this module at every start-up."""
    import segno

    out = io.BytesIO()
    segno.make(data, error="m", micro=False).save(out, kind="svg", scale=scale, xmldecl=False, svgns=True, border=2)
    return mark_safe(out.getvalue().decode())


_shared = threading.local()
#: Stylesheets kept parsed per thread (a process has a handful: one per document layout), and images cached.
MAX_STYLESHEETS = 16
MAX_CACHED_IMAGES = 256


def _font_config():
    if not hasattr(_shared, "font_config"):
        from weasyprint.text.fonts import FontConfiguration

        _shared.font_config, _shared.stylesheets, _shared.cache = FontConfiguration(), {}, {}
    return _shared.font_config


@atexit.register
def _forget_fonts():
    """Drop this thread's font configuration while the interpreter can still run its clean-up (its temporary font folder)."""
    _shared.__dict__.clear()


def stylesheet(css):
    """``css`` parsed once per thread, its ``@font-face`` fonts loaded into the shared font configuration."""
    font_config = _font_config()
    parsed = _shared.stylesheets.get(css)
    if parsed is None:
        if len(_shared.stylesheets) >= MAX_STYLESHEETS:
            _shared.stylesheets.clear()
        parsed = _shared.stylesheets[css] = _weasyprint().CSS(string=css, font_config=font_config)
    return parsed


def _options(css):
    font_config = _font_config()
    if len(_shared.cache) > MAX_CACHED_IMAGES:
        _shared.cache.clear()
    return {"stylesheets": [stylesheet(css)] if css else None, "font_config": font_config, "cache": _shared.cache}


def render_pdf(html, base_url=None, css=None):
    """PDF bytes of an HTML document; ``css``, the stylesheet many documents share, is parsed once."""
    return _weasyprint().HTML(string=html, base_url=base_url).write_pdf(**_options(css))


def render_pdf_pages(documents, base_url=None, css=None):
    """One PDF of several HTML documents, each starting on a new page (a day's print batch)."""
    weasyprint, options = _weasyprint(), _options(css)
    rendered = [weasyprint.HTML(string=html, base_url=base_url).render(**options) for html in documents]
    if not rendered:
        return b""
    pages = [page for document in rendered for page in document.pages]
    return rendered[0].copy(pages).write_pdf()
