"""What a search asks the engine and what it gets back, the same for every engine."""

import math
from dataclasses import dataclass, field

from search.analysis import QueryPlan
from search.visibility import Visibility

#: facet name (API/UI) → index field; ``plugins`` filters without being a facet.
FACET_FIELDS = {"themes": "themes", "sections": "section", "types": "type"}
FILTER_FIELDS = {**FACET_FIELDS, "plugins": "plugin"}
HIGHLIGHT_CHARS = 220


@dataclass(frozen=True)
class SearchQuery:
    plan: QueryPlan
    visibility: Visibility
    filters: dict = field(default_factory=dict)   # filter name → tuple of values (OR within, AND across)
    offset: int = 0
    limit: int = 10
    #: The query's unit vector for the semantic layer (search/semantic.py), or None (short query, no model).
    vector: object = field(default=None, compare=False, repr=False)

    def filters_except(self, name):
        return {k: v for k, v in self.filters.items() if v and k != name}


@dataclass
class Hit:
    key: str
    id: str
    type: str
    title: str
    url: str
    slug: str = ""
    score: float = 0.0
    highlight: str = ""      # HTML: escaped text with <mark>…</mark> around matched words
    summary: str = ""
    section: str = ""
    themes: list = field(default_factory=list)
    plugin: str = ""


@dataclass
class EngineAnswer:
    total: int
    hits: list
    facets: dict              # {"themes": {name: count}, "sections": {...}, "types": {...}}
    corrections: dict = field(default_factory=dict)   # unknown typed word → closest indexed word


@dataclass
class SearchResults:
    query: str
    total: int
    hits: list
    facets: dict
    filters: dict
    page: int
    per_page: int
    suggestion: str = ""
    #: Set (French) when the engine did not answer: the page says so instead of failing.
    unavailable: str = ""

    @property
    def results(self):
        return self.hits

    @property
    def num_pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    def as_dict(self):
        """The JSON shape of ``logis search query --json`` and of ``/api/search/``."""
        return {
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "results": [
                {"slug": h.slug, "title": h.title, "url": h.url, "score": round(h.score, 4), "highlight": h.highlight,
                 "type": h.type, "section": h.section, "themes": h.themes}
                for h in self.hits
            ],
            "facets": self.facets,
            "suggestion": self.suggestion,
        }
