"""Acronym suggestions: read from the glossary and the indexed text, accepted or rejected by editors.

An accepted pair joins the synonym group of its acronym (or starts one), so it
reaches both engines the way every synonym does: read at query time by the
embedded engine, pushed into Elasticsearch's analyzers by the synonym signal.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from search import service
from search.acronyms import find_pairs, is_acronym
from search.analysis import words
from search.models import AcronymSuggestion, Synonym
from search.synonyms import current_table


def pair_key(acronym, expansion):
    """The pair as both engines see it (folded, without elided articles): one suggestion per key."""
    return f"{' '.join(words(acronym))}={' '.join(words(expansion))}"[:300]


def glossary_pairs():
    """``(acronym, expansion, origin, url)`` from the glossary: its acronym/expansion fields and its definitions."""
    from content.models import GlossaryTerm

    for term in GlossaryTerm.objects.all():
        acronym = term.acronym or (term.term if is_acronym(term.term) else "")
        if acronym and term.expansion and is_acronym(acronym):
            yield acronym, term.expansion, str(term), ""
        for found, expansion in find_pairs(f"{term.term}\n{strip_tags(term.definition)}"):
            yield found, expansion, str(term), ""


def page_pairs():
    """``(acronym, expansion, origin, url)`` defined in the text of every indexed document (pages and plugin records)."""
    for _key, doc in service.all_documents():
        for acronym, expansion in find_pairs(f"{doc.title}\n{doc.summary}\n{doc.body}"):
            yield acronym, expansion, doc.title, doc.url


def learn():
    """Record the pairs not yet suggested nor already in the synonym list; returns how many are new."""
    table = current_table()
    known = set(AcronymSuggestion.objects.values_list("key", flat=True))
    new = []
    for source, pairs in ((AcronymSuggestion.GLOSSARY, glossary_pairs()), (AcronymSuggestion.PAGE, page_pairs())):
        for acronym, expansion, origin, url in pairs:
            key = pair_key(acronym, expansion)
            folded = " ".join(words(expansion))
            if key in known or folded in table.expansions(tuple(words(acronym))):
                continue
            known.add(key)
            new.append(AcronymSuggestion(acronym=acronym[:40], expansion=expansion[:255], key=key, source=source,
                                         origin=origin[:255], origin_url=url[:500]))
    AcronymSuggestion.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def accept(suggestion):
    """Add the long form to its acronym's synonym group (the first one holding the acronym), or start a group."""
    acronym = tuple(words(suggestion.acronym))
    group = next((s for s in Synonym.objects.select_for_update() if acronym in {tuple(words(t)) for t in s.group}), None)
    terms = f"{group.terms}, {suggestion.expansion}" if group else f"{suggestion.acronym}, {suggestion.expansion}"
    if group and len(terms) <= Synonym._meta.get_field("terms").max_length:
        group.terms = terms
        group.save()
    elif not Synonym.objects.filter(terms=f"{suggestion.acronym}, {suggestion.expansion}").exists():
        Synonym.objects.create(terms=f"{suggestion.acronym}, {suggestion.expansion}")
    _decide(suggestion, AcronymSuggestion.ACCEPTED)


def reject(suggestion):
    _decide(suggestion, AcronymSuggestion.REJECTED)


def _decide(suggestion, status):
    suggestion.status = status
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_at"])
