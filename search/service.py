"""The search service: one API whatever the engine behind it.

``search()`` answers the page, the JSON API and the command line; the
indexing functions are what the RQ jobs and ``logis search reindex`` call.
Every answer is filtered by what the requesting user may see and by the
plugins switched on for the site; facet counts are computed on that too.
"""

import logging
from dataclasses import replace

from django.utils.translation import gettext as _

from search import documents, semantic
from search.analysis import plan_query, words
from search.backends import get_backend, unavailable_errors
from search.links import link_for
from search.results import FILTER_FIELDS, SearchQuery, SearchResults
from search.synonyms import current_table, known_acronyms
from search.visibility import visibility_for

logger = logging.getLogger(__name__)

MAX_PER_PAGE = 100
#: Deepest results page served: beyond it the offset would overflow the engines' 64-bit integers.
MAX_PAGE = 1000
#: Longest text searched: every way in (page, API, command line) goes through here; the page and the API refuse
#: more than 200 characters already, a script or a pasted document is cut here before it becomes thousands of clauses.
MAX_QUERY_CHARS = 1000


def _clean_filters(values):
    return {name: tuple(dict.fromkeys(v for v in values.get(name) or () if v)) for name in FILTER_FIELDS}


def search(query, user=None, themes=(), sections=(), types=(), plugins=(), page=1, per_page=10, site=None, backend=None):
    """Ranked, highlighted, faceted results for ``query`` as ``user`` sees them on ``site``."""
    backend = backend or get_backend()
    query = (query or "")[:MAX_QUERY_CHARS]
    page = min(max(1, int(page)), MAX_PAGE)
    per_page = min(max(1, int(per_page)), MAX_PER_PAGE)
    filters = _clean_filters({"themes": themes, "sections": sections, "types": types, "plugins": plugins})
    asked = SearchQuery(plan=plan_query(query, current_table()), visibility=visibility_for(user, site), filters=filters,
                        offset=(page - 1) * per_page, limit=per_page)
    try:
        answer = engine_answer(backend, asked, query)
    except unavailable_errors():
        logger.exception("Moteur de recherche indisponible")
        return SearchResults(query=query, total=0, hits=[], facets={}, filters={k: list(v) for k, v in filters.items() if v},
                             page=page, per_page=per_page, unavailable=_("La recherche est momentanément indisponible. "
                                                                          "Les pages restent consultables par les menus ; réessayez dans quelques minutes."))
    for hit in answer.hits:
        hit.url = link_for(hit.url, user)
    corrections = answer.corrections
    if corrections:
        known = known_acronyms()    # « APL » is not a typo for « api » when the content defines it
        corrections = {w: c for w, c in corrections.items() if w not in known}
    suggestion = ""
    if corrections:
        suggestion = " ".join(corrections.get(w, w) for w in words(query))
    return SearchResults(
        query=query, total=answer.total, hits=answer.hits, facets=answer.facets,
        filters={k: list(v) for k, v in filters.items() if v}, page=page, per_page=per_page, suggestion=suggestion,
    )


def engine_answer(backend, asked, text):
    """The engine's answer to ``asked`` (the plan of ``text``), with the semantic layer (search/semantic.py) only
    for a long query with a word no page holds: its vector costs more than the whole words' search."""
    if semantic.applies(text) and semantic.wanted(backend.missing(asked)):
        asked = replace(asked, vector=semantic.query_vector(text))
    answer = backend.search(asked)
    if not answer.total and asked.plan.minimum_should_match > 1:
        # Before « aucun résultat » (a chosen theme leaves few pages, a question uses other words than the page):
        # pages with any of the words, ranked by how many they hold and how rare those are.
        answer = backend.search(replace(asked, plan=replace(asked.plan, minimum_should_match=1)))
    return answer


def suggest(text, user=None, site=None, limit=8, backend=None):
    """Autocomplete: titles the user may see that start with what is typed."""
    typed = words((text or "")[:MAX_QUERY_CHARS])
    if not typed:
        return []
    found = (backend or get_backend()).autocomplete(typed, visibility_for(user, site), limit)
    return [{**item, "url": link_for(item["url"], user)} for item in found]


# -- keeping the index true ------------------------------------------------------

def sync(type_name, pks, backend=None):
    """(Re)index the records ``pks`` of a type; those no longer indexable (unpublished, deleted) leave the index."""
    backend = backend or get_backend()
    doc_type = documents.document_types().get(type_name)
    keys = {str(pk): documents.object_key(type_name, pk) for pk in pks}
    if doc_type is None:
        backend.remove(list(keys.values()))
        return {"indexed": 0, "removed": len(keys)}
    present = []
    for obj in documents.records(doc_type, pks):
        document = documents.build(doc_type, obj)
        if document is not None:
            present.append((keys.pop(str(obj.pk)), document))
    if present:
        backend.upsert(present)
    if keys:
        backend.remove(list(keys.values()))
    return {"indexed": len(present), "removed": len(keys)}


def all_documents(progress=None):
    """Every indexable document of every type, as ``(key, document)``; ``progress(done, total)`` along the way."""
    types = documents.document_types()
    sources = {name: documents.records(t) for name, t in types.items()}
    total = sum(len(records) for records in sources.values())
    done = 0
    for name, records in sources.items():
        for obj in sorted(records, key=lambda o: o.pk):  # a stable order: ties rank the same from one rebuild to the next
            document = documents.build(types[name], obj)
            done += 1
            if progress:
                progress(done, total)
            if document is not None:
                yield documents.object_key(name, obj.pk), document


def reindex(progress=None, backend=None):
    """Rebuild the whole index from the database; returns how many documents it holds."""
    backend = backend or get_backend()
    backend.rebuild(all_documents(progress))
    return backend.count()
