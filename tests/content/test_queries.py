"""Page views run a fixed number of SQL queries, however many pages the site holds."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import GuidePage, SectionPage, Theme


def _add_guides(section, count, themes):
    for n in range(count):
        page = GuidePage(title=f"Fiche {section.slug} {n}", slug=f"fiche-{section.slug}-{n}", summary="Résumé")
        page.themes = themes
        section.add_child(instance=page)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_query_count_constant_as_pages_grow(client, guide):
    section = SectionPage.objects.get(slug="cotation")
    themes = list(Theme.objects.filter(name="Cotation de la demande"))
    urls = [guide.url, "/", section.url]
    _queries(client, urls[0])  # warm caches (site root paths)
    small = [_queries(client, url) for url in urls]
    _add_guides(section, 25, themes)
    _add_guides(SectionPage.objects.get(slug="documentation"), 10, themes)
    _queries(client, urls[0])  # new pages start a new cache generation: fill the site chrome again
    large = [_queries(client, url) for url in urls]
    assert small == large


def test_guide_page_reads_at_most_eight_queries_once_the_site_chrome_is_cached(client, guide):
    """Issue 13: routing, the page, its themes, related and previous/next pages; the chrome comes from the cache."""
    _queries(client, guide.url)  # fills the site chrome and view restrictions for this cache generation
    assert _queries(client, guide.url) <= 8
