"""The Elasticsearch engine, for deployments that outgrow one machine (elasticsearch-dsl).

The index carries the French chain of :mod:`search.analysis` (elision,
lowercase, ASCII folding, French stemmer; the synonym graph at search time);
``FacetedSearch`` gives the facet counts, each computed without its own
filter so that values can be combined; the highlighter escapes the text and
marks the matches. The index is reached through an alias so that a rebuild
swaps a complete new index in at once.
"""

import time
from functools import lru_cache
from html import escape

from django.conf import settings
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Date, DenseVector, Document, FacetedSearch, Index, Keyword, Q, Search, TermsFacet, Text

from search import semantic
from search.analysis import (
    DISMAX_TIE_BREAKER, FAMILY_BOOST, FIELD_BOOSTS, FUZZY_BOOST, FUZZY_DISTANCE, FUZZY_FIELDS, PHRASE_BOOST, PHRASE_SLOP,
    elasticsearch_analysis,
)
from search.results import FACET_FIELDS, FILTER_FIELDS, HIGHLIGHT_CHARS, EngineAnswer, Hit
from search.synonyms import current_table
from search.visibility import ALL_SITES, CORE_PLUGIN, site_key, territory_prefixes

FRENCH, FRENCH_SEARCH, FOLDED = "logis_french", "logis_french_search", "logis_folded"
#: our field names → Elasticsearch's (``themes_text`` is a sub-field of the ``themes`` keyword).
ES_FIELDS = {"title": "title", "summary": "summary", "themes_text": "themes.text", "body": "body"}


def _french_text(**kwargs):
    return Text(analyzer=FRENCH, search_analyzer=FRENCH_SEARCH, **kwargs)


class SearchDoc(Document):
    """One indexed document; its ``_id`` is the record key (``type:pk``)."""

    key = Keyword()
    doc_id = Keyword()
    type = Keyword()
    plugin = Keyword()
    slug = Keyword()
    url = Keyword(index=False)
    section = Keyword()
    themes = Keyword(multi=True, fields={"text": _french_text()})
    audience = Keyword()
    permission = Keyword()
    territory = Keyword(multi=True)
    organisation = Keyword()
    readers = Keyword(multi=True)
    site = Keyword()
    title = _french_text(fields={"folded": Text(analyzer=FOLDED)})
    summary = _french_text()
    body = _french_text(fields={"folded": Text(analyzer=FOLDED)})
    updated_at = Date()
    #: The semantic layer's vector of the document (search/semantic.py), when the model is installed.
    embedding = DenseVector(dims=semantic.DIMENSIONS, similarity="cosine", index=True)

    @classmethod
    def from_document(cls, key, doc, embedding=None):
        return cls(
            embedding=None if embedding is None else [float(x) for x in embedding],
            meta={"id": key}, key=key, doc_id=doc.id, type=doc.type, plugin=doc.plugin or CORE_PLUGIN, slug=doc.slug,
            url=doc.url, section=doc.section, themes=list(doc.themes), audience=doc.audience,
            permission=doc.permission, territory=territory_prefixes(doc.territory_path),
            organisation="" if doc.organisation_id is None else str(doc.organisation_id), readers=list(doc.readers),
            site=site_key(doc.site_id),
            title=doc.title, summary=doc.summary, body=doc.body, updated_at=doc.updated_at,
        )


@lru_cache(maxsize=4)
def _client(url):
    return Elasticsearch(url, request_timeout=30)


def text_query(plan, nearby=()):
    """The typed text as clauses, each a dis_max over the weighted fields (synonyms expand in the analyzer), the
    word's family and typo tolerance; the words close together are a bonus (as the embedded engine does).

    ``nearby``: ``[(key, bonus)]`` of the semantic layer (:func:`search.semantic.bonuses`): those documents match too,
    with a constant bonus added to what their words score, as the embedded engine does."""
    if not nearby:
        return _words_query(plan)
    return Q("bool", should=[_words_query(plan), *(Q("constant_score", filter=Q("term", key=key), boost=bonus)
                                                   for key, bonus in nearby)], minimum_should_match=1)


def _words_query(plan):
    if plan.empty:
        return Q("match_all")
    clauses = [clause_query(clause) for clause in plan.clauses]
    matching = Q("bool", should=clauses, minimum_should_match=plan.minimum_should_match)
    if not plan.pairs:
        return matching
    bonus = [Q("match_phrase", **{field: {"query": pair, "slop": PHRASE_SLOP, "boost": PHRASE_BOOST * FIELD_BOOSTS[field]}})
             for pair in plan.pairs for field in ("title", "body")]
    return Q("bool", must=[matching], should=bonus)


def clause_query(clause, typos=True):
    """One typed word (or synonym phrase): a dis_max over the weighted fields of its forms, its family and, unless
    ``typos=False`` (its own forms only, as :meth:`ElasticsearchBackend.missing` asks), one-typo matches."""
    as_typed = {"analyzer": FRENCH} if clause.literal else {}     # the index's chain: no synonym graph
    options = [Q("match", **{ES_FIELDS[f]: {"query": clause.text, "boost": boost, **as_typed}})
               for f, boost in FIELD_BOOSTS.items()]
    if clause.related:
        options += [Q("match", **{ES_FIELDS[f]: {"query": " ".join(clause.related), "boost": FAMILY_BOOST * boost}})
                    for f, boost in FIELD_BOOSTS.items()]
    options += [
        Q("fuzzy", **{f"{field}.folded": {"value": word, "fuzziness": FUZZY_DISTANCE, "prefix_length": 0,
                                          "boost": FUZZY_BOOST * FIELD_BOOSTS[field]}})
        for word in (clause.fuzzy if typos else ()) for field in FUZZY_FIELDS
    ]
    return Q("dis_max", queries=options, tie_breaker=DISMAX_TIE_BREAKER)


def visibility_query(visibility):
    """Documents of the site (and of every site) and of its plugins that the user may see (see :mod:`search.visibility`)."""
    required = [Q("terms", plugin=list(visibility.plugins))]
    if visibility.site:
        required.append(Q("terms", site=[ALL_SITES, visibility.site]))
    if not visibility.everything:
        allowed = [Q("term", audience="public")]
        if visibility.pros:
            allowed.append(Q("term", audience="pros"))
        for access in visibility.scoped:
            parts = [Q("term", audience="scoped"), Q("term", permission=access.permission)]
            if not access.everywhere:
                where = []
                if access.territory_paths:
                    where.append(Q("terms", territory=list(access.territory_paths)))
                if access.organisation_ids:
                    where.append(Q("terms", organisation=list(access.organisation_ids)))
                if not where:
                    continue
                parts.append(Q("bool", should=where, minimum_should_match=1))
            allowed.append(Q("bool", filter=parts))
        if visibility.readers and visibility.scoped:
            allowed.append(Q("bool", filter=[Q("term", audience="readers"), Q("terms", readers=list(visibility.readers)),
                                             Q("terms", permission=[a.permission for a in visibility.scoped])]))
        required.append(Q("bool", should=allowed, minimum_should_match=1))
    return required[0] if len(required) == 1 else Q("bool", filter=required)


class LogisFacetedSearch(FacetedSearch):
    """Our query, visibility filter, facets and highlighting on top of elasticsearch-dsl's FacetedSearch."""

    fields = [f"{ES_FIELDS[f]}^{boost:g}" for f, boost in FIELD_BOOSTS.items()]
    facets = {name: TermsFacet(field=field, size=200) for name, field in FACET_FIELDS.items()}

    def __init__(self, search_query, index, using, nearby=()):
        self.search_query = search_query
        self.nearby = nearby
        self.index = index
        self.using = using
        self.doc_types = [SearchDoc]
        super().__init__(" ".join(c.text for c in search_query.plan.clauses),
                         filters={k: list(v) for k, v in search_query.filters.items() if v and k in FACET_FIELDS})

    def search(self):
        s = super().search().filter(visibility_query(self.search_query.visibility))
        plugins = self.search_query.filters.get("plugins")
        if plugins:
            s = s.filter("terms", plugin=list(plugins))
        if self._query:
            s = s.suggest("fix", self._query, term={"field": "body.folded", "suggest_mode": "missing", "max_edits": 2})
        return s.extra(track_total_hits=True)

    def query(self, search, query):
        return search.query(text_query(self.search_query.plan, self.nearby))

    def highlight(self, search):
        return search.highlight_options(
            encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"],
            fragment_size=HIGHLIGHT_CHARS, number_of_fragments=1,
        ).highlight("body", "summary")


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self):
        self.alias = f"{settings.LOGIS_SEARCH_INDEX_PREFIX}-documents"
        self.url = settings.ELASTICSEARCH_URL

    @property
    def client(self):
        return _client(self.url)

    def index_definition(self, name, synonyms=None):
        """The index with our mapping and the analysis generated from :mod:`search.analysis`."""
        index = Index(name)
        index.settings(number_of_shards=1, analysis=elasticsearch_analysis(synonyms or current_table()))
        index.document(SearchDoc)
        return index

    def _create(self):
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1000000}"
        self.index_definition(name).create(using=self.client)
        return name

    def _ensure(self):
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._create()
            self.client.indices.update_aliases(actions=[{"add": {"index": name, "alias": self.alias}}])

    def _bulk(self, actions, index, ignore_status=()):
        helpers.bulk(self.client, actions, index=index, refresh=True, raise_on_error=True, ignore_status=ignore_status)

    @staticmethod
    def _actions(documents):
        """Bulk index actions, with the semantic layer's vectors when the model is installed (embedded in batches)."""
        documents = list(documents)
        vectors = iter(())
        if semantic.available() and documents:
            vectors = iter(semantic.embed_passages(semantic.passage_text(d) for _k, d in documents))
        for key, doc in documents:
            yield SearchDoc.from_document(key, doc, next(vectors, None)).to_dict(include_meta=True)

    def upsert(self, documents):
        self._ensure()
        self._bulk(self._actions(documents), self.alias)

    def remove(self, keys):
        """One bulk request whatever the number of keys; a key already gone (404) is not an error."""
        self._ensure()
        self._bulk(({"_op_type": "delete", "_id": key} for key in keys), self.alias, ignore_status=(404,))

    def rebuild(self, documents):
        """Fill a new index, then move the alias to it in one step and drop the old ones."""
        name = self._create()
        self._bulk(self._actions(documents), name)
        old = list(self.client.indices.get_alias(name=self.alias).keys()) if self.client.indices.exists_alias(name=self.alias) else []
        self.client.indices.update_aliases(actions=[
            *({"remove": {"index": o, "alias": self.alias}} for o in old),
            {"add": {"index": name, "alias": self.alias}},
        ])
        for o in old:
            self.client.indices.delete(index=o)

    def count(self):
        self._ensure()
        return self.client.count(index=self.alias)["count"]

    def synonyms_changed(self):
        """Synonyms live in the index settings: close, update the analysis, reopen (a second or so)."""
        if not self.client.indices.exists_alias(name=self.alias):
            return
        for name in self.client.indices.get_alias(name=self.alias):
            self.client.indices.close(index=name)
            try:
                self.client.indices.put_settings(index=name, settings={"analysis": elasticsearch_analysis(current_table())})
            finally:
                self.client.indices.open(index=name, wait_for_active_shards="1")

    def drop(self):
        """Delete this prefix's indices by name: Elasticsearch 8+ refuses wildcard deletes (destructive_requires_name)."""
        names = list(self.client.indices.get(index=f"{self.alias}-*", allow_no_indices=True, ignore_unavailable=True))
        if names:
            self.client.indices.delete(index=",".join(names))

    def neighbours_search(self, search_query):
        """kNN among the documents the user may see (the filter is applied while searching the graph)."""
        return (Search(using=self.client, index=self.alias)
                .extra(knn={"field": "embedding", "query_vector": [float(x) for x in search_query.vector],
                            "k": semantic.NEIGHBOURS, "num_candidates": semantic.CANDIDATES,
                            "filter": visibility_query(search_query.visibility).to_dict()})
                .source(["key"])[:semantic.NEIGHBOURS])

    def _filtered_search(self, search_query, query):
        """``query`` alone, under the search's visibility and filters, nothing else."""
        s = Search(using=self.client, index=self.alias).query(query)
        s = s.filter(visibility_query(search_query.visibility))
        for name, values in search_query.filters.items():
            if values:
                s = s.filter("terms", **{FILTER_FIELDS[name]: list(values)})
        return s.source(False)

    def best_score_search(self, search_query):
        """The best score the words alone give, under the same visibility and filters (the bonuses' scale)."""
        return self._filtered_search(search_query, text_query(search_query.plan))[:1]

    def missing_search(self, search_query):
        """One request: for each clause, whether a document the user may see, under the filters, holds one of its
        forms (typos not counted), as a ``filters`` aggregation of no hits."""
        s = self._filtered_search(search_query, Q("match_all"))[:0]
        s.aggs.bucket("clauses", "filters", filters={str(i): clause_query(clause, typos=False)
                                                     for i, clause in enumerate(search_query.plan.distinct_clauses)})
        return s

    def missing(self, search_query):
        """The clauses no document the user may see holds in any of their forms (see the embedded engine)."""
        if search_query.plan.empty:
            return []
        self._ensure()
        buckets = self.missing_search(search_query).execute().aggregations.clauses.buckets
        return [clause.text for i, clause in enumerate(search_query.plan.distinct_clauses) if not buckets[str(i)].doc_count]

    def nearby(self, search_query):
        """``[(key, bonus)]`` of the semantic layer for a query that carries a vector (as the embedded engine)."""
        if search_query.vector is None:
            return []
        # Elasticsearch scores a cosine kNN hit (1 + cosine) / 2.
        neighbours = [(hit.key, 2 * hit.meta.score - 1) for hit in self.neighbours_search(search_query).execute()]
        if not neighbours:
            return []
        best = self.best_score_search(search_query).execute().hits
        return semantic.bonuses(neighbours, best[0].meta.score if best else 0.0)

    def faceted_search(self, search_query, nearby=()):
        fs = LogisFacetedSearch(search_query, self.alias, self.client, nearby)
        return fs[search_query.offset:search_query.offset + search_query.limit]

    def search(self, query):
        self._ensure()
        response = self.faceted_search(query, self.nearby(query)).execute()
        hits = [self._hit(hit) for hit in response]
        facets = {name: {value: count for value, count, _selected in response.facets[name]} for name in FACET_FIELDS}
        corrections = {}
        if response.hits.total.value < 3 and "suggest" in response:
            for entry in response.suggest.fix:
                if entry.options:
                    corrections[entry.text] = entry.options[0].text
        return EngineAnswer(response.hits.total.value, hits, facets, corrections)

    @staticmethod
    def _hit(hit):
        highlight = getattr(hit.meta, "highlight", None)
        fragment = ""
        if highlight is not None:
            fragment = next((highlight[f][0] for f in ("body", "summary") if f in highlight), "")
        summary = getattr(hit, "summary", "") or ""
        plugin = getattr(hit, "plugin", "")
        return Hit(
            key=hit.key, id=hit.doc_id, type=hit.type, title=hit.title, url=hit.url, slug=getattr(hit, "slug", "") or "",
            score=float(hit.meta.score or 0.0), highlight=fragment or escape(summary[:HIGHLIGHT_CHARS]), summary=summary,
            section=getattr(hit, "section", "") or "", themes=list(getattr(hit, "themes", []) or []),
            plugin="" if plugin == CORE_PLUGIN else plugin,
        )

    def autocomplete_search(self, words, visibility, limit):
        return (Search(using=self.client, index=self.alias)
                .query("match_bool_prefix", **{"title.folded": {"query": " ".join(words), "operator": "and"}})
                .filter(visibility_query(visibility)).source(["title", "url", "type"])[:limit])

    def autocomplete(self, words, visibility, limit):
        self._ensure()
        return [{"title": h.title, "url": h.url, "type": h.type} for h in self.autocomplete_search(words, visibility, limit).execute()]
