"""Measuring ranking quality on labelled queries: nDCG@k and MRR (used by the relevance test and the bench)."""

import math
from pathlib import Path

import yaml
from django.conf import settings

LABELLED_QUERIES = Path(settings.BASE_DIR) / "content" / "demo" / "relevance.yaml"


def load_judgements(path=LABELLED_QUERIES):
    """``[(query, {slug: grade})]`` from the labelled set."""
    return [(item["query"], {str(k): int(v) for k, v in item["relevant"].items()}) for item in yaml.safe_load(Path(path).read_text(encoding="utf-8"))]


def load_kinds(path=LABELLED_QUERIES):
    """``{query: kind}`` for the labelled queries that say what kind they are (question, acronym, typo…)."""
    return {item["query"]: item["kind"] for item in yaml.safe_load(Path(path).read_text(encoding="utf-8")) if item.get("kind")}


def dcg(grades):
    return sum((2 ** g - 1) / math.log2(rank + 2) for rank, g in enumerate(grades))


def ndcg_at(ranked, judged, k=5):
    """Gain of the first ``k`` results against the best possible order of the judged pages."""
    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    return dcg([judged.get(slug, 0) for slug in ranked[:k]]) / ideal if ideal else 0.0


def reciprocal_rank(ranked, judged):
    return next((1 / rank for rank, slug in enumerate(ranked, 1) if judged.get(slug, 0) > 0), 0.0)


def evaluate(rank, judgements, k=5):
    """``rank(query) → [slug, ...]`` scored over the judgements: ``{"ndcg": …, "mrr": …, "per_query": [...]}``."""
    per_query = []
    for query, judged in judgements:
        ranked = rank(query)
        per_query.append({"query": query, "ndcg": ndcg_at(ranked, judged, k), "rr": reciprocal_rank(ranked, judged), "top": ranked[:k]})
    n = max(len(per_query), 1)
    return {"ndcg": sum(q["ndcg"] for q in per_query) / n, "mrr": sum(q["rr"] for q in per_query) / n, "per_query": per_query}


def by_kind(per_query, kinds):
    """``{kind: (nDCG, MRR, count)}`` over the queries of each kind, from ``evaluate(...)["per_query"]``."""
    groups = {}
    for q in per_query:
        groups.setdefault(kinds.get(q["query"], "autre"), []).append(q)
    return {kind: (sum(q["ndcg"] for q in qs) / len(qs), sum(q["rr"] for q in qs) / len(qs), len(qs))
            for kind, qs in sorted(groups.items())}
