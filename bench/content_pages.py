"""Response time and SQL queries of the professionals' site pages, against a plain Wagtail page.

Run: ``.venv/bin/python bench/content_pages.py [--requests 200]``. Builds a
throw-away database (SQLite in memory unless DATABASE_URL is set: then a
``test_`` database next to it), fills the SNE site with 10, 100 then 400
guide pages and prints, at each size, the SQL queries of the home page, a
rubrique and a guide page (they must not grow); then the median and p95
response times of a guide page and of the home page (anonymous, Django test
client) next to the baseline: a plain Wagtail page rendered in the same run.
"""

import argparse

import harness

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = (10, 100, 400)


def build_site():
    from wagtail.models import Page, Site

    from content import demo
    from content.markdown_blocks import markdown_to_blocks
    from content.models import SectionPage, Theme

    demo.load_themes()
    _site, home = demo.create_site("sne", demo.SITES["sne"])
    demo.create_sections(home, (demo.demo_yaml("sections.yaml") or {}).get("sne"))
    plain = Page.objects.get(depth=2, content_type__model="page")  # Wagtail's own welcome page
    Site.objects.create(hostname="baseline.localhost", port=80, root_page=plain)
    import frontmatter

    sample = frontmatter.load(demo.DEMO_DIR / "sne" / "cotation-principes.md")
    body = markdown_to_blocks(sample.content)
    themes = list(Theme.objects.filter(name__in=sample.metadata["themes"]))
    return list(SectionPage.objects.child_of(home).order_by("path")), body, themes, sample.metadata


def add_guides(sections, body, themes, meta, start, stop):
    from content.blocks import BodyBlock
    from content.models import GuidePage

    for n in range(start, stop):
        page = GuidePage(title=f"{meta['title']} ({n})", slug=f"fiche-{n}", summary=meta["summary"],
                         body=BodyBlock().to_python(body), last_published_at=timezone.now())
        page.themes = themes
        sections[n % len(sections)].add_child(instance=page)


def count_queries(client, url, host="localhost"):
    client.get(url, HTTP_HOST=host)  # warm the per-process caches (site root paths) first
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx)


def timings(client, url, requests, host="localhost"):
    return harness.median_p95(harness.sample_ms(lambda _i: client.get(url, HTTP_HOST=host), requests, warmup=10))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    with harness.throwaway_database():
        from content.models import GuidePage

        sections, body, themes, meta = build_site()
        client = Client()
        print("Requêtes SQL par page (anonyme)")
        print(f"{'pages':>6} {'accueil':>8} {'rubrique':>9} {'fiche':>6} {'page Wagtail nue':>17}")
        done = 0
        for size in SIZES:
            add_guides(sections, body, themes, meta, done, size)
            done = size
            guide = GuidePage.objects.get(slug="fiche-0")
            row = [count_queries(client, "/"), count_queries(client, sections[0].url),
                   count_queries(client, guide.url), count_queries(client, "/", host="baseline.localhost")]
            print(f"{size:>6} {row[0]:>8} {row[1]:>9} {row[2]:>6} {row[3]:>17}")
        print(f"\nTemps de réponse ({args.requests} requêtes, client de test Django, {done} fiches, ms)")
        print(f"{'page':<28} {'médiane':>8} {'p95':>8} {'× réf.':>7}")
        base_median, base_p95 = timings(client, "/", args.requests, host="baseline.localhost")
        print(f"{'référence : page Wagtail nue':<28} {base_median:>8.2f} {base_p95:>8.2f} {1:>7.1f}")
        for label, url in (("fiche guide", guide.url), ("accueil", "/")):
            median, p95 = timings(client, url, args.requests)
            print(f"{label:<28} {median:>8.2f} {p95:>8.2f} {median / base_median:>7.1f}")


if __name__ == "__main__":
    main()
