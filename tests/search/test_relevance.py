"""Ranking quality on the labelled queries of content/demo/relevance.yaml, over the demo content."""

import pytest

from search import relevance, service

# (nDCG@5, MRR) just under what each engine reaches on the demo corpus (see docs/search.md); a drop fails the suite.
# The embedded engine reaches 0.909 / 0.947 (with word families, question scaffolding dropped, proximity bonus). Elasticsearch could not be measured where this was written (no server):
# its floor is the embedded one minus a margin for the analyzers' small differences; raise it after a first run.
FLOORS = {"embedded": (0.90, 0.94), "elasticsearch": (0.85, 0.90)}


def test_metrics_on_a_tiny_fixture():
    judged = {"a": 3, "b": 2, "c": 1}
    assert relevance.ndcg_at(["a", "b", "c"], judged) == pytest.approx(1.0)
    assert relevance.ndcg_at(["c", "b", "a"], judged) < relevance.ndcg_at(["a", "c", "b"], judged) < 1.0
    assert relevance.ndcg_at(["x", "y"], judged) == 0.0
    assert relevance.reciprocal_rank(["x", "b", "a"], judged) == pytest.approx(0.5)
    assert relevance.reciprocal_rank(["x"], judged) == 0.0
    scores = relevance.evaluate(lambda q: {"one": ["a"], "two": ["x", "a"]}[q], [("one", {"a": 3}), ("two", {"a": 3})])
    assert scores["mrr"] == pytest.approx(0.75)
    assert scores["ndcg"] == pytest.approx((1 + 1 / relevance.math.log2(3)) / 2)


@pytest.mark.django_db
def test_relevance_of_the_demo_corpus(backend, demo_corpus, capsys):
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.create_superuser("juge", "juge@example.org", "mot-de-passe-de-test-42")
    judgements = relevance.load_judgements()
    assert len(judgements) >= 30
    scores = relevance.evaluate(
        lambda q: [hit.slug for hit in service.search(q, user=reader, per_page=10, backend=backend).hits], judgements)
    with capsys.disabled():
        print(f"\n[{backend.name}] {len(judgements)} requêtes : nDCG@5 = {scores['ndcg']:.3f}, MRR = {scores['mrr']:.3f}")
        for q in sorted(scores["per_query"], key=lambda q: q["ndcg"])[:8]:
            print(f"  {q['ndcg']:.2f}  {q['query']!r} → {q['top']}")
    ndcg_floor, mrr_floor = FLOORS[backend.name]
    assert scores["ndcg"] >= ndcg_floor
    assert scores["mrr"] >= mrr_floor
