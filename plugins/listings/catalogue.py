"""The public catalogue: the filters, sort orders and pages of the published listings.

One definition serves the public search page, the public API and the bench. It starts from
:meth:`ListingQuerySet.public`, so a draft, an expired, a let listing or one outside its
window can never come out of it, whatever the filters say. Every value is bounded before it
reaches the database.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import DecimalField, F, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from logis.accounts.models import Territory
from logis.territories.queries import reach_q
from plugins.listings.models import DwellingType, Listing, MAX_RENT, MAX_SURFACE

PER_PAGE = 12
MAX_PAGE = 500
SORTS = {
    "recent": (_("Plus récentes"), ("-published_at", "-pk")),
    "loyer": (_("Loyer croissant"), ("total", "pk")),
    "loyer-desc": (_("Loyer décroissant"), ("-total", "-pk")),
    "surface": (_("Surface décroissante"), ("-surface", "-pk")),
}
#: one listing with what a result card shows, read in one query (the first photo comes by prefetch).
CARD_RELATED = ("commune", "commune__parent", "organisation")


def _number(raw, upper):
    try:
        value = Decimal(str(raw).strip().replace(",", ".")[:12])
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and 0 <= value <= upper else None


@dataclass
class Criteria:
    """What a visitor asked for, read from a query string (web page) or an API query, already bounded."""

    place: Territory | None = None
    place_key: str = ""
    types: list = field(default_factory=list)
    rent_min: Decimal | None = None
    rent_max: Decimal | None = None
    surface_min: Decimal | None = None
    step_free: bool = False
    lift: bool = False
    sort: str = "recent"
    page: int = 1

    @classmethod
    def read(cls, params):
        place_key = str(params.get("lieu", "") or "").strip()[:80]
        try:
            page = min(MAX_PAGE, max(1, int(str(params.get("page", 1))[:6])))
        except ValueError:
            page = 1
        types = params.getlist("type") if hasattr(params, "getlist") else list(params.get("type") or [])
        sort = str(params.get("tri", "") or "recent")
        return cls(
            place=Territory.objects.named(place_key) if place_key else None, place_key=place_key,
            types=[t for t in types[:len(DwellingType.values)] if t in DwellingType.values],
            rent_min=_number(params.get("loyer_min", ""), MAX_RENT), rent_max=_number(params.get("loyer_max", ""), MAX_RENT),
            surface_min=_number(params.get("surface_min", ""), MAX_SURFACE),
            step_free=str(params.get("pmr", "")) in ("1", "on", "true"), lift=str(params.get("ascenseur", "")) in ("1", "on", "true"),
            sort=sort if sort in SORTS else "recent", page=page,
        )


def with_total(queryset):
    """Rent plus charges, the figure a visitor compares."""
    return queryset.annotate(total=F("rent") + Coalesce("charges", Value(0), output_field=DecimalField()))


def search(criteria, queryset=None, today=None):
    """The public listings matching ``criteria``, sorted; ``queryset`` narrows further (never widens)."""
    listings = with_total((queryset if queryset is not None else Listing.objects.all()).public(today))
    if criteria.place_key and criteria.place is None:
        return listings.none()  # an unknown place finds nothing, rather than everything
    if criteria.place is not None:
        listings = listings.filter(reach_q("commune", criteria.place))
    if criteria.types:
        listings = listings.filter(dwelling_type__in=criteria.types)
    if criteria.rent_min is not None:
        listings = listings.filter(total__gte=criteria.rent_min)
    if criteria.rent_max is not None:
        listings = listings.filter(total__lte=criteria.rent_max)
    if criteria.surface_min is not None:
        listings = listings.filter(surface__gte=criteria.surface_min)
    if criteria.step_free:
        listings = listings.filter(step_free=True)
    if criteria.lift:
        listings = listings.filter(lift=True)
    return listings.select_related(*CARD_RELATED).order_by(*SORTS[criteria.sort][1])


def places(today=None):
    """Departments and communes that have public listings today, for the "where" choice (two small queries)."""
    commune_ids = set(Listing.objects.public(today).values_list("commune_id", flat=True).distinct())
    communes = list(Territory.objects.filter(pk__in=commune_ids).select_related("parent").order_by("name"))
    departments = sorted({c.parent for c in communes if c.parent_id}, key=lambda t: t.name)
    return departments, communes
