"""The one French analysis definition both search engines are built from.

Counter agents type without accents, with acronyms, plurals and verb forms
that differ from the page, and the odd typo. The chain is therefore:
elision (l', d', qu'…), lowercase, ASCII folding, French (Snowball) stemming;
the synonym/acronym groups editors keep in the admin are applied at query
time; one typo is tolerated in words of at least ``FUZZY_MIN_LENGTH``
letters. The embedded engine gets a tantivy ``TextAnalyzer`` from this module,
Elasticsearch gets the analyzer JSON generated from the same constants.
"""

import re
import unicodedata
from dataclasses import dataclass, field, replace

from search.families import relatives

ELISIONS = ("l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu")
STEMMER_LANGUAGE = "french"
FUZZY_MIN_LENGTH = 5
FUZZY_DISTANCE = 1

#: Words dropped from the query (never from the index) unless the query has nothing else: articles and
#: pronouns, and the scaffolding of questions (« que faire si », « a-t-il », « est-ce que », « chez moi »).
QUERY_STOPWORDS = frozenset(
    """a au aux avec ce ces cet cette comment dans de des du elle en est et il ils je la le les leur leurs
    lui ma mes mon ne ni nos notre on ou par pas pour qu quand que quel quelle quelles quels qui sa sans se ses
    son sont sous sur ta tes ton un une vos votre vous y
    t me moi te toi soi nous chez si faire fait quoi dont peut peux peuvent puis doit dois doivent faut combien
    pourquoi etre avoir ai as avez avons ont suis es sommes etes cela ca ceci celui celle plus""".split()
)

#: Fields searched, with their weight. ``*_folded`` twins (no stemming) take the fuzzy clauses.
FIELD_BOOSTS = {"title": 4.0, "summary": 2.0, "themes_text": 2.0, "body": 1.0}
FUZZY_FIELDS = ("title", "body")
FUZZY_BOOST = 0.3
DISMAX_TIE_BREAKER = 0.3
#: Weight of a word's family members (« radiation » for « radier ») against the word as typed.
FAMILY_BOOST = 0.7
#: Two typed words near each other in a title or body (« payer … loyer »): a bonus, never a condition.
PHRASE_SLOP = 3
PHRASE_BOOST = 1.5

_TOKEN_RE = re.compile(r"(?:\b(?:%s)')?([a-z0-9]+)" % "|".join(ELISIONS))


def fold(text):
    """Lowercase and strip accents ("Pièce" → "piece", "œ" → "oe", curly apostrophes made straight)."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokens(text):
    """``(word, span)`` pairs of the folded text: the word without its elided article, and the text it came from."""
    return [(m.group(1), m.group(0)) for m in _TOKEN_RE.finditer(fold(text))]


def words(text):
    """The folded words of ``text`` without elided articles, as both engines cut them."""
    return [word for word, _span in tokens(text)]


# -- synonyms ---------------------------------------------------------------

def parse_synonym_line(line):
    """One comma-separated equivalence group → its distinct, non-empty terms."""
    terms = []
    for term in line.split(","):
        term = " ".join(term.split())
        if term and term.lower() not in (t.lower() for t in terms):
            terms.append(term)
    return terms


@dataclass(frozen=True)
class SynonymTable:
    """Equivalence groups, looked up by folded word sequences."""

    groups: tuple = ()
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_groups(cls, groups):
        groups = tuple(tuple(g) for g in groups if len(g) > 1)
        index = {}
        for group in groups:
            for term in group:
                key = tuple(words(term))
                if key:
                    index.setdefault(key, []).append(group)
        return cls(groups, index)

    def __contains__(self, key):
        return key in self._index

    @property
    def longest(self):
        return max((len(k) for k in self._index), default=0)

    def expansions(self, key):
        """The folded terms equivalent to the word sequence ``key`` (``key`` itself not included)."""
        found = []
        for group in self._index.get(key, ()):
            for term in group:
                term = " ".join(fold(term).split())
                if tuple(words(term)) != key and term not in found:
                    found.append(term)
        return found

    def rules(self):
        """Solr-format rules (``a, b, c``) for Elasticsearch's synonym_graph filter."""
        return [", ".join(fold(term) for term in group) for group in self.groups]


# -- query plan ---------------------------------------------------------------

@dataclass(frozen=True)
class Clause:
    """One thing the user asked for: a word or a synonym phrase, with its equivalents."""

    text: str                  # the folded text as typed, e.g. "dls" or "commission d'attribution"
    alternatives: tuple        # folded texts: the typed one first, then its synonyms
    fuzzy: tuple = ()          # typed words long enough to tolerate one typo
    related: tuple = ()        # the typed word's family (« radiation » for « radier »), weighed FAMILY_BOOST
    literal: bool = False      # a function word whose synonyms must not apply (« plus » typed in lowercase)

    @property
    def typed_words(self):
        return words(self.text)


@dataclass(frozen=True)
class QueryPlan:
    clauses: tuple
    minimum_should_match: int

    @property
    def empty(self):
        return not self.clauses

    @property
    def words(self):
        return [w for clause in self.clauses for w in clause.typed_words]

    @property
    def distinct_clauses(self):
        """Each clause once (a pasted text repeats its words): what a per-word question asks the engine."""
        return tuple(dict.fromkeys(self.clauses))

    @property
    def pairs(self):
        """Each two typed words that follow each other, for the proximity bonus (none inside one synonym phrase)."""
        if len(self.clauses) < 2:
            return []
        typed = [w for clause in self.clauses for w in clause.typed_words if w not in QUERY_STOPWORDS]
        return list(dict.fromkeys(f"{a} {b}" for a, b in zip(typed, typed[1:]) if a != b))


def minimum_should_match(count):
    """All clauses up to two, all but one up to four, then half of them plus one: a long question is not all needed."""
    if count <= 2:
        return count
    return (count + 1) // 2


def _fuzzy_words(key):
    return tuple(w for w in key if len(w) >= FUZZY_MIN_LENGTH and not w.isdigit())


def in_capitals(text):
    """The folded words typed wholly in capitals (« PLUS », « PAS »): acronyms, as the user meant them."""
    return {fold(w) for w in re.findall(r"\w{2,}", text or "") if w.isupper()}


def plan_query(text, synonyms):
    """Turn typed text into clauses both engines render the same way (longest synonym phrase first).

    A function word that is also an acronym of the trade (« plus » and the PLUS loan, « pas » and the PAS loan)
    keeps its synonyms only when typed in capitals: « je ne peux plus payer » is not about a loan."""
    typed = tokens(text or "")
    capitals = in_capitals(text)
    clauses, i = [], 0
    while i < len(typed):
        size = next((n for n in range(min(synonyms.longest, len(typed) - i), 1, -1)
                     if tuple(w for w, _s in typed[i:i + n]) in synonyms), 1)
        key = tuple(w for w, _s in typed[i:i + size])
        span = " ".join(s for _w, s in typed[i:i + size])
        function_word = size == 1 and key[0] in QUERY_STOPWORDS and key[0] not in capitals
        synonyms_of = [] if function_word else synonyms.expansions(key)
        family = relatives(key[0]) if len(key) == 1 and not synonyms_of and key[0] not in QUERY_STOPWORDS else ()
        clauses.append(Clause(span, (span, *synonyms_of), () if synonyms_of else _fuzzy_words(key), family,
                              literal=function_word and key in synonyms))
        i += size
    meaningful = [c for c in clauses if len(c.alternatives) > 1 or c.text not in QUERY_STOPWORDS]
    clauses = tuple(meaningful or clauses)
    return QueryPlan(clauses, minimum_should_match(len(clauses)))


# -- engine-specific renderings of the chain ----------------------------------

def tantivy_analyzer(stem=True):
    """The chain for tantivy: simple tokenizer, elided articles dropped, lowercase, folding, stemming."""
    import tantivy

    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.custom_stopword(list(ELISIONS)))
        .filter(tantivy.Filter.ascii_fold())
    )
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer(STEMMER_LANGUAGE))
    return builder.build()


def elasticsearch_analysis(synonyms):
    """``settings.analysis`` for Elasticsearch: the same chain, plus the synonym graph at search time."""
    folding = ["logis_elision", "lowercase", "asciifolding"]
    return {
        "filter": {
            "logis_elision": {"type": "elision", "articles_case": True, "articles": list(ELISIONS)},
            "logis_french_stemmer": {"type": "stemmer", "language": STEMMER_LANGUAGE},
            "logis_synonyms": {"type": "synonym_graph", "lenient": True, "synonyms": synonyms.rules()},
        },
        "analyzer": {
            "logis_french": {"type": "custom", "tokenizer": "standard", "filter": [*folding, "logis_french_stemmer"]},
            "logis_french_search": {
                "type": "custom", "tokenizer": "standard",
                "filter": [*folding, "logis_synonyms", "logis_french_stemmer"],
            },
            "logis_folded": {"type": "custom", "tokenizer": "standard", "filter": folding},
        },
    }
