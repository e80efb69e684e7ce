"""Territory look-ups every area shares: what lies within a territory, finding one by what people type.

``Territory.objects.within(t)`` is the one way to say "this territory and
below" (an EPCI's members included); ``search(text)`` backs the autocompletes.
"""

from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When

from logis.territories.names import fold
from logis.territories.resolve import resolve

MAX_QUERY_WORDS = 8


def subtree_q(field, path):
    """Rows whose ``field`` territory is ``path`` or lies below it (``field=""``: territories themselves)."""
    prefix = f"{field}__" if field else ""
    return Q(**{f"{prefix}path": path}) | Q(**{f"{prefix}path__startswith": path + "/"})


def reach_q(field, territory):
    """Rows attached to ``territory`` or below; for an EPCI, to its member communes and what lies below them."""
    if territory.kind != "epci":
        return subtree_q(field, territory.path)
    prefix = f"{field}__" if field else ""
    own = Q(**{field: territory.pk}) if field else Q(pk=territory.pk)
    return own | Q(**{f"{prefix}epci": territory.pk}) | Q(**{f"{prefix}parent__epci": territory.pk})


class TerritoryQuerySet(models.QuerySet):
    def reach_q(self, territory):
        return reach_q("", territory)

    def within(self, territory):
        """``territory`` and everything below it (for an EPCI: its members and their subdivisions)."""
        return self.filter(reach_q("", territory))

    def resolve(self, code="", postcode="", name=""):
        """The one commune among these territories meant by an import's columns (see :mod:`logis.territories.resolve`)."""
        return resolve(self, code=code, postcode=postcode, name=name)

    def search(self, text):
        """Territories whose names, code or postcode start with each word typed, biggest places first.

        "st etienne" finds Saint-Étienne before Saint-Étienne-de-Baïgorry; "35000" finds Rennes.
        """
        words = fold(text).split()[:MAX_QUERY_WORDS]
        if not words:
            return self.none()
        matches = self
        for word in words:
            matches = matches.filter(search_text__contains=f" {word}")
        exact = f" {' '.join(words)} |"
        return matches.annotate(
            exactness=Case(When(search_text__startswith=exact, then=Value(0)), default=Value(1), output_field=IntegerField()),
        ).order_by("exactness", models.F("population").desc(nulls_last=True), "path")
