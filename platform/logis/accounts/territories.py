"""Territory look-ups every area shares: "this territory and below", and a territory named by a natural key.

``path`` holds the codes from the country down, so a subtree is one indexed
prefix filter; :func:`within_q` writes it once for the scoping service, the
audit, matching and imports alike.
"""

from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q


def within_q(path_field, *paths):
    """Q for rows whose territory path (``path_field``: ``"path"``, ``"commune__path"``, ``"territory_path"``…)
    is one of ``paths`` or lies below one of them; no path, no row."""
    parts = [Q(**{path_field: path}) | Q(**{f"{path_field}__startswith": path + "/"}) for path in paths]
    return reduce(or_, parts) if parts else Q(pk__in=[])


def _path(territory):
    return territory if isinstance(territory, str) else territory.path


class TerritoryQuerySet(models.QuerySet):
    def within(self, *territories):
        """These territories (objects or paths) and every territory below them."""
        return self.filter(within_q("path", *(_path(t) for t in territories)))

    def resolve(self, key, kind=None):
        """The territory a natural key names: its path (``FR/84/69/69123``) or its official code; ``None`` if unknown.

        A code is unique only within its parent, so a code shared by several
        territories of the same level resolves to none rather than to a guess;
        between levels, the most precise one wins (a commune before its department).
        """
        key = (key or "").strip()
        if not key or len(key) > 80:
            return None
        if "/" in key:
            return self.filter(path=key).first()
        candidates = self.filter(code=key)
        if kind:
            candidates = candidates.filter(kind=kind)
        candidates = sorted(candidates[:10], key=lambda t: -t.DEPTH[t.kind])
        if not candidates or (len(candidates) > 1 and candidates[0].kind == candidates[1].kind):
            return None
        return candidates[0]
