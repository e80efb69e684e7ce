"""Territory look-ups every area shares: what lies within a territory, finding one by what people type.

``Territory.objects.within(t)`` is the one way to say "this territory and
below" (an EPCI's members included); ``search(text)`` backs the autocompletes.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Case, IntegerField, Q, Value, When

from logis.territories.names import fold
from logis.territories.resolve import resolve

MAX_QUERY_WORDS = 8


def within_q(path_field, *paths):
    """Rows whose plain path column ``path_field`` (``"territory_path"``, ``"commune__path"``…) is one of ``paths``
    or lies below one of them; no path, no row."""
    parts = [Q(**{path_field: path}) | Q(**{f"{path_field}__startswith": path + "/"}) for path in paths]
    return reduce(or_, parts) if parts else Q(pk__in=[])


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

    def within(self, *territories):
        """These territories (objects or paths) and everything below them (for an EPCI: its members and their
        subdivisions); none given, none returned."""
        parts = [subtree_q("", t) if isinstance(t, str) else reach_q("", t) for t in territories]
        return self.filter(reduce(or_, parts)) if parts else self.none()

    def named(self, key, kind=None):
        """The territory a natural key names: its path (``FR/84/69/69123``) or its official code; ``None`` if unknown.

        A code is unique only within its parent, so a code shared by several
        territories of the same level names none rather than a guess; between
        levels, the most precise one wins (a commune before its department).
        """
        key = (key or "").strip()
        if not key or len(key) > 80:
            return None
        if "/" in key:
            return self.filter(path=key).first()
        candidates = self.filter(code=key)
        if kind:
            candidates = candidates.filter(kind=kind)
        candidates = sorted(candidates[:10], key=lambda t: -t.path.count("/"))
        if not candidates or (len(candidates) > 1 and candidates[0].kind == candidates[1].kind):
            return None
        return candidates[0]

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
