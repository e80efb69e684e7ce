"""Statistical secrecy: the 3-and-85 % rule, and a proof that no published set of figures yields one organisation's.

The proof is linear algebra over the real consolidation: every published cell
is an equation "sum of these organisations' contributions = value". One
organisation's figures can be derived (by differencing any number of totals)
exactly when some combination of those equations involves that organisation
alone, i.e. when dropping its unknowns lowers the rank of the system.
"""

import datetime
from fractions import Fraction

import pytest

from logis.accounts.models import Territory
from logis.accounts.scoping import Scope
from plugins.observatory import consolidation, secrecy
from plugins.observatory.consolidation import ALL
from plugins.observatory.models import Campaign, Sheet
from tests.plugins.observatory.conftest import YEAR, operation, validated

pytestmark = pytest.mark.django_db

MARCH, JULY = datetime.date(YEAR, 3, 1), datetime.date(YEAR, 7, 1)


def test_a_cell_needs_three_organisations_none_above_85_percent():
    assert secrecy.sensitive({1: (1, 10), 2: (1, 10)})
    assert not secrecy.sensitive({1: (1, 10), 2: (1, 10), 3: (1, 10)})
    assert secrecy.sensitive({1: (1, 90), 2: (1, 5), 3: (1, 5)})        # one holds 90 % of the units
    assert not secrecy.sensitive({1: (1, 10)}, private={1})              # one's own figures
    assert secrecy.sensitive({1: (1, 10), 2: (1, 10), 3: (1, 10)}, private={1, 2})  # own share subtracted: one left


def test_a_line_never_hides_a_single_term():
    cells = {"total": {1: (1,), 2: (1,), 3: (1,), 4: (1,)}, "a": {1: (1,)}, "b": {2: (1,), 3: (1,), 4: (1,)}}
    assert secrecy.suppress(cells, [("total", ["a", "b"])]) == {"a", "b"}


def _fill(observatory):
    """Rhône: three organisations; Isère: two; Paris: one (another region) — two kinds, two checkpoints."""
    plan = {"Lyon Métropole Habitat": 12, "Alliade Habitat": 9, "Est Métropole Habitat": 11,
            "Grenoble Habitat": 8, "Isère Habitat": 10, "Paris Habitat": 14}
    for index, (name, units) in enumerate(plan.items()):
        validated(observatory.sheet(name), [
            operation("N1", units=units, started_on=MARCH),
            operation("R1", units=units + 1, kind="rehabilitation", started_on=JULY if index % 2 else MARCH),
        ])


def _rank(rows):
    rows = [[Fraction(v) for v in row] for row in rows if any(row)]
    rank, width = 0, len(rows[0]) if rows else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column]:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank])]
        rank += 1
    return rank


def _derivable_organisations(result, scope):
    """Organisations in ``scope`` one of whose figures follows from the published cells (by any differencing)."""
    regions = {d.path: d.parent.path for d in Territory.objects.filter(kind="department").select_related("parent")}
    unknowns = sorted({(s.organisation_id, s.department.path, o.kind, o.started_on)
                       for s in scope.filter(Sheet.objects.filter(status=Sheet.Status.VALIDATED)).select_related("department")
                       for o in s.operations.all()}, key=str)
    periods = result.checkpoints["OBS-2026"]

    def covers(key, unknown):
        _code, territory, kind, period = key
        _org, department, op_kind, day = unknown
        index = next(i for i, due in enumerate(periods) if day <= due)
        return (territory in (ALL, department, regions[department]) and kind in (ALL, op_kind) and period in (ALL, index))

    published = [[1 if covers(key, u) else 0 for u in unknowns] for key, cell in result.cells.items() if not cell.hidden]
    full = _rank(published)
    derivable = set()
    for org in {u[0] for u in unknowns}:
        others = [[v for v, u in zip(row, unknowns) if u[0] != org] for row in published]
        if _rank(others) < full:
            derivable.add(org)
    return derivable


@pytest.mark.parametrize("login, role, holder", [
    ("national", "observatory.national", "Union sociale pour l'habitat"),
    ("federation", "observatory.federation", "Fédération des OPH"),
    ("ar", "observatory.regional_association", "AR Hlm Auvergne-Rhône-Alpes"),
])
def test_no_organisation_s_figures_can_be_derived_from_what_a_level_sees(observatory, person, login, role, holder):
    _fill(observatory)
    user = person(login, role, observatory.territories.organisation(holder))
    scope = Scope.for_user(user, "observatory.consolidated")
    result = consolidation.consolidate(scope, Campaign.objects.all())
    assert not result.cell("OBS-2026").hidden  # the level's own total is published
    assert _derivable_organisations(result, scope) == set()


def test_without_secondary_suppression_paris_would_be_the_country_minus_the_region(observatory, person):
    """The proof can fail: with primary suppression alone, Paris Habitat is the country minus Auvergne-Rhône-Alpes."""
    _fill(observatory)
    user = person("national", "observatory.national", observatory.territories.organisation("Union sociale pour l'habitat"))
    scope = Scope.for_user(user, "observatory.consolidated")
    result, cells = consolidation.contributions(scope, Campaign.objects.all())
    primary_only = consolidation.publish(result, cells, secrecy.suppress(cells, lines=[]))
    assert observatory.landlords["Paris Habitat"].pk in _derivable_organisations(primary_only, scope)


def test_a_level_sees_only_its_reach_in_the_consolidation(observatory, person):
    _fill(observatory)
    ar = person("ar", "observatory.regional_association", observatory.territories.organisation("AR Hlm Auvergne-Rhône-Alpes"))
    result = consolidation.consolidate(Scope.for_user(ar, "observatory.consolidated"), Campaign.objects.all())
    assert set(result.territories) == {"FR/84", "FR/84/69", "FR/84/38"}
    national = result.cell("OBS-2026")
    assert national.hidden or national.figures[0] == 10  # five organisations × two operations in the region


def test_an_organisation_sees_its_own_figures_unsuppressed(observatory, person):
    _fill(observatory)
    referent = person("ref", "observatory.organisation", observatory.landlords["Paris Habitat"])
    result = consolidation.consolidate(Scope.for_user(referent, "observatory.consolidated"), Campaign.objects.all())
    assert result.cell("OBS-2026").figures[:2] == (2, 14 + 15)
    assert set(result.territories) == {"FR/11", "FR/11/75"}
