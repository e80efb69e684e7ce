"""Where the synonym table comes from: the admin's ``Synonym`` rows, seeded from the demo list."""

from pathlib import Path

from django.conf import settings

from search.analysis import SynonymTable, parse_synonym_line, words

DEFAULT_SYNONYMS_FILE = Path(settings.BASE_DIR) / "content" / "demo" / "synonyms.txt"


def current_table():
    """The groups editors keep in the admin, read fresh (a few dozen rows) so edits apply at once."""
    from search.models import Synonym

    return SynonymTable.from_groups(s.group for s in Synonym.objects.all())


def read_synonyms_file(path=DEFAULT_SYNONYMS_FILE):
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [group for line in lines if not line.lstrip().startswith("#") and len(group := parse_synonym_line(line)) > 1]


def seed(path=DEFAULT_SYNONYMS_FILE):
    """Fill an empty synonym table from the file; once editors own the list it is left alone. Returns rows added."""
    from search.models import Synonym

    if Synonym.objects.exists():
        return 0
    return len(Synonym.objects.bulk_create(Synonym(terms=", ".join(g)) for g in read_synonyms_file(path)))


def known_acronyms():
    """Folded acronyms the content defines (glossary, suggestions not rejected): never « corrected » as typos."""
    from content.models import GlossaryTerm
    from search.models import AcronymSuggestion

    found = {a for a in GlossaryTerm.objects.exclude(acronym="").values_list("acronym", flat=True)}
    found.update(AcronymSuggestion.objects.exclude(status=AcronymSuggestion.REJECTED).values_list("acronym", flat=True))
    return {" ".join(words(a)) for a in found}
