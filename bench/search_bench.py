"""Search: our embedded engine against Wagtail's built-in database search, on the same pages, in one run.

Run: ``.venv/bin/python bench/search_bench.py [--pages 10000] [--repeat 3]``.
Builds a throw-away database (SQLite in memory unless DATABASE_URL is set),
loads the demo sites, then:

1. relevance on the labelled queries (content/demo/relevance.yaml, nDCG@5 and
   MRR) of the embedded engine, of Wagtail's database backend and of plain
   SQLite FTS5 (unicode61 without diacritics, bm25, words OR-ed); the embedded
   engine twice: with the acronym suggestions read in the content still
   pending, then with all of them accepted (as an editor reviewing them would);
2. the same on real public content written by others: the 302 housing fact
   sheets of service-public.fr (bench/public_corpus.py, fetched with npm) and
   the judged queries of bench/public_relevance.yaml, per query kind, with
   Wagtail's database search in OR mode; the sheets are then removed;
3. adds ``--pages`` generated guide pages (real Wagtail pages, sentences of
   the demo pages shuffled), then reports the indexing time and the p50/p95
   latency of the labelled query mix for each engine, with the ratio to the
   Wagtail baseline. The embedded figures are the whole service call
   (visibility filter, three facets, highlighted excerpts, total); the
   baseline only fetches the first ten pages.
"""

import argparse
import os
import random
import re
import sqlite3
import time
from contextlib import contextmanager
from html import escape
from pathlib import Path

os.environ.setdefault("LOGIS_SEARCH_INDEX_DIR", f"/tmp/logis-search-bench-{os.getpid()}")

import harness  # noqa: E402
from django.conf import settings  # noqa: E402


def live_pages():
    from content.models import GuidePage, NewsPage

    return [*GuidePage.objects.live(), *NewsPage.objects.live()]


class WagtailBaseline:
    label = "Wagtail (database)"

    def __init__(self, within=None, operator=None):
        from wagtail.search.backends import get_search_backend

        self.backend = get_search_backend("default")
        self.within, self.operator = within, operator
        if operator:
            self.label = f"Wagtail (database, {operator.upper()})"

    def index(self, pages):
        from content.models import GuidePage, NewsPage

        for model in (GuidePage, NewsPage):
            self.backend.add_bulk(model, [p for p in pages if type(p) is model])

    def rank(self, query, limit=10):
        from content.models import GuidePage

        pages = GuidePage.objects.live()
        if self.within is not None:
            pages = pages.descendant_of(self.within)
        return [p.slug for p in self.backend.search(query, pages, operator=self.operator)[:limit]]


class Fts5Baseline:
    """Plain SQLite FTS5: what the embedded engine was chosen against."""

    label = "SQLite FTS5"

    def __init__(self):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, summary, body, "
                        "tokenize='unicode61 remove_diacritics 2')")

    def index(self, documents):
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", [(d.slug, d.title, d.summary, d.body) for d in documents])
        self.db.commit()

    def rank(self, query, limit=10):
        terms = [f'"{w}"' for w in re.findall(r"\w+", query.lower()) if len(w) > 1]
        if not terms:
            return []
        rows = self.db.execute("SELECT slug FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 4, 2, 1) LIMIT ?",
                               (" OR ".join(terms), limit))
        return [r[0] for r in rows]


def embedded_rank(user, backend=None, semantic=True):
    """The embedded engine through the whole service; ``semantic=False``: words only (the layer switched off)."""
    from django.test import override_settings

    from search import service

    def rank(query, limit=10):
        with override_settings(LOGIS_SEARCH_SEMANTIC=semantic and settings.LOGIS_SEARCH_SEMANTIC):
            return [h.slug for h in service.search(query, user=user, per_page=limit, backend=backend).hits]
    return rank


def relevance_table(title, engines, judgements, kinds=None):
    """nDCG@5 and MRR@10 of each engine, then per query kind when the set gives kinds."""
    from search import relevance

    print(f"\n{title} : {len(judgements)} requêtes étiquetées")
    scored = [(label, relevance.evaluate(rank, judgements)) for label, rank in engines]
    print(f"{'moteur':<30} {'nDCG@5':>7} {'MRR':>6}")
    for label, scores in scored:
        print(f"{label:<30} {scores['ndcg']:>7.3f} {scores['mrr']:>6.3f}")
    if kinds:
        groups = list(relevance.by_kind(scored[0][1]["per_query"], kinds))
        print(f"   nDCG@5 par type de requête ({', '.join(f'{k} {n}' for k, (_a, _b, n) in relevance.by_kind(scored[0][1]['per_query'], kinds).items())})")
        print(f"   {'moteur':<30} " + " ".join(f"{k[:11]:>11}" for k in groups))
        for label, scores in scored:
            per_kind = relevance.by_kind(scores["per_query"], kinds)
            print(f"   {label:<30} " + " ".join(f"{per_kind[k][0]:>11.3f}" for k in groups))
    return scored


@contextmanager
def plan_before_issue_14():
    """The query plan without word families nor proximity bonus: the same run's reference for their latency cost."""
    from search import analysis

    saved = analysis.relatives, analysis.QueryPlan.pairs
    analysis.relatives, analysis.QueryPlan.pairs = (lambda word: ()), property(lambda plan: [])
    try:
        yield
    finally:
        analysis.relatives, analysis.QueryPlan.pairs = saved


def accept_all_suggestions():
    """What an editor reviewing every suggestion would do; returns how many were accepted."""
    from search import suggestions
    from search.models import AcronymSuggestion

    suggestions.learn()
    pending = list(AcronymSuggestion.objects.filter(status=AcronymSuggestion.PENDING))
    for suggestion in pending:
        suggestions.accept(suggestion)
    return len(pending)


def public_relevance(reader, index_dir):
    """Section 2: the housing fact sheets as guide pages of their own section, judged queries per kind."""
    import public_corpus
    from wagtail.rich_text import RichText

    from content.models import GuidePage, SectionPage
    from content.search import to_document
    from search import relevance, suggestions
    from search.backends.embedded import EmbeddedBackend

    sheets = public_corpus.housing_sheets()
    parent = SectionPage.objects.live().first()
    section = parent.add_child(instance=SectionPage(title="Fiches service-public.fr", slug="fiches-service-public"))
    for sheet in sheets:
        page = GuidePage(title=sheet["title"], slug=sheet["id"].lower(), summary=sheet["summary"][:400])
        page.body = [("text", RichText("".join(f"<p>{escape(p)}</p>" for p in sheet["body"].split("\n") if p.strip())))]
        section.add_child(instance=page)
    pages = list(GuidePage.objects.live().descendant_of(section))
    backend = EmbeddedBackend(path=index_dir)
    started = time.perf_counter()
    documents = [(f"content.page:{p.pk}", to_document(p)) for p in pages]
    backend.rebuild(documents)
    print(f"\n2. {len(pages)} fiches service-public.fr « Logement » (npm {public_corpus.PACKAGE} {public_corpus.VERSION}), "
          f"indexées en {time.perf_counter() - started:.1f} s")
    path = Path(public_corpus.__file__).with_name("public_relevance.yaml")
    judgements = [(q, {k.lower(): g for k, g in judged.items()}) for q, judged in relevance.load_judgements(path)]
    kinds = relevance.load_kinds(path)
    wagtail = WagtailBaseline(within=section, operator="or")
    wagtail.index(pages)
    fts5 = Fts5Baseline()
    fts5.index([d for _k, d in documents])
    pending = relevance.evaluate(embedded_rank(reader, backend), judgements)
    print(f"   sigles suggérés lus dans les fiches : {suggestions.learn()} ; acceptés : {accept_all_suggestions()}")
    relevance_table("   Fiches publiques", [
        ("embarqué, sigles acceptés", embedded_rank(reader, backend)),
        ("embarqué, mots seuls", embedded_rank(reader, backend, semantic=False)),
        (wagtail.label, wagtail.rank), (fts5.label, fts5.rank)], judgements, kinds)
    print(f"   embarqué, sigles en attente : nDCG@5 {pending['ndcg']:.3f}, MRR {pending['mrr']:.3f}")
    section.delete()


def generate_pages(count, seed=2026):
    """``count`` guide pages made of demo sentences, spread over the demo sections and themes."""
    from wagtail.rich_text import RichText

    from content.models import GuidePage, SectionPage, Theme

    rng = random.Random(seed)
    sentences = [s.strip() for p in live_pages() for s in re.split(r"(?<=[.!?])\s+", p.body_text) if len(s) > 40]
    titles = [p.title for p in live_pages()]
    sections = list(SectionPage.objects.live())
    themes = list(Theme.objects.all())
    started = time.perf_counter()
    for n in range(count):
        page = GuidePage(title=f"{rng.choice(titles)} — cas {n}", slug=f"cas-{n}", summary=rng.choice(sentences)[:400])
        page.body = [("text", RichText("".join(f"<p>{s}</p>" for s in rng.sample(sentences, 6))))]
        page.themes = rng.sample(themes, 2)
        sections[n % len(sections)].add_child(instance=page)
        if n and n % 1000 == 0:
            print(f"   {n} pages créées ({time.perf_counter() - started:.0f} s)", flush=True)
    return time.perf_counter() - started


def latency(rank, queries, repeat):
    for query in queries[:5]:
        rank(query)
    mix = queries * repeat
    return harness.median_p95(harness.sample_ms(lambda i: rank(mix[i]), len(mix)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-public", action="store_true", help="sans les fiches service-public.fr (pas de npm)")
    args = parser.parse_args()
    with harness.throwaway_database():
        from django.contrib.auth import get_user_model

        from content import demo
        from content.search import to_document
        from search import relevance, service, synonyms

        demo.load()
        synonyms.seed()
        reader = get_user_model().objects.create_superuser("banc", "banc@example.org", "mot-de-passe-du-banc-42")
        judgements = relevance.load_judgements()
        service.reindex()
        wagtail, fts5 = WagtailBaseline(), Fts5Baseline()
        pages = live_pages()
        wagtail.index(pages)
        fts5.index([to_document(p) for p in pages])
        pending = relevance.evaluate(embedded_rank(reader), judgements)
        accepted = accept_all_suggestions()
        relevance_table("1. Corpus de démonstration", [
            ("embarqué, sigles acceptés", embedded_rank(reader)), ("embarqué, mots seuls", embedded_rank(reader, semantic=False)),
            (wagtail.label, wagtail.rank), (fts5.label, fts5.rank)],
            judgements, relevance.load_kinds())
        print(f"   embarqué, {accepted} sigles en attente : nDCG@5 {pending['ndcg']:.3f}, MRR {pending['mrr']:.3f}")
        if not args.skip_public:
            public_relevance(reader, Path(os.environ["LOGIS_SEARCH_INDEX_DIR"]) / "public")
        if not args.pages:
            return

        print(f"\n3. {args.pages} pages générées (vraies pages Wagtail)")
        print(f"   création des pages : {generate_pages(args.pages):.1f} s")
        pages = live_pages()
        started = time.perf_counter()
        documents = [(f"content.page:{p.pk}", to_document(p)) for p in pages]
        build = time.perf_counter() - started
        print(f"   {len(pages)} pages → documents de recherche : {build:.1f} s (commun aux moteurs, non compté)")
        backend = service.get_backend()
        timings = {}
        started = time.perf_counter()
        backend.rebuild(documents)
        timings["embarqué (tantivy)"] = time.perf_counter() - started
        started = time.perf_counter()
        wagtail.index(pages)
        timings[wagtail.label] = time.perf_counter() - started
        fts5 = Fts5Baseline()
        started = time.perf_counter()
        fts5.index([d for _k, d in documents])
        timings[fts5.label] = time.perf_counter() - started

        queries = [q for q, _j in judgements]
        engines = [("embarqué (tantivy)", embedded_rank(None)), (wagtail.label, wagtail.rank), (fts5.label, fts5.rank)]
        measured = {label: latency(rank, queries, args.repeat) for label, rank in engines}
        with plan_before_issue_14():
            before = latency(embedded_rank(None), queries, args.repeat)
        print(f"\n   embarqué sans familles ni bonus de proximité (plan d'avant, même passage) : p50 {before[0]:.2f} ms, "
              f"p95 {before[1]:.2f} ms ; avec : p95 × {measured['embarqué (tantivy)'][1] / before[1]:.2f}")
        base_index, (base_p50, base_p95) = timings[wagtail.label], measured[wagtail.label]
        print(f"\n   {len(queries)} requêtes × {args.repeat} passages, ms ; rapport = Wagtail ÷ moteur (plus grand = plus rapide)")
        print(f"   {'moteur':<22} {'indexation s':>12} {'p50':>8} {'p95':>8} {'× p50':>7} {'× p95':>7} {'× index':>8}")
        for label, _rank in engines:
            p50, p95 = measured[label]
            print(f"   {label:<22} {timings[label]:>12.2f} {p50:>8.2f} {p95:>8.2f} {base_p50 / p50:>7.1f} "
                  f"{base_p95 / p95:>7.1f} {base_index / timings[label]:>8.1f}")


if __name__ == "__main__":
    main()
