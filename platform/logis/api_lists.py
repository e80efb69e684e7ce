"""Lists for plugin APIs: one paginator, one scoped filter, so every plugin's list routes answer alike.

A list route returns a queryset; :class:`LimitOffset` (through django-ninja's
``@paginate``) reads ``limit`` and ``offset``, both bounded so that no
request reaches the database with an absurd number, and answers
``{"count": n, "items": [...]}``. Out of bounds is a 422 with a French
message (the core API translates pydantic's). :func:`scoped_list` is the
scope and the filters in one call: rows the user may see, narrowed by a
django-ninja ``FilterSchema``.
"""

from ninja import Field, Schema
from ninja.pagination import PaginationBase

from logis.accounts.scoping import scope_for

#: Largest page a route serves.
MAX_LIMIT = 100
#: Deepest offset served: bounded so that it never overflows the database's 64-bit integers.
MAX_OFFSET = 100_000
#: Largest id a database column holds (64-bit): use it as ``le=`` on an id filter, a bigger one is a 422.
MAX_ID = 2**63 - 1


class LimitOffset(PaginationBase):
    """``?limit=`` (1 to :data:`MAX_LIMIT`, 50 by default) and ``?offset=`` (0 to :data:`MAX_OFFSET`).

    ``@paginate(LimitOffset)`` answers ``{"count", "items"}``;
    ``@paginate(LimitOffset, envelope=False)`` answers the page as a bare list,
    for a route whose callers already read a list.
    """

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description="Nombre de résultats par page.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Nombre de résultats à sauter.")

    def __init__(self, envelope=True, **kwargs):
        super().__init__(**kwargs)
        self.envelope = envelope
        if not envelope:
            self.Output = None  # django-ninja then keeps the route's own list schema

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = queryset[pagination.offset:pagination.offset + pagination.limit]
        if not self.envelope:
            return list(page)
        return {"items": page, "count": self._items_count(queryset)}


def scoped_list(user, permission, queryset, filters=None):
    """The rows of ``queryset`` ``user`` may see with ``permission`` (403 in French otherwise), narrowed by ``filters``.

    ``filters`` is a django-ninja ``FilterSchema``: each field names its
    look-up (``Annotated[str | None, FilterLookup("commune__code")]``), unset
    fields filter nothing.
    """
    rows = scope_for(user, permission, rows=True).filter(queryset)
    return filters.filter(rows) if filters is not None else rows
