"""The embedded engine: tantivy (Rust, BM25) inside the Django process, no server.

Chosen over SQLite FTS5 by measurement (see docs/search.md): tantivy brings
the French stemmer, fuzzy term queries, aggregations for the facets and
snippets, where FTS5 has none of the three first. The index lives in
``settings.LOGIS_SEARCH_INDEX_DIR``; one writer at a time holds its lock, so
writes retry briefly when the reindex command and the worker meet.
"""

import html
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import tantivy
from django.conf import settings

from search.analysis import (
    DISMAX_TIE_BREAKER, FAMILY_BOOST, FIELD_BOOSTS, FUZZY_BOOST, FUZZY_DISTANCE, FUZZY_FIELDS, PHRASE_BOOST, PHRASE_SLOP,
    QUERY_STOPWORDS, tantivy_analyzer, words,
)
from search import semantic
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
_matrices = {}


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


class VectorStore:
    """The documents' vectors of the semantic layer, beside the tantivy index, in a SQLite file.

    tantivy has no vector field: each key's vector is kept here, written with the
    index, and every process keeps the matrix in memory, reloaded when another
    process (the worker) has written (``PRAGMA data_version``). Nearest
    neighbours are a brute-force dot product on one thread: a few ms for 10,000 documents.
    """

    _open = {}      # path → (connection, lock): one connection per process, so that data_version means something

    def __init__(self, path):
        self.path = path

    @contextmanager
    def _connection(self, write=False):
        with _lock:
            if self.path not in self._open:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, timeout=LOCK_WAIT_SECONDS, isolation_level=None, check_same_thread=False)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
                self._open[self.path] = (connection, threading.Lock())
            connection, lock = self._open[self.path]
        with lock:
            if not write:
                yield connection
                return
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            finally:
                _matrices.pop(self.path, None)      # our own commits do not change our data_version

    @staticmethod
    def _rows(documents):
        vectors = semantic.embed_passages(semantic.passage_text(doc) for _key, doc in documents)
        return [(key, vector.tobytes()) for (key, _doc), vector in zip(documents, vectors)]

    def upsert(self, documents):
        rows = self._rows(documents)
        with self._connection(write=True) as connection:
            connection.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def remove(self, keys):
        with self._connection(write=True) as connection:
            connection.executemany("DELETE FROM vectors WHERE key = ?", [(k,) for k in keys])

    def replace_all(self, documents):
        rows = self._rows(documents)
        with self._connection(write=True) as connection:
            connection.execute("DELETE FROM vectors")
            connection.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
        with self._connection() as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")     # the whole set was rewritten: no second copy in the log

    def size(self):
        """Bytes on disk (the database and its write-ahead log)."""
        return sum(p.stat().st_size for p in self.path.parent.glob(f"{self.path.name}*"))

    def _matrix(self):
        import numpy

        with self._connection() as connection:
            version = connection.execute("PRAGMA data_version").fetchone()[0]
            cached = _matrices.get(self.path)
            if cached is None or cached[0] != version:
                rows = connection.execute("SELECT key, vector FROM vectors ORDER BY key").fetchall()
                matrix = numpy.frombuffer(b"".join(v for _k, v in rows), dtype="float32").reshape(len(rows), semantic.DIMENSIONS)
                cached = _matrices[self.path] = (version, [k for k, _v in rows], matrix)
        return cached[1], cached[2]

    def nearest(self, vector, count):
        """``[(key, cosine)]`` of the ``count`` documents nearest to the unit ``vector``, nearest first."""
        import numpy

        keys, matrix = self._matrix()
        if not keys:
            return []
        # einsum, not ``@``: BLAS would spread this small product over threads that wait for each other on a
        # shared machine (p95 25 ms instead of 5 to 15 ms for 10,000 vectors, measured side by side).
        scores = numpy.einsum("ij,j->i", matrix, numpy.asarray(vector, dtype="float32"))
        if count < len(keys):       # the ``count`` best in linear time, then only those sorted
            top = numpy.argpartition(-scores, count)[:count]
            top = top[numpy.argsort(-scores[top])]
        else:
            top = numpy.argsort(-scores)
        return [(keys[i], float(scores[i])) for i in top]


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path=None):
        self.path = Path(path or settings.LOGIS_SEARCH_INDEX_DIR) / f"tantivy-v{SCHEMA_VERSION}"
        self.vectors = VectorStore(self.path.with_name("vectors-v1.sqlite3"))
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
        documents = list(documents)
        if semantic.available():
            self.vectors.upsert(documents)      # first: embedding is the slow part, the index is written in one go after

        def op(writer):
            for key, doc in documents:
                writer.delete_documents_by_term("key", key)
                writer.add_document(self._document(key, doc))
        self._write(op)

    def remove(self, keys):
        self._write(lambda writer: [writer.delete_documents_by_term("key", key) for key in keys])
        if semantic.available():
            self.vectors.remove(keys)

    def rebuild(self, documents):
        """Replace the whole index in one commit: readers see the old one until then."""
        documents = list(documents)
        if semantic.available():
            self.vectors.replace_all(documents)

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

    def _clause(self, clause, searcher, typos=True):
        """A dis_max over the weighted fields of the clause's alternatives, plus one-typo matches.

        A word the index does not know is most likely mistyped: its one-typo
        neighbours are searched as ordinary terms, so that BM25 ranks them as
        it would the corrected word. A known word keeps a (cheap, constant
        score) fuzzy query so that near forms still match. ``typos=False``: the
        word's own forms only (its stem, synonyms and family), as :meth:`missing` asks.
        """
        alternatives = list(clause.alternatives)
        fuzzy = []
        for word in clause.fuzzy if typos else ():
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

    def _neighbours(self, vector, searcher, visibility):
        """``[(key, cosine)]`` of the documents nearest to ``vector`` that the user may see, nearest first.

        The nearest ``CANDIDATES`` of the whole index are asked to the index under the visibility filter in one query,
        each scored by its rank (constant score), so that nothing is read but the scores.
        """
        candidates = self.vectors.nearest(vector, semantic.CANDIDATES)
        if not candidates:
            return []
        ranked = tantivy.Query.boolean_query([
            (tantivy.Occur.Should, tantivy.Query.const_score_query(self._term("key", key), float(rank)))
            for rank, (key, _cosine) in enumerate(candidates, 1)])
        allowed = tantivy.Query.const_score_query(tantivy.Query.boolean_query(visibility), 0.0)   # a filter: adds nothing
        visible = searcher.search(tantivy.Query.boolean_query([(tantivy.Occur.Must, ranked), (tantivy.Occur.Must, allowed)]),
                                  limit=len(candidates)).hits
        return [candidates[int(round(score)) - 1] for score, _address in sorted(visible, key=lambda hit: hit[0])][:semantic.NEIGHBOURS]

    def _with_neighbours(self, text_query, query, searcher, visibility):
        """The text query, or any of the visible documents nearest to the query's vector, each with its bonus (see
        :func:`search.semantic.bonuses`); filters apply to them as to any other document."""
        neighbours = self._neighbours(query.vector, searcher, visibility)
        if not neighbours:
            return text_query
        best = searcher.search(self._filtered(text_query, visibility, {k: v for k, v in query.filters.items() if v}), limit=1).hits
        nearby = [(tantivy.Occur.Should, tantivy.Query.const_score_query(self._term("key", key), bonus))
                  for key, bonus in semantic.bonuses(neighbours, best[0][0] if best else 0.0)]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, text_query), *nearby])

    def search(self, query):
        searcher = self.index.searcher()
        text_query = self._text_query(query.plan, searcher)
        visibility = self._visibility_query(query.visibility)
        if query.vector is not None:
            text_query = self._with_neighbours(text_query, query, searcher, visibility)
        final = self._filtered(text_query, visibility, {k: v for k, v in query.filters.items() if v})
        result = searcher.search(final, limit=max(query.limit, 1), offset=query.offset, count=True)
        facets = self._facets(searcher, query, text_query, visibility)
        snippets = self._snippet_generator(searcher, query.plan)
        hits = [self._hit(searcher.doc(address), score, snippets) for score, address in result.hits[:query.limit]]
        corrections = self._corrections(searcher, query.plan) if result.count < 3 else {}
        return EngineAnswer(result.count, hits, facets, corrections)

    def missing(self, query):
        """The typed words (clauses) that no document the user may see, under the filters, holds in any of their
        forms (stem, synonyms, family; typos not counted): one count per clause, each a few postings."""
        searcher = self.index.searcher()
        visibility = self._visibility_query(query.visibility)
        filters = {k: v for k, v in query.filters.items() if v}
        return [clause.text for clause in query.plan.distinct_clauses
                if not searcher.search(self._filtered(self._clause(clause, searcher, typos=False), visibility, filters),
                                       limit=1, count=True).count]

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
