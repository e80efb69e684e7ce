"""Acronym ↔ long form pairs found in running French text.

Pages and the glossary define their acronyms the way writers do: a long
form followed by its acronym in brackets (« commission d'attribution des
logements et d'examen de l'occupation des logements (CALEOL) ») or the
reverse (« le NUD (numéro unique départemental) »). A pair is kept only when
the acronym's letters are, in order, the initials of the long form's words
(Schwartz & Hearst, 2003, with French function words allowed to carry a
letter only when the content words cannot: « droit au logement opposable »
for DALO). These pairs become suggestions editors accept or reject
(:mod:`search.suggestions`); nothing found here reaches a query unreviewed.
"""

import re

from search.analysis import ELISIONS, fold

MAX_LETTERS = 10
#: Words a long form may skip without them carrying a letter (« quartier prioritaire DE LA politique… »).
FUNCTION_WORDS = frozenset("a au aux d de des du en et l la le les par pour sur un une".split())
#: Content words a long form may hold beyond the acronym's letters (« quartier PRIORITAIRE de la politique de la ville »).
MAX_UNMATCHED = 2

_ACRONYM = re.compile(r"[A-Z][A-Za-z]{1,%d}" % (MAX_LETTERS - 1))
_WORD = re.compile(r"[^\W\d_](?:[\w’'-]*\w)?")
_BRACKETS = re.compile(r"\(([^()]{1,200})\)")
_SENTENCE_END = re.compile(r"[.;:!?()\n\[\]«»]")
_ELIDED = re.compile(r"^(?:%s)['’]" % "|".join(ELISIONS), re.IGNORECASE)


def is_acronym(word):
    """Two to ten letters, starting and mostly written in capitals: « CALEOL », « EPCI », « PdL » but not « Caf »."""
    return bool(_ACRONYM.fullmatch(word)) and sum(c.isupper() for c in word) >= max(2, len(word) - 1)


def _match(letters, words):
    """How costly a reading is when the initials of ``words`` spell ``letters`` (lower is better), or ``None``.

    The cost is ``(function words carry letters, content words left out)``.

    The first word carries the first letter and the last word the last one; between them a word
    needs not carry a letter, but at most ``MAX_UNMATCHED`` content words may be left out. Function
    words carry a letter only when no reading without them exists.
    """
    if not words or len(letters) > len(words):
        return None
    folded = [fold(_ELIDED.sub("", w)) for w in words]
    for allow_function_words in (False, True):
        best = None

        def walk(li, wi, skipped):
            nonlocal best
            if li == len(letters) - 1:       # the last letter belongs to the last word
                if folded[-1][:1] == letters[li] and all(
                        f in FUNCTION_WORDS for f in folded[wi:-1]) and (best is None or skipped < best):
                    best = skipped
                return
            for j in range(wi, len(words) - 1):
                if folded[j][:1] == letters[li] and (allow_function_words or folded[j] not in FUNCTION_WORDS):
                    walk(li + 1, j + 1, skipped)
                if folded[j] not in FUNCTION_WORDS:
                    skipped += 1
                    if skipped > MAX_UNMATCHED:
                        return

        if folded[0][:1] == letters[0] and (allow_function_words or folded[0] not in FUNCTION_WORDS):
            if len(letters) == 1:
                return (allow_function_words, 0)
            walk(1, 1, 0)
        if best is not None:
            return (allow_function_words, best)
    return None


def _long_form(words):
    return _ELIDED.sub("", " ".join(words))


def long_form_before(acronym, text):
    """The long form that ends ``text`` (what precedes « (ACRONYM) »), or ``None``.

    Of the readings that fit, the one leaving out the fewest content words wins, then the shortest.
    """
    letters = fold(acronym)
    words = _WORD.findall(_SENTENCE_END.split(text)[-1])
    limit = min(len(letters) + 5, 2 * len(letters)) + MAX_UNMATCHED
    readings = []
    for start in range(max(0, len(words) - limit), len(words)):
        cost = _match(letters, words[start:])
        if cost is not None:
            readings.append((cost, len(words) - start, start))
    if not readings:
        return None
    return _long_form(words[min(readings)[2]:])


def long_form_after(acronym, text):
    """The long form that opens ``text`` (what is inside « ACRONYM (…) »), or ``None``."""
    words = _WORD.findall(re.split(r"[,;:.]", text)[0])
    return _long_form(words) if _match(fold(acronym), words) is not None else None


def find_pairs(text):
    """``[(acronym, long form)]`` defined in ``text``, in both orders, each pair once."""
    pairs = []
    for bracket in _BRACKETS.finditer(text or ""):
        inner, before = bracket.group(1).strip(), text[:bracket.start()].rstrip()
        pair = None
        if is_acronym(inner):
            long_form = long_form_before(inner, before)
            pair = (inner, long_form) if long_form else None
        else:
            last = re.search(r"(\w+)$", before)
            if last and is_acronym(last.group(1)):
                long_form = long_form_after(last.group(1), inner)
                pair = (last.group(1), long_form) if long_form else None
        if pair and pair not in pairs:
            pairs.append(pair)
    return pairs
