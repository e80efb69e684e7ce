"""The search's part of ``logis demo``: the default synonym list, a full reindex, then the acronyms the content defines."""

from search import service, suggestions, synonyms


def load(stdout=None):
    added = synonyms.seed()
    count = service.reindex()
    learned = suggestions.learn()
    if stdout is not None:
        stdout.write(f"Recherche : {added} groupes de synonymes ajoutés, {count} documents indexés, "
                     f"{learned} sigles suggérés aux rédacteurs.")
