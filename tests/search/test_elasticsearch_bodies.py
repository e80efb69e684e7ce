"""What the Elasticsearch engine sends: index mapping, analyzers and query bodies (no server needed)."""

from dataclasses import replace

import pytest

from search.analysis import SynonymTable, plan_query
from search.backends.elastic import ElasticsearchBackend, SearchDoc, clause_query, text_query, visibility_query
from search.results import SearchQuery
from search.visibility import ScopedAccess, Visibility

SYNONYMS = SynonymTable.from_groups([["dls", "demande de logement social"], ["caleol", "commission d'attribution"]])


@pytest.fixture
def es_backend(settings):
    settings.ELASTICSEARCH_URL = "http://localhost:9200"  # the client is built, never contacted
    settings.LOGIS_SEARCH_INDEX_PREFIX = "logis-essai"
    return ElasticsearchBackend()


def body(es_backend, text="", visibility=None, filters=None, offset=0, limit=10):
    query = SearchQuery(plan_query(text, SYNONYMS), visibility or Visibility(plugins=("_core",)), filters or {}, offset, limit)
    return es_backend.faceted_search(query)._s.to_dict()


def test_index_carries_the_french_chain_and_the_synonyms(es_backend):
    index = es_backend.index_definition("logis-essai-documents-1", SYNONYMS).to_dict()
    analysis = index["settings"]["analysis"]
    assert analysis["analyzer"]["logis_french"]["filter"] == ["logis_elision", "lowercase", "asciifolding", "logis_french_stemmer"]
    assert analysis["analyzer"]["logis_french_search"]["filter"] == [
        "logis_elision", "lowercase", "asciifolding", "logis_synonyms", "logis_french_stemmer"]
    assert analysis["filter"]["logis_synonyms"] == {
        "type": "synonym_graph", "lenient": True, "synonyms": ["dls, demande de logement social", "caleol, commission d'attribution"]}
    assert analysis["filter"]["logis_french_stemmer"] == {"type": "stemmer", "language": "french"}
    assert "l" in analysis["filter"]["logis_elision"]["articles"] and "qu" in analysis["filter"]["logis_elision"]["articles"]
    properties = index["mappings"]["properties"]
    assert properties["body"]["analyzer"] == "logis_french" and properties["body"]["search_analyzer"] == "logis_french_search"
    assert properties["body"]["fields"]["folded"]["analyzer"] == "logis_folded"
    assert properties["themes"]["type"] == "keyword" and properties["themes"]["fields"]["text"]["type"] == "text"
    for name in ("audience", "permission", "territory", "organisation", "plugin", "section", "type", "site"):
        assert properties[name]["type"] == "keyword"


def test_text_becomes_weighted_clauses_with_typo_tolerance_on_long_words_only(es_backend):
    query = text_query(plan_query("dls pour cotaton", SYNONYMS)).to_dict()["bool"]
    assert query["should"] == [                        # the typed words close together: a bonus, not a condition
        {"match_phrase": {"title": {"query": "dls cotaton", "slop": 3, "boost": 6.0}}},
        {"match_phrase": {"body": {"query": "dls cotaton", "slop": 3, "boost": 1.5}}}]
    query = query["must"][0]["bool"]
    assert query["minimum_should_match"] == 2          # « pour » is a stop word: two clauses, both needed
    dls, cotaton = (clause["dis_max"]["queries"] for clause in query["should"])
    assert {"match": {"title": {"query": "dls", "boost": 4.0}}} in dls
    assert not any("fuzzy" in q for q in dls)          # an acronym with synonyms is never fuzzied
    assert {"fuzzy": {"body.folded": {"value": "cotaton", "fuzziness": 1, "prefix_length": 0, "boost": 0.3}}} in cotaton
    assert text_query(plan_query("", SYNONYMS)).to_dict() == {"match_all": {}}


def test_a_word_brings_its_family_at_a_lower_weight(es_backend):
    query = text_query(plan_query("radier", SYNONYMS)).to_dict()["bool"]
    options = query["should"][0]["dis_max"]["queries"]
    assert {"match": {"title": {"query": "radier", "boost": 4.0}}} in options
    assert {"match": {"title": {"query": "radiation radiement radiage", "boost": 4.0 * 0.7}}} in options


def test_question_scaffolding_is_dropped_and_long_queries_need_half_the_words(es_backend):
    long = plan_query("que faire si je ne peux plus payer le loyer de mon logement social", SYNONYMS)
    assert [c.text for c in long.clauses] == ["payer", "loyer", "logement", "social"]     # « ne … plus » too
    assert long.minimum_should_match == 2
    plan = plan_query("le bailleur a-t-il le droit d'entrer chez moi ?", SYNONYMS)
    assert [c.text for c in plan.clauses] == ["bailleur", "droit", "d'entrer"]
    assert plan.minimum_should_match == 2
    query = text_query(plan).to_dict()["bool"]
    assert query["must"][0]["bool"]["minimum_should_match"] == 2
    assert {"match_phrase": {"body": {"query": "bailleur droit", "slop": 3, "boost": 1.5}}} in query["should"]
    assert {"match_phrase": {"title": {"query": "droit entrer", "slop": 3, "boost": 6.0}}} in query["should"]
    assert len(query["should"]) == 4                   # two pairs of neighbours, in the title and the body


def test_synonym_phrases_stay_one_clause(es_backend):
    query = text_query(plan_query("commission d'attribution", SYNONYMS)).to_dict()["bool"]
    assert len(query["should"]) == 1
    assert {"match": {"body": {"query": "commission d'attribution", "boost": 1.0}}} in query["should"][0]["dis_max"]["queries"]


def test_a_function_word_in_lowercase_skips_the_synonym_graph(es_backend):
    """« plus » is the PLUS loan only in capitals: typed alone in lowercase, the index's chain reads it (no synonyms)."""
    table = SynonymTable.from_groups([["PLUS", "prêt locatif à usage social"]])

    def matches(text):
        queries = clause_query(plan_query(text, table).clauses[0]).to_dict()["dis_max"]["queries"]
        return [q["match"]["body"] for q in queries if "body" in q.get("match", {})]

    assert matches("plus") == [{"query": "plus", "boost": 1.0, "analyzer": "logis_french"}]
    assert matches("PLUS") == [{"query": "plus", "boost": 1.0}]


def test_anonymous_visitors_get_public_documents_of_enabled_plugins(es_backend):
    search = body(es_backend, "cotation")
    assert search["query"]["bool"]["filter"] == [{"bool": {"filter": [
        {"terms": {"plugin": ["_core"]}},
        {"bool": {"should": [{"term": {"audience": "public"}}], "minimum_should_match": 1}},
    ]}}]


def test_a_site_sees_its_own_pages_and_those_of_no_particular_site(es_backend):
    search = body(es_backend, "cotation", Visibility(everything=True, plugins=("_core",), site="3"))
    assert search["query"]["bool"]["filter"] == [{"bool": {"filter": [
        {"terms": {"plugin": ["_core"]}}, {"terms": {"site": ["_all", "3"]}},
    ]}}]


def test_scoped_documents_need_the_permission_and_the_territory_or_organisation(es_backend):
    visibility = Visibility(pros=True, plugins=("_core", "offers"),
                            scoped=(ScopedAccess("offers.view", False, ("FR/84/69",), ("7",)),))
    allowed = body(es_backend, "places", visibility)["query"]["bool"]["filter"][0]["bool"]["filter"][1]["bool"]["should"]
    assert allowed[:2] == [{"term": {"audience": "public"}}, {"term": {"audience": "pros"}}]
    assert allowed[2] == {"bool": {"filter": [
        {"term": {"audience": "scoped"}}, {"term": {"permission": "offers.view"}},
        {"bool": {"should": [{"terms": {"territory": ["FR/84/69"]}}, {"terms": {"organisation": ["7"]}}], "minimum_should_match": 1}},
    ]}}


def test_superusers_see_everything_but_switched_off_plugins(es_backend):
    search = body(es_backend, "places", Visibility(everything=True, pros=True, plugins=("_core",)))
    assert search["query"]["bool"]["filter"] == [{"terms": {"plugin": ["_core"]}}]


def test_facets_are_counted_without_their_own_filter(es_backend):
    search = body(es_backend, "cotation", filters={"themes": ("Cotation",), "sections": ("cotation",), "plugins": ("offers",)})
    assert search["post_filter"] == {"bool": {"must": [{"terms": {"themes": ["Cotation"]}}, {"terms": {"section": ["cotation"]}}]}}
    aggs = search["aggs"]
    assert aggs["_filter_themes"]["filter"] == {"terms": {"section": ["cotation"]}}
    assert aggs["_filter_sections"]["filter"] == {"terms": {"themes": ["Cotation"]}}
    assert aggs["_filter_types"]["aggs"]["types"] == {"terms": {"field": "type", "size": 200}}
    assert {"terms": {"plugin": ["offers"]}} in search["query"]["bool"]["filter"]   # not a facet: filters everything


def test_highlighting_escapes_html_and_pages_are_sliced(es_backend):
    search = body(es_backend, "cotation", offset=20, limit=10)
    assert search["highlight"]["encoder"] == "html"
    assert (search["highlight"]["pre_tags"], search["highlight"]["post_tags"]) == (["<mark>"], ["</mark>"])
    assert set(search["highlight"]["fields"]) == {"body", "summary"}
    assert (search["from"], search["size"]) == (20, 10)
    assert search["suggest"]["fix"]["term"]["field"] == "body.folded"


def test_documents_carry_every_territory_level(es_backend):
    from logis.search_documents import SearchDocument

    doc = SearchDocument(id="offers.offer:3", type="offers.offer", title="Chambre", body="", url="/o/3/",
                         plugin="offers", audience="scoped", permission="offers.view",
                         territory_path="FR/84/69/69123", organisation_id=12)
    data = SearchDoc.from_document("offers.offer:3", doc).to_dict(include_meta=True)
    assert data["_id"] == "offers.offer:3"
    assert data["_source"]["territory"] == ["FR", "FR/84", "FR/84/69", "FR/84/69/69123"]
    assert data["_source"]["organisation"] == "12" and data["_source"]["plugin"] == "offers"
    assert data["_source"]["site"] == "_all"          # a plugin record of no particular site shows on every site


def test_autocomplete_uses_bool_prefix_on_titles(es_backend):
    search = es_backend.autocomplete_search(["renouveler", "dem"], Visibility(plugins=("_core",)), 8).to_dict()
    assert search["query"]["bool"]["must"] == [{"match_bool_prefix": {"title.folded": {"query": "renouveler dem", "operator": "and"}}}]
    assert search["size"] == 8


def test_the_semantic_layer_mirrors_the_embedded_engine(es_backend):
    """Vectors in a dense_vector field; kNN among what the user may see; the neighbours as constant bonuses beside the
    words (search/semantic.py), the best score of the words alone asked under the same filters."""
    from logis.search_documents import SearchDocument
    from search import semantic

    index = es_backend.index_definition("logis-essai-documents-1", SYNONYMS).to_dict()
    assert index["mappings"]["properties"]["embedding"] == {
        "type": "dense_vector", "dims": semantic.DIMENSIONS, "similarity": "cosine", "index": True}
    doc = SearchDocument(id="p:1", type="content.page", title="Animaux", body="Un animal familier.", url="/a/")
    assert SearchDoc.from_document("content.page:1", doc, [0.5] * semantic.DIMENSIONS).to_dict()["embedding"] == [0.5] * 384
    assert "embedding" not in SearchDoc.from_document("content.page:1", doc).to_dict()

    visibility = Visibility(plugins=("_core",), pros=True)
    query = SearchQuery(plan_query("mon chat vit-il avec moi ?", SYNONYMS), visibility, {"themes": ("Location",)},
                        vector=[0.1] * semantic.DIMENSIONS)
    knn = es_backend.neighbours_search(query).to_dict()["knn"]
    assert knn["k"] == semantic.NEIGHBOURS and knn["num_candidates"] == semantic.CANDIDATES
    assert knn["filter"] == visibility_query(visibility).to_dict()     # what the user may see, whatever the facets
    best = es_backend.best_score_search(query).to_dict()
    assert best["size"] == 1 and {"terms": {"themes": ["Location"]}} in best["query"]["bool"]["filter"]
    longer = replace(query, plan=plan_query("chat vivre appartement", SYNONYMS))
    gate = es_backend.missing_search(longer).to_dict()     # the gate: which words no page the user may see holds
    assert gate["size"] == 0 and gate["query"]["bool"]["filter"] == [
        visibility_query(visibility).to_dict(), {"terms": {"themes": ["Location"]}}]
    per_word = gate["aggs"]["clauses"]["filters"]["filters"]
    assert list(per_word) == ["0", "1", "2"] and per_word["0"] == clause_query(longer.plan.clauses[0], typos=False).to_dict()
    assert not any("fuzzy" in str(q) for q in per_word.values())      # a typo's neighbour is not the word
    assert "fuzzy" in str(clause_query(longer.plan.clauses[2]).to_dict())      # « appartement » allows one

    body = es_backend.faceted_search(query, [("content.page:7", 4.0)])._s.to_dict()
    assert body["query"]["bool"]["filter"] == [visibility_query(visibility).to_dict()]
    assert body["query"]["bool"]["should"] == [text_query(query.plan).to_dict(), {
        "constant_score": {"filter": {"term": {"key": "content.page:7"}}, "boost": 4.0}}]
    assert body["query"]["bool"]["minimum_should_match"] == 1      # the words, or one of the neighbours
