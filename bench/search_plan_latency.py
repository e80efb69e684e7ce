"""The latency cost of issue 14's query plan (word families, proximity bonus) and semantic layer, measured in one run.

Run: ``.venv/bin/python bench/search_plan_latency.py [--documents 10000] [--repeat 5]``.
Builds ``--documents`` search documents from the sentences of the service-public.fr housing sheets
(bench/public_corpus.py; no Wagtail pages, so ten thousand take seconds, not the hour they take through
the page tree), indexes them in a throw-away embedded index, and times the engine's answer (text query,
visibility, three facets, highlighted excerpts) to the 124 judged queries of both sets, with the synonym
table the demo seeds plus the acronym pairs read in the sheets, alternating so that all see the same load:
the plan of before issue 14 (no families, no proximity bonus), today's on words only, and today's with the
semantic layer as the service runs it (``search.service.engine_answer``: a long query with a word that no document
holds in any form is embedded, its neighbours among the documents' vectors added), each sample cold (the process's cache of
query vectors emptied first) and as served (the vectors kept: each query cold on its first pass only), and the
layer as first shipped (every long query embedded) for the same run's ratio. Embedding ten
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
from dataclasses import replace
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
    from search.service import engine_answer
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

    def answer(query):
        with override_settings(LOGIS_SEARCH_SEMANTIC=False):
            return engine_answer(backend, SearchQuery(plan=plan_query(query, table), visibility=visibility, limit=10), query)

    def with_meaning(query):
        semantic._query_vector.cache_clear()       # cold: every sample pays its vector, as a question never asked
        return engine_answer(backend, SearchQuery(plan=plan_query(query, table), visibility=visibility, limit=10), query)

    def every_long_query(query):
        """The layer as it was first shipped: every long query embedded whole, before the words' search."""
        vector = semantic.model().query(" ".join(query.split())[:semantic.QUERY_CHARS]) if semantic.applies(query) else None
        asked = SearchQuery(plan=plan_query(query, table), visibility=visibility, limit=10, vector=vector)
        found = backend.search(asked)
        if not found.total and asked.plan.minimum_should_match > 1:
            found = backend.search(replace(asked, plan=replace(asked.plan, minimum_should_match=1)))
        return found

    variants = {"avant": answer, "mots": answer}
    if semantic.available():
        variants["sens"] = with_meaning
        variants["sens_kept"] = lambda query: engine_answer(
            backend, SearchQuery(plan=plan_query(query, table), visibility=visibility, limit=10), query)
        variants["sens_v1"] = every_long_query
    samples = {label: [] for label in variants}
    long_samples = {label: [] for label in variants}      # the same, on the queries the layer may take only
    cpu_samples = {label: [] for label in variants}       # processor time of the same answers: what load does not move

    def timed(label, run, query):
        """[wall ms] of one answer; its processor ms go to ``cpu_samples`` (the model's C engine runs in this thread)."""
        started = time.process_time()
        sample = harness.sample_ms(lambda _i: run(query), 1)
        cpu_samples[label].append(1000 * (time.process_time() - started))
        return sample

    for query in queries[:10]:
        for run in variants.values():
            run(query)
    semantic._query_vector.cache_clear()
    for i in range(args.repeat):
        for query in queries:
            for label, run in variants.items():
                if label == "avant":
                    with plan_before_issue_14():
                        sample = timed(label, run, query)
                else:
                    sample = timed(label, run, query)
                samples[label] += sample
                if semantic.applies(query):
                    long_samples[label] += sample
    long_queries = [q for q in queries if semantic.applies(q)]
    weak = [q for q in long_queries if semantic.wanted(backend.missing(SearchQuery(plan=plan_query(q, table), visibility=visibility)))]
    print(f"{backend.count()} documents, {len(queries)} requêtes × {args.repeat} ({len(long_queries)} assez longues pour la "
          f"couche sémantique, dont {len(weak)} avec un mot qu'aucun document ne tient : elles la reçoivent), {len(groups)} groupes de synonymes")
    labels = {"avant": "plan d'avant l'issue 14", "mots": "plan d'aujourd'hui, mots seuls", "sens": "avec la couche sémantique",
              "sens_kept": "couche, vecteurs gardés", "sens_v1": "couche sémantique, 1re version"}
    for label, values in samples.items():
        p50, p95 = harness.median_p95(values)
        long_p50, long_p95 = harness.median_p95(long_samples[label]) if long_samples[label] else (0, 0)
        print(f"   {labels[label]:<32} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   (requêtes longues : p50 {long_p50:7.2f}, "
              f"p95 {long_p95:7.2f})")
    before, before_cpu = harness.median_p95(samples["avant"])[1], harness.median_p95(cpu_samples["avant"])[1]
    for label in samples:
        if label != "avant":
            print(f"   p95 {labels[label]} ÷ avant : {harness.median_p95(samples[label])[1] / before:.2f} "
                  f"(temps processeur : {harness.median_p95(cpu_samples[label])[1] / before_cpu:.2f})")
    print(f"   charge moyenne (1 min) à la fin : {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
