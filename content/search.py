"""The content's side of the search contract: guide and news pages as search documents.

Only live pages are indexed; a professionals-only page is indexed with
``audience="pros"`` so the search service shows it to professionals only.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from logis.search_documents import SearchDocument, SearchDocumentType

DOCUMENT_TYPE = "content.page"


def indexed_pages():
    """Live guide and news pages, as a queryset the search service can narrow with ``filter(pk__in=…)``."""
    from content.models import GuidePage, NewsPage

    return Page.objects.live().type(GuidePage, NewsPage).specific()


def page_link(page):
    """A path for pages of the default site, so links work whatever host serves it; a full URL for the others."""
    parts = page.get_url_parts()
    if parts is None:
        return page.url_path
    site_id, root_url, path = parts
    default = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    return path if site_id == default else root_url + path


def to_document(page):
    from content.models import AUDIENCE_PROS, GuidePage, NewsPage

    page = page.specific if type(page) is Page else page
    if not isinstance(page, (GuidePage, NewsPage)) or not page.live:
        return None
    private = page.audience == AUDIENCE_PROS or page.get_view_restrictions().exists()
    return SearchDocument(
        id=f"{DOCUMENT_TYPE}:{page.pk}",
        type=DOCUMENT_TYPE,
        title=page.title,
        body=page.body_text,
        url=page_link(page),
        themes=[theme.name for theme in page.themes.all()],
        section=page.section,
        summary=page.summary,
        slug=page.slug,
        audience="pros" if private else "public",
        updated_at=page.last_published_at,
    )


def page_document_type():
    return SearchDocumentType(
        name=DOCUMENT_TYPE, label=_("Page"), model=Page, queryset=indexed_pages, to_document=to_document,
    )
