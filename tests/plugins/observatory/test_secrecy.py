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

from logis.accounts.models import RoleAssignment, Territory
from logis.accounts.scoping import Scope
from plugins.observatory import consolidation, secrecy
from plugins.observatory.consolidation import ALL, PART
from plugins.observatory.models import Campaign, Operation, Sheet
from tests.plugins.observatory.conftest import YEAR, operation, validated

pytestmark = pytest.mark.django_db

MARCH, JULY = datetime.date(YEAR, 3, 1), datetime.date(YEAR, 7, 1)
LYON_EPCI, GRENOBLE_EPCI = "FR/84/69/200046977", "FR/84/38/200040715"


def test_a_cell_needs_three_organisations_none_above_85_percent():
    assert secrecy.sensitive({1: (1, 10), 2: (1, 10)})
    assert not secrecy.sensitive({1: (1, 10), 2: (1, 10), 3: (1, 10)})
    assert secrecy.sensitive({1: (1, 90), 2: (1, 5), 3: (1, 5)})        # one holds 90 % of the units
    assert not secrecy.sensitive({1: (1, 10)}, private={1})              # one's own figures
    assert secrecy.sensitive({1: (1, 10), 2: (1, 10), 3: (1, 10)}, private={1, 2})  # own share subtracted: one left


def test_a_line_never_hides_a_single_term():
    cells = {"total": {1: (1,), 2: (1,), 3: (1,), 4: (1,)}, "a": {1: (1,)}, "b": {2: (1,), 3: (1,), 4: (1,)}}
    assert secrecy.suppress(cells, [("total", ["a", "b"])]) == {"a", "b"}


COMMUNES = {"Lyon Métropole Habitat": "FR/84/69/69123", "Alliade Habitat": "FR/84/69/69123", "Est Métropole Habitat": "FR/84/69/69266",
            "Isère Habitat": "FR/84/38/38185", "Paris Habitat": "FR/11/75/75056"}  # Grenoble Habitat's: not given


def test_a_known_total_makes_its_line_hide_the_members_and_a_known_member_the_total():
    cells = {"total": {1: (1,), 2: (1,), 3: (1,), 4: (1,)}, "a": {1: (1,)}, "b": {2: (1,), 3: (1,), 4: (1,)}}
    assert secrecy.suppress(cells, [("total", ["a", "b"])], known={"total"}) == {"a", "b"}
    # "a" is the reader's own: he knows it, so hiding "b" alone would not do: the total goes too.
    assert secrecy.suppress(cells, [("total", ["a", "b"])], private={1}) == set()
    two = {"total": {1: (1,), 2: (1,), 3: (1,)}, "a": {1: (1,)}, "b": {2: (1,), 3: (1,)}}
    assert secrecy.suppress(two, [("total", ["a", "b"])], private={1}) == {"b", "total"}
    # A total known from elsewhere with one member: the member is known too, never hidden.
    assert secrecy.suppress({"total": {1: (1,)}, "a": {1: (1,)}}, [("total", ["a"])], known={"total"}) == set()
    assert secrecy.suppress(cells, [("total", ["a", "b"])], secret={"total"}) == {"total", "a", "b"}


def _fill(observatory):
    """Rhône: three organisations; Isère: two; Paris: one (another region) — two kinds, two checkpoints, located in EPCIs."""
    plan = {"Lyon Métropole Habitat": 12, "Alliade Habitat": 9, "Est Métropole Habitat": 11,
            "Grenoble Habitat": 8, "Isère Habitat": 10, "Paris Habitat": 14}
    for index, (name, units) in enumerate(plan.items()):
        commune = Territory.objects.get(path=COMMUNES[name]) if name in COMMUNES else None
        validated(observatory.sheet(name), [
            operation("N1", units=units, started_on=MARCH, commune=commune),
            operation("R1", units=units + 1, kind="rehabilitation", started_on=JULY if index % 2 else MARCH, commune=commune),
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


def _derivable_organisations(result, scope, public=None):
    """Organisations, other than the reader's own, one of whose figures follows from all he sees (by any differencing).

    What he sees: the cells of his reach (``result``), the national figures
    every professional sees (``public``), and his own organisations' sheets,
    operation by operation.
    """
    regions = {d.path: d.parent.path for d in Territory.objects.filter(kind="department").select_related("parent")}
    reach = set(scope.filter(Operation.objects.all()).values_list("pk", flat=True))
    unknowns = [(o.sheet.organisation_id, o.sheet.department.path, o.commune.epci.path if o.commune and o.commune.epci else None,
                 o.kind, o.started_on, o.pk in reach)
                for o in Operation.objects.filter(sheet__status=Sheet.Status.VALIDATED).select_related(
                    "sheet__department", "commune__epci").order_by("pk")]
    periods = result.checkpoints["OBS-2026"]

    def covers(key, unknown, national=False):
        _code, territory, kind, period = key
        _org, department, epci, op_kind, day, reached = unknown
        index = next(i for i, due in enumerate(periods) if day <= due)
        places = (ALL,) if national else (ALL, department, regions[department], epci)
        return (national or reached) and territory in places and kind in (ALL, op_kind) and period in (ALL, index)

    published = [[1 if covers(key, u) else 0 for u in unknowns] for key, cell in result.cells.items() if not cell.hidden]
    if public is not None:
        published += [[1 if covers(key, u, national=True) else 0 for u in unknowns] for key, cell in public.cells.items() if not cell.hidden]
    private = consolidation.private_organisations(scope)
    published += [[1 if i == j else 0 for j in range(len(unknowns))] for i, u in enumerate(unknowns) if u[0] in private]
    full = _rank(published)
    derivable = set()
    for org in {u[0] for u in unknowns} - private:
        others = [[v for v, u in zip(row, unknowns) if u[0] != org] for row in published]
        if _rank(others) < full:
            derivable.add(org)
    return derivable


@pytest.mark.parametrize("login, role, holder, published", [
    ("national", "observatory.national", "Union sociale pour l'habitat", True),
    ("federation", "observatory.federation", "Fédération des OPH", True),
    # The country minus Auvergne-Rhône-Alpes is Paris Habitat alone: the region's own total is secret to its association.
    ("ar", "observatory.regional_association", "AR Hlm Auvergne-Rhône-Alpes", False),
])
def test_no_organisation_s_figures_can_be_derived_from_what_a_level_sees(observatory, person, login, role, holder, published):
    _fill(observatory)
    user = person(login, role, observatory.territories.organisation(holder))
    scope = Scope.for_user(user, "observatory.consolidated")
    result = consolidation.consolidate(scope, Campaign.objects.all())
    assert result.cell("OBS-2026").hidden is not published
    assert _derivable_organisations(result, scope, consolidation.national(Campaign.objects.all())) == set()


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
    assert set(result.territories) == {"FR/84", "FR/84/69", "FR/84/38", LYON_EPCI, GRENOBLE_EPCI}
    national = result.cell("OBS-2026")
    assert national.hidden or national.figures[0] == 10  # five organisations × two operations in the region


def test_an_organisation_sees_its_own_figures_unsuppressed(observatory, person):
    _fill(observatory)
    referent = person("ref", "observatory.organisation", observatory.landlords["Paris Habitat"])
    result = consolidation.consolidate(Scope.for_user(referent, "observatory.consolidated"), Campaign.objects.all())
    assert result.cell("OBS-2026").figures[:2] == (2, 14 + 15)
    assert set(result.territories) == {"FR/11", "FR/11/75", "FR/11/75/200054781"}


DOUBLE = [("observatory.organisation", "Lyon Métropole Habitat"), ("observatory.federation", "Fédération des ESH")]


def _double(person, observatory):
    """A referent of Lyon Métropole Habitat (OPH) who is also a member of the ESH federation."""
    user = person("double", *DOUBLE[0][:1], observatory.landlords["Lyon Métropole Habitat"])
    RoleAssignment.objects.create(user=user, role=DOUBLE[1][0], organisation=observatory.territories.organisation(DOUBLE[1][1]))
    return user


@pytest.mark.parametrize("roles", [DOUBLE, DOUBLE[:1], DOUBLE[1:],
                                   [("observatory.regional_association", "AR Hlm Auvergne-Rhône-Alpes"), ("observatory.organisation", "Paris Habitat")]])
def test_no_organisation_s_figures_follow_from_all_a_person_sees_whatever_his_roles(observatory, person, roles):
    _fill(observatory)
    user = person("reader")
    for role, holder in roles:
        organisation = observatory.landlords.get(holder) or observatory.territories.organisation(holder)
        RoleAssignment.objects.create(user=user, role=role, organisation=organisation)
    scope = Scope.for_user(user, "observatory.consolidated")
    result = consolidation.consolidate(scope, Campaign.objects.all())
    assert _derivable_organisations(result, scope, consolidation.national(Campaign.objects.all())) == set()


def _subtraction_data(observatory):
    """New builds started by March everywhere but at Grenoble Habitat: outside the double reader's reach, Paris Habitat alone."""
    units = {"Lyon Métropole Habitat": 12, "Alliade Habitat": 9, "Est Métropole Habitat": 11, "Isère Habitat": 10, "Paris Habitat": 14}
    for name, n in units.items():
        validated(observatory.sheet(name), [operation("N1", units=n, cost=n * 100_000, started_on=MARCH)])
    return units


def test_a_referent_who_is_a_federation_member_cannot_subtract_his_figures_from_the_national_ones(observatory, person, client):
    units = _subtraction_data(observatory)
    client.force_login(_double(person, observatory))
    national = {(c["period"], c["kind"]): c for c in client.get("/api/observatory/national?campaign=OBS-2026").json()}
    mine = {(c["period"], c["kind"]): c for c in client.get("/api/observatory/consolidation?campaign=OBS-2026&level=national").json()}
    april = f"{observatory.campaign.checkpoints.all()[1].due_on:%d/%m/%Y}"
    assert national[(april, "new_build")]["figures"]["units"] == sum(units.values())  # published to every professional
    assert mine[(april, "new_build")]["hidden"] and mine[("année", "*")]["hidden"]
    for level in ("national", "region", "department", "epci"):  # every level of his against the national figures
        for cell in client.get(f"/api/observatory/consolidation?campaign=OBS-2026&level={level}").json():
            total = national[(cell["period"], cell["kind"])]
            if not cell["hidden"] and not total["hidden"]:
                assert total["figures"]["units"] - cell["figures"]["units"] != units["Paris Habitat"], (level, cell)


def test_without_the_national_figures_in_his_table_the_subtraction_gives_paris_habitat(observatory, person):
    """The test above can fail: his reach suppressed alone publishes a total that the national one differences into Paris."""
    units = _subtraction_data(observatory)
    scope = Scope.for_user(_double(person, observatory), "observatory.consolidated")
    result, cells = consolidation.contributions(scope, Campaign.objects.all())
    alone = consolidation.publish(result, cells, secrecy.suppress(cells, consolidation.lines(result, cells),
                                                                  consolidation.private_organisations(scope)))
    public = consolidation.national(Campaign.objects.all())
    assert public.cell("OBS-2026", ALL, "new_build", 1).figures[1] - alone.cell("OBS-2026", ALL, "new_build", 1).figures[1] == units["Paris Habitat"]
    assert observatory.landlords["Paris Habitat"].pk in _derivable_organisations(alone, scope, public)


def test_the_national_figures_are_the_same_for_everyone_and_only_the_country_s(observatory, person):
    _fill(observatory)
    public = consolidation.national(Campaign.objects.all())
    assert {key[1] for key in public.cells} == {ALL} and not public.territories
    assert public.cell("OBS-2026").figures[:2] == (12, sum(2 * n + 1 for n in (12, 9, 11, 8, 10, 14)))
    assert _derivable_organisations(public, Scope.for_user(person("nobody"), "observatory.consolidated"), public) == set()


def test_epci_cells_add_up_to_their_department_with_the_operations_without_commune(observatory, person):
    _fill(observatory)
    union = person("national", "observatory.national", observatory.territories.organisation("Union sociale pour l'habitat"))
    scope = Scope.for_user(union, "observatory.consolidated")
    result, cells = consolidation.contributions(scope, Campaign.objects.all())
    assert len(cells[("OBS-2026", LYON_EPCI, ALL, ALL)]) == 3  # Lyon, Alliade (Lyon), Est Métropole (Villeurbanne)
    isere = cells[("OBS-2026", "FR/84/38", ALL, ALL)]
    parts = [cells[("OBS-2026", f"FR/84/38|{GRENOBLE_EPCI}", ALL, ALL)], cells[("OBS-2026", "FR/84/38|", ALL, ALL)]]
    assert set(isere) == set(parts[0]) | set(parts[1])  # Isère Habitat in Grenoble's EPCI, Grenoble Habitat without commune
    shown = consolidation.consolidate(scope, Campaign.objects.all())
    assert shown.territories_at("epci") == ["FR/11/75/200054781", GRENOBLE_EPCI, LYON_EPCI]
    assert not any(PART in key[1] for key in shown.cells)
    # The country minus Auvergne-Rhône-Alpes is Paris Habitat: the region, its departments and their EPCIs are secret.
    assert shown.cell("OBS-2026", "FR/84").hidden and shown.cell("OBS-2026", LYON_EPCI).hidden


def test_an_epci_s_figures_are_published_where_they_single_out_nobody(observatory, client, person):
    for name in ("Lyon Métropole Habitat", "Alliade Habitat", "Est Métropole Habitat"):
        commune = Territory.objects.get(path=COMMUNES[name])
        validated(observatory.sheet(name), [operation("N1", units=10, started_on=MARCH, commune=commune)])
    client.force_login(person("national", "observatory.national", observatory.territories.organisation("Union sociale pour l'habitat")))
    cells = client.get("/api/observatory/consolidation?campaign=OBS-2026&level=epci").json()
    lyon = next(c for c in cells if c["territory"] == LYON_EPCI and c["period"] == "année" and c["kind"] == ALL)
    assert (lyon["territory_name"], lyon["organisations"], lyon["figures"]["units"]) == ("Métropole de Lyon", 3, 30)
    response = client.get("/admin/observatoire/consolidation/?campaign=OBS-2026&level=epci&export=csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert any(line.startswith("OBS-2026;année;200046977;Métropole de Lyon;Toutes natures;3;3;30;") for line in lines)
