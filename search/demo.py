"""The search's part of ``logis demo``: the default synonym list, then a full reindex."""

from search import service, synonyms


def load(stdout=None):
    added = synonyms.seed()
    count = service.reindex()
    if stdout is not None:
        stdout.write(f"Recherche : {added} groupes de synonymes ajoutés, {count} documents indexés.")
