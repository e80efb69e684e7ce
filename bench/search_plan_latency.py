"""The latency cost of issue 14's query plan (word families, proximity bonus) and semantic layer, measured in one run.

Run: ``.venv/bin/python bench/search_plan_latency.py [--documents 10000] [--repeat 5]``.
Builds ``--documents`` search documents from the sentences of the service-public.fr housing sheets
(bench/public_corpus.py; no Wagtail pages, so ten thousand take seconds, not the hour they take through
the page tree), indexes them in a throw-away embedded index, and times the engine's answer (text query,
visibility, three facets, highlighted excerpts) to the 124 judged queries of both sets, with the synonym
table the demo seeds plus the acronym pairs read in the sheets, alternating so that all see the same load:
the plan of before issue 14 (no families, no proximity bonus), today's on words only, and today's with the
semantic layer (the query embedded by the model, its neighbours among the documents' vectors). Embedding ten
thousand documents would take hours on a loaded machine: each document borrows the vector of the sheet its
title comes from (the cost of a query does not depend on the values); what embedding costs per document is
measured on the sheets themselves (cold), and the sizes on disk of the index and of the vectors are printed.
"""

import argparse
import os
import random
import re
import tempfile
import time
from pathlib import Path

os.environ.setdefault("LOGIS_SEARCH_INDEX_DIR", tempfile.mkdtemp(prefix="logis-plan-latency-"))

import harness  # noqa: E402
import public_corpus  # noqa: E402
from search_bench import plan_before_issue_14  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from django.test import override_settings

    from logis.search_documents import SearchDocument
    from search import relevance, semantic
    from search.acronyms import find_pairs
    from search.analysis import SynonymTable, plan_query
    from search.backends.embedded import EmbeddedBackend
    from search.results import SearchQuery
    from search.synonyms import read_synonyms_file
    from search.visibility import Visibility

    sheets = public_corpus.housing_sheets()
    sentences = [s for sheet in sheets for s in re.split(r"(?<=[.!?])\s+", sheet["body"]) if len(s) > 40]
    titles = [sheet["title"] for sheet in sheets]
    rng = random.Random(2026)
    backend = EmbeddedBackend(path=os.environ["LOGIS_SEARCH_INDEX_DIR"])
    documents, borrowed = [], []
    by_title = {sheet["title"]: SearchDocument(id=sheet["id"], type="content.page", title=sheet["title"], body=sheet["body"],
                                               url="/", summary=sheet["summary"]) for sheet in sheets}
    for n in range(args.documents):
        title = rng.choice(titles)
        documents.append((f"doc:{n}", SearchDocument(
            id=f"doc:{n}", type="content.page", title=f"{title} — cas {n}", body=" ".join(rng.sample(sentences, 6)),
            url=f"/cas-{n}/", summary=rng.choice(sentences)[:400], slug=f"cas-{n}", audience="public",
            themes=rng.sample(["Location", "Copropriété", "Urbanisme", "Aides", "Logement social"], 2), section="fiches",
        )))
        borrowed.append((f"doc:{n}", by_title[title]))
    with override_settings(LOGIS_SEARCH_SEMANTIC=False):
        backend.rebuild(documents)
    if semantic.available():
        texts = [semantic.passage_text(doc) for doc in by_title.values()]
        started, new = time.perf_counter(), len(texts) - len(semantic.known(texts))
        backend.vectors.replace_all(borrowed)
        if new:
            print(f"vecteurs des {len(texts)} fiches : {new} calculés en {time.perf_counter() - started:.1f} s, "
                  f"soit {1000 * (time.perf_counter() - started) / new:.0f} ms par document")
        index_size = sum(f.stat().st_size for f in Path(backend.path).rglob("*") if f.is_file())
        print(f"sur disque : index tantivy {index_size / 1e6:.1f} Mo, vecteurs {backend.vectors.size() / 1e6:.1f} Mo "
              f"(+{100 * backend.vectors.size() / index_size:.0f} %)")
    groups = read_synonyms_file()
    for sheet in sheets:
        groups += [[acronym, expansion] for acronym, expansion in find_pairs(f"{sheet['summary']}\n{sheet['body']}")]
    table = SynonymTable.from_groups(groups)
    queries = [q for q, _j in relevance.load_judgements()]
    queries += [q for q, _j in relevance.load_judgements(public_corpus.Path(public_corpus.__file__).with_name("public_relevance.yaml"))]
    visibility = Visibility(plugins=("_core",), everything=True)

    def answer(query, vector=None):
        return backend.search(SearchQuery(plan=plan_query(query, table), visibility=visibility, limit=10, vector=vector))

    def with_meaning(query):
        return answer(query, semantic.query_vector(query))

    variants = {"avant": lambda q: answer(q), "mots": answer}
    if semantic.available():
        variants["sens"] = with_meaning
    samples = {label: [] for label in variants}
    for query in queries[:10]:
        for run in variants.values():
            run(query)
    for i in range(args.repeat):
        for query in queries:
            for label, run in variants.items():
                if label == "avant":
                    with plan_before_issue_14():
                        samples[label] += harness.sample_ms(lambda _i: run(query), 1)
                else:
                    samples[label] += harness.sample_ms(lambda _i: run(query), 1)
    long_queries = sum(1 for q in queries if semantic.query_vector(q) is not None) if semantic.available() else 0
    print(f"{backend.count()} documents, {len(queries)} requêtes × {args.repeat} ({long_queries} assez longues pour la "
          f"couche sémantique), {len(groups)} groupes de synonymes")
    labels = {"avant": "plan d'avant l'issue 14", "mots": "plan d'aujourd'hui, mots seuls", "sens": "avec la couche sémantique"}
    for label, values in samples.items():
        p50, p95 = harness.median_p95(values)
        print(f"   {labels[label]:<32} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    before = harness.median_p95(samples["avant"])[1]
    for label in samples:
        if label != "avant":
            print(f"   p95 {labels[label]} ÷ avant : {harness.median_p95(samples[label])[1] / before:.2f}")


if __name__ == "__main__":
    main()
