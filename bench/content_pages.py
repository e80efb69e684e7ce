"""Response time and SQL queries of the professionals' site pages, against a plain Wagtail page.

Run: ``.venv/bin/python bench/content_pages.py [--requests 200]``. Builds a
throw-away database (SQLite in memory unless DATABASE_URL is set: then a
``test_`` database next to it), fills the SNE site with 10, 100 then 400
guide pages and prints, at each size, the SQL queries of the home page, a
rubrique and a guide page (they must not grow, and stay ≤ 8); then the
median and p95 response times of a guide page and of the home page
(anonymous, Django test client), without then with the anonymous page cache
(``content.page_cache``), next to the baseline measured in the same run: a
plain Wagtail page (``wagtailcore/page.html``) with what Wagtail's performance
documentation recommends and this process already has (``DEBUG=0``, cached
template loader, a Django cache), rendered without our page cache. Issue 13's
targets: uncached guide page ≤ 2× the baseline, cached ≤ 0.5×.
"""

import argparse
import time

import harness

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

SIZES = (10, 100, 400)
MAX_QUERIES, MAX_UNCACHED, MAX_CACHED = 8, 2.0, 0.5


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


def interleaved(client, targets, requests, warmup=5):
    """Milliseconds per target, the targets timed in turn within each round (a drifting machine moves them all)."""
    samples = {label: [] for label, *_rest in targets}
    for n in range(warmup + requests):
        for label, url, host, cached in targets:
            with override_settings(LOGIS_PAGE_CACHE=cached):
                start = time.perf_counter()
                response = client.get(url, HTTP_HOST=host)
                elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (label, response.status_code)
            if n >= warmup:
                samples[label].append(elapsed)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    with harness.throwaway_database(), override_settings(LOGIS_PAGE_CACHE=False):
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
        verdict = "atteint" if row[2] <= MAX_QUERIES else "NON atteint"
        print(f"cible : fiche ≤ {MAX_QUERIES} requêtes, constante : {verdict}")
        print(f"\nTemps de réponse ({args.requests} requêtes, client de test Django, {done} fiches, ms ;"
              " machine partagée et chargée : seuls les rapports comptent)")
        print(f"{'page':<34} {'médiane':>8} {'p95':>8} {'× réf.':>7}")
        targets = [("référence : page Wagtail nue", "/", "baseline.localhost", False)] + [
            (f"{label} ({'en cache' if cached else 'sans cache'})", url, "localhost", cached)
            for cached in (False, True) for label, url in (("fiche guide", guide.url), ("accueil", "/"))]
        samples = interleaved(client, targets, args.requests)
        base_median = harness.median_p95(samples[targets[0][0]])[0]
        ratios = {}
        for label, *_rest in targets:
            median, p95 = harness.median_p95(samples[label])
            ratios[label] = median / base_median
            print(f"{label:<34} {median:>8.2f} {p95:>8.2f} {ratios[label]:>7.2f}")
        for label, target in (("fiche guide (sans cache)", MAX_UNCACHED), ("fiche guide (en cache)", MAX_CACHED)):
            verdict = "atteint" if ratios[label] <= target else "NON atteint"
            print(f"cible : {label} ≤ × {target} : × {ratios[label]:.2f}, {verdict}")


if __name__ == "__main__":
    main()
