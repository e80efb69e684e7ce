"""The latency cost of issue 14's query plan (word families, proximity bonus), measured in one run.

Run: ``.venv/bin/python bench/search_plan_latency.py [--documents 10000] [--repeat 5]``.
Builds ``--documents`` search documents from the sentences of the service-public.fr housing sheets
(bench/public_corpus.py; no Wagtail pages, so ten thousand take seconds, not the hour they take through
the page tree), indexes them in a throw-away embedded index, and times the engine's answer (text query,
visibility, three facets, highlighted excerpts) to the 124 judged queries of both sets, with the synonym
table the demo seeds plus the acronym pairs read in the sheets: once with the plan of before issue 14
(no families, no proximity bonus) and once with today's, alternating, so both see the same load.
"""

import argparse
import os
import random
import re
import tempfile

os.environ.setdefault("LOGIS_SEARCH_INDEX_DIR", tempfile.mkdtemp(prefix="logis-plan-latency-"))

import harness  # noqa: E402
import public_corpus  # noqa: E402
from search_bench import plan_before_issue_14  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from logis.search_documents import SearchDocument
    from search import relevance
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
    backend.rebuild((f"doc:{n}", SearchDocument(
        id=f"doc:{n}", type="content.page", title=f"{rng.choice(titles)} — cas {n}", body=" ".join(rng.sample(sentences, 6)),
        url=f"/cas-{n}/", summary=rng.choice(sentences)[:400], slug=f"cas-{n}", audience="public",
        themes=rng.sample(["Location", "Copropriété", "Urbanisme", "Aides", "Logement social"], 2), section="fiches",
    )) for n in range(args.documents))
    groups = read_synonyms_file()
    for sheet in sheets:
        groups += [[acronym, expansion] for acronym, expansion in find_pairs(f"{sheet['summary']}\n{sheet['body']}")]
    table = SynonymTable.from_groups(groups)
    queries = [q for q, _j in relevance.load_judgements()]
    queries += [q for q, _j in relevance.load_judgements(public_corpus.Path(public_corpus.__file__).with_name("public_relevance.yaml"))]
    visibility = Visibility(plugins=("_core",), everything=True)

    def answer(query):
        return backend.search(SearchQuery(plan=plan_query(query, table), visibility=visibility, limit=10))

    samples = {"avant": [], "après": []}
    for query in queries[:10]:
        answer(query)
    for i in range(args.repeat):
        for query in queries:
            with plan_before_issue_14():
                samples["avant"] += harness.sample_ms(lambda _i: answer(query), 1)
            samples["après"] += harness.sample_ms(lambda _i: answer(query), 1)
    print(f"{backend.count()} documents, {len(queries)} requêtes × {args.repeat}, {len(groups)} groupes de synonymes")
    for label, values in samples.items():
        p50, p95 = harness.median_p95(values)
        print(f"   plan {label:<6} p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    ratio = harness.median_p95(samples["après"])[1] / harness.median_p95(samples["avant"])[1]
    print(f"   p95 après ÷ avant : {ratio:.2f}")


if __name__ == "__main__":
    main()
