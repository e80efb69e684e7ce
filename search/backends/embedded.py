"""The embedded engine: tantivy (Rust, BM25) inside the Django process, no server.

Chosen over SQLite FTS5 by measurement (see docs/search.md): tantivy brings
the French stemmer, fuzzy term queries, aggregations for the facets and
snippets, where FTS5 has none of the three first. The index lives in
``settings.LOGIS_SEARCH_INDEX_DIR``; one writer at a time holds its lock, so
writes retry briefly when the reindex command and the worker meet.
"""

import html
import threading
import time
from pathlib import Path

import tantivy
from django.conf import settings

from search.analysis import (
    DISMAX_TIE_BREAKER, FAMILY_BOOST, FIELD_BOOSTS, FUZZY_BOOST, FUZZY_DISTANCE, FUZZY_FIELDS, PHRASE_BOOST, PHRASE_SLOP,
    QUERY_STOPWORDS, tantivy_analyzer, words,
)
from search.results import FACET_FIELDS, FILTER_FIELDS, HIGHLIGHT_CHARS, EngineAnswer, Hit
from search.visibility import ALL_SITES, CORE_PLUGIN, site_key, territory_prefixes

SCHEMA_VERSION = 3
FRENCH, FOLDED, RAW = "logis_french", "logis_folded", "raw"
WRITER_HEAP = 64_000_000
LOCK_WAIT_SECONDS = 30


def _schema():
    b = tantivy.SchemaBuilder()
    for name in ("key", "id", "slug", "url"):
        b.add_text_field(name, stored=True, tokenizer_name=RAW)
    for name in ("type", "plugin", "section", "themes"):
        b.add_text_field(name, stored=True, fast=True, tokenizer_name=RAW)
    for name in ("audience", "permission", "territory", "organisation", "readers", "site"):
        b.add_text_field(name, tokenizer_name=RAW)
    for name in ("title", "summary", "body"):
        b.add_text_field(name, stored=True, tokenizer_name=FRENCH)
    b.add_text_field("themes_text", tokenizer_name=FRENCH)
    for name in FUZZY_FIELDS:
        b.add_text_field(f"{name}_folded", tokenizer_name=FOLDED)
    return b.build()


SCHEMA = _schema()
_indexes = {}
_lock = threading.Lock()


def edit_distance(a, b, limit):
    """Optimal-string-alignment distance, stopping early once it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path=None):
        self.path = Path(path or settings.LOGIS_SEARCH_INDEX_DIR) / f"tantivy-v{SCHEMA_VERSION}"
        self.french = tantivy_analyzer()
        self.folded = tantivy_analyzer(stem=False)

    # -- index handling ------------------------------------------------------
    @property
    def index(self):
        key = str(self.path)
        with _lock:
            if key not in _indexes:
                self.path.mkdir(parents=True, exist_ok=True)
                index = tantivy.Index(SCHEMA, path=key)
                index.register_tokenizer(FRENCH, self.french)
                index.register_tokenizer(FOLDED, self.folded)
                _indexes[key] = index
            return _indexes[key]

    def _write(self, operation, heap=WRITER_HEAP):
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                writer = self.index.writer(heap, 1)
                break
            except ValueError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        try:
            operation(writer)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        finally:
            del writer
        self.index.reload()

    def _document(self, key, doc):
        fields = {
            "key": key, "id": doc.id, "slug": doc.slug, "url": doc.url, "type": doc.type,
            "plugin": doc.plugin or CORE_PLUGIN, "section": doc.section, "themes": list(doc.themes),
            "audience": doc.audience, "permission": doc.permission,
            "territory": territory_prefixes(doc.territory_path),
            "organisation": "" if doc.organisation_id is None else str(doc.organisation_id), "readers": list(doc.readers),
            "site": site_key(doc.site_id), "title": doc.title, "summary": doc.summary, "body": doc.body, "themes_text": " ; ".join(doc.themes),
            "title_folded": doc.title, "body_folded": doc.body,
        }
        return tantivy.Document(**{k: v for k, v in fields.items() if v not in ("", [])})

    def upsert(self, documents):
        """``documents``: ``[(key, SearchDocument)]``; each replaces what the key held."""
        def op(writer):
            for key, doc in documents:
                writer.delete_documents_by_term("key", key)
                writer.add_document(self._document(key, doc))
        self._write(op)

    def remove(self, keys):
        self._write(lambda writer: [writer.delete_documents_by_term("key", key) for key in keys])

    def rebuild(self, documents):
        """Replace the whole index in one commit: readers see the old one until then."""
        def op(writer):
            writer.delete_all_documents()
            for key, doc in documents:
                writer.add_document(self._document(key, doc))
        self._write(op, heap=4 * WRITER_HEAP)

    def count(self):
        return self.index.searcher().num_docs

    def synonyms_changed(self):
        """Nothing to do: the embedded engine reads the synonym table at query time."""

    # -- queries -------------------------------------------------------------
    def _term(self, field, value):
        return tantivy.Query.term_query(SCHEMA, field, value)

    def _any_of(self, field, values):
        return tantivy.Query.term_set_query(SCHEMA, field, list(values))

    def _alternative(self, field, text):
        tokens = self.french.pre_tokenize(text).tokens
        if not tokens:
            return None
        if len(tokens) == 1:
            return self._term(field, tokens[0].text)
        first = tokens[0].position
        return tantivy.Query.phrase_query(SCHEMA, field, [(t.position - first, t.text) for t in tokens])

    def _clause(self, clause, searcher):
        """A dis_max over the weighted fields of the clause's alternatives, plus one-typo matches.

        A word the index does not know is most likely mistyped: its one-typo
        neighbours are searched as ordinary terms, so that BM25 ranks them as
        it would the corrected word. A known word keeps a (cheap, constant
        score) fuzzy query so that near forms still match.
        """
        alternatives = list(clause.alternatives)
        fuzzy = []
        for word in clause.fuzzy:
            if searcher.doc_freq("body_folded", word) or searcher.doc_freq("title_folded", word):
                fuzzy.append(word)
            else:
                alternatives += [t for d, _f, t in self._typo_terms(searcher, word) if d <= FUZZY_DISTANCE]
        family = self._family_terms(clause, searcher)
        per_field = []
        for field, boost in FIELD_BOOSTS.items():
            options = [q for q in (self._alternative(field, alt) for alt in alternatives) if q is not None]
            if options:
                query = options[0] if len(options) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in options])
                per_field.append(tantivy.Query.boost_query(query, boost))
            if family:
                per_field.append(tantivy.Query.boost_query(self._any_of(field, family), FAMILY_BOOST * boost))
        for word in fuzzy:
            for field in FUZZY_FIELDS:
                query = tantivy.Query.fuzzy_term_query(SCHEMA, f"{field}_folded", word, FUZZY_DISTANCE)
                per_field.append(tantivy.Query.boost_query(query, FUZZY_BOOST * FIELD_BOOSTS[field]))
        return tantivy.Query.disjunction_max_query(per_field, tie_breaker=DISMAX_TIE_BREAKER)

    def _family_terms(self, clause, searcher):
        """Stems of the clause's family members that the index holds and the typed word's stem is not."""
        typed = {t for w in clause.typed_words for t in self.french.analyze(w)}
        stems = {t for w in clause.related for t in self.french.analyze(w)} - typed
        return sorted(t for t in stems if searcher.doc_freq("body", t) or searcher.doc_freq("title", t))

    def _phrase_bonus(self, plan):
        """Two typed words close together (``PHRASE_SLOP``) in the title or the body: ranks higher, never required."""
        bonus = []
        for pair in plan.pairs:
            tokens = self.french.pre_tokenize(pair).tokens
            if len(tokens) != 2:
                continue
            terms = [(i, t.text) for i, t in enumerate(tokens)]
            bonus += [(tantivy.Occur.Should, tantivy.Query.boost_query(
                tantivy.Query.phrase_query(SCHEMA, field, terms, slop=PHRASE_SLOP), PHRASE_BOOST * FIELD_BOOSTS[field]))
                for field in ("title", "body")]
        return bonus

    def _text_query(self, plan, searcher):
        if plan.empty:
            return tantivy.Query.all_query()
        matching = tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, self._clause(c, searcher)) for c in plan.clauses],
            minimum_number_should_match=plan.minimum_should_match,
        )
        bonus = self._phrase_bonus(plan)
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, matching), *bonus]) if bonus else matching

    def _visibility_query(self, visibility):
        must = [(tantivy.Occur.Must, self._any_of("plugin", visibility.plugins))]
        if visibility.site:
            must.append((tantivy.Occur.Must, self._any_of("site", (ALL_SITES, visibility.site))))
        if visibility.everything:
            return must
        allowed = [self._term("audience", "public")]
        if visibility.pros:
            allowed.append(self._term("audience", "pros"))
        for access in visibility.scoped:
            parts = [(tantivy.Occur.Must, self._term("audience", "scoped")),
                     (tantivy.Occur.Must, self._term("permission", access.permission))]
            if not access.everywhere:
                where = []
                if access.territory_paths:
                    where.append(self._any_of("territory", access.territory_paths))
                if access.organisation_ids:
                    where.append(self._any_of("organisation", access.organisation_ids))
                if not where:
                    continue
                parts.append((tantivy.Occur.Must, tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in where])))
            allowed.append(tantivy.Query.boolean_query(parts))
        if visibility.readers and visibility.scoped:
            allowed.append(tantivy.Query.boolean_query([
                (tantivy.Occur.Must, self._term("audience", "readers")),
                (tantivy.Occur.Must, self._any_of("readers", visibility.readers)),
                (tantivy.Occur.Must, self._any_of("permission", [a.permission for a in visibility.scoped]))]))
        must.append((tantivy.Occur.Must, tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in allowed])))
        return must

    def _filtered(self, text_query, visibility_parts, filters):
        parts = [(tantivy.Occur.Must, text_query), *visibility_parts]
        for name, values in filters.items():
            if values:
                parts.append((tantivy.Occur.Must, self._any_of(FILTER_FIELDS[name], values)))
        return tantivy.Query.boolean_query(parts)

    def search(self, query):
        searcher = self.index.searcher()
        text_query = self._text_query(query.plan, searcher)
        visibility = self._visibility_query(query.visibility)
        final = self._filtered(text_query, visibility, {k: v for k, v in query.filters.items() if v})
        result = searcher.search(final, limit=max(query.limit, 1), offset=query.offset, count=True)
        facets = self._facets(searcher, query, text_query, visibility)
        snippets = self._snippet_generator(searcher, query.plan)
        hits = [self._hit(searcher.doc(address), score, snippets) for score, address in result.hits[:query.limit]]
        corrections = self._corrections(searcher, query.plan) if result.count < 3 else {}
        return EngineAnswer(result.count, hits, facets, corrections)

    def _facets(self, searcher, query, text_query, visibility):
        """Each facet counts what the other facets' filters leave (multi-select, as FacetedSearch does)."""
        by_filters = {}
        for name in FACET_FIELDS:
            others = query.filters_except(name)
            by_filters.setdefault(tuple(sorted((k, tuple(v)) for k, v in others.items())), []).append(name)
        facets = {}
        for filters, names in by_filters.items():
            aggs = {name: {"terms": {"field": FACET_FIELDS[name], "size": 200}} for name in names}
            answer = searcher.aggregate(self._filtered(text_query, visibility, dict(filters)), aggs)
            for name in names:
                facets[name] = {b["key"]: int(b["doc_count"]) for b in answer[name]["buckets"]}
        return facets

    def _typo_terms(self, searcher, word):
        """Indexed words one typo away from an unknown typed word (for highlighting and suggestions)."""
        candidates = searcher.terms_with_prefix("body_folded", word[0])
        return sorted(((edit_distance(word, term, 2), -freq, term) for term, freq in candidates), key=lambda c: c[:2])

    def _snippet_generator(self, searcher, plan):
        """Highlight the typed words, their one-word synonyms and, for unknown words, their one-typo neighbours.

        Stop words are left out unless typed alone: "de" or "la" lit up everywhere helps nobody.
        """
        wanted = set()
        for clause in plan.clauses:
            wanted.update(w for w in clause.typed_words if w not in QUERY_STOPWORDS or len(clause.typed_words) == 1)
            wanted.update(w for alt in clause.alternatives[1:] for w in words(alt) if w not in QUERY_STOPWORDS)
            wanted.update(clause.related)
            for word in clause.fuzzy:
                if searcher.doc_freq("body_folded", word) == 0:
                    wanted.update(t for d, _f, t in self._typo_terms(searcher, word) if d <= FUZZY_DISTANCE)
        terms = {token for word in wanted for token in self.french.analyze(word)}
        query = tantivy.Query.boolean_query([(tantivy.Occur.Should, self._term(f, t)) for t in terms for f in ("body", "summary")])
        generators = {}
        for field in ("body", "summary"):
            generators[field] = tantivy.SnippetGenerator.create(searcher, query, SCHEMA, field)
            generators[field].set_max_num_chars(HIGHLIGHT_CHARS)
        return generators

    @staticmethod
    def _html(snippet):
        """The fragment, escaped, with <mark> around the highlighted ranges (tantivy gives UTF-8 byte offsets)."""
        data, start, out = snippet.fragment().encode(), 0, []
        for r in snippet.highlighted():
            out += [html.escape(data[start:r.start].decode()), "<mark>", html.escape(data[r.start:r.end].decode()), "</mark>"]
            start = r.end
        out.append(html.escape(data[start:].decode()))
        return "".join(out)

    def _hit(self, doc, score, snippets):
        highlight = ""
        for field in ("body", "summary"):
            snippet = snippets[field].snippet_from_doc(doc)
            if snippet.highlighted():
                highlight = self._html(snippet)
                break
        summary = doc.get_first("summary") or ""
        plugin = doc.get_first("plugin")
        return Hit(
            key=doc.get_first("key"), id=doc.get_first("id"), type=doc.get_first("type"),
            title=doc.get_first("title") or "", url=doc.get_first("url") or "", slug=doc.get_first("slug") or "",
            score=float(score), highlight=highlight or html.escape(summary[:HIGHLIGHT_CHARS]), summary=summary,
            section=doc.get_first("section") or "", themes=doc.get_all("themes"),
            plugin="" if plugin == CORE_PLUGIN else plugin,
        )

    def _corrections(self, searcher, plan):
        corrections = {}
        for word in (w for clause in plan.clauses if len(clause.alternatives) == 1 for w in clause.typed_words):
            if len(word) < 3 or word.isdigit() or searcher.doc_freq("body_folded", word) or searcher.doc_freq("title_folded", word):
                continue
            best = next(((d, t) for d, _f, t in self._typo_terms(searcher, word) if d <= 2), None)
            if best:
                corrections[word] = best[1]
        return corrections

    def autocomplete(self, words, visibility, limit):
        """Titles whose words start with what is typed (the last word as a prefix)."""
        searcher = self.index.searcher()
        parts = [(tantivy.Occur.Must, self._term("title_folded", w)) for w in words[:-1]]
        parts.append((tantivy.Occur.Must, tantivy.Query.fuzzy_term_query(SCHEMA, "title_folded", words[-1], 0, prefix=True)))
        query = tantivy.Query.boolean_query([*parts, *self._visibility_query(visibility)])
        return [
            {"title": doc.get_first("title"), "url": doc.get_first("url"), "type": doc.get_first("type")}
            for doc in (searcher.doc(address) for _score, address in searcher.search(query, limit=limit).hits)
        ]
