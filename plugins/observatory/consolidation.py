"""Consolidated figures by territory, kind and checkpoint, computed from the validated sheets a scope reaches.

One cube per campaign: departments roll up into their region and the
country, kinds into "all kinds", checkpoints into the year; an operation
counts at the first checkpoint on or after its date (start of works or
delivery, by ``stage``). Every screen, chart, export and API route reads the
same cube with secrecy applied (``secrecy.suppress``), so no two of them can
be differenced into a hidden figure. Campaigns never share a line: the figures
of one campaign are the same whichever others are asked with it.
Reads are a constant four queries, whatever the number of sheets.
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field

from logis.accounts.models import Territory
from logis.accounts.roles import Reach
from plugins.observatory import secrecy
from plugins.observatory.models import Campaign, Operation, OperationKind, Sheet, Stage

ALL = "*"
#: operations, units, cost, subsidies, loans, equity — in this order in every cell.
MEASURES = ("operations", *Operation.FIGURES)


@dataclass(frozen=True)
class Cell:
    campaign: str
    territory: str          # a department's or a region's path, or ALL
    kind: str               # an OperationKind, or ALL
    period: int | str       # a checkpoint's index in its campaign, or ALL
    organisations: int
    figures: tuple | None   # None when hidden (secret statistique)

    @property
    def hidden(self):
        return self.figures is None


@dataclass
class Consolidation:
    stage: str
    campaigns: list
    checkpoints: dict                       # campaign code → [due dates]
    territories: dict                       # path → (name, kind, parent path or ALL)
    cells: dict = field(default_factory=dict)   # (campaign, territory, kind, period) → Cell

    def cell(self, campaign, territory=ALL, kind=ALL, period=ALL):
        """A cell; an empty one is a zero only where its territory's yearly total is published.

        Where that total is secret (one or two organisations), even "nothing
        here" would tell what one organisation did not do.
        """
        found = self.cells.get((campaign, territory, kind, period))
        if found is not None:
            return found
        total = self.cells.get((campaign, territory, ALL, ALL))
        figures = None if total is not None and total.hidden else (0,) * len(MEASURES)
        return Cell(campaign, territory, kind, period, 0, figures)

    def territories_at(self, level):
        """Paths of the regions or departments holding figures, in path order."""
        return sorted(p for p, (_name, kind, _parent) in self.territories.items() if kind == level)


def private_organisations(scope):
    """Organisations whose own figures the reader holds anyway (his own-organisation roles)."""
    return frozenset(a.organisation_id for a, role in zip(scope.assignments, scope.roles) if role.reach == Reach.OWN_ORGANISATION)


def consolidate(scope, campaigns, stage=Stage.STARTED):
    """The suppressed cube of ``campaigns`` (a queryset) over the validated sheets ``scope`` reaches."""
    result, cells = contributions(scope, campaigns, stage)
    return publish(result, cells, secrecy.suppress(cells, lines(result), private_organisations(scope)))


def contributions(scope, campaigns, stage=Stage.STARTED):
    """The cube before secrecy: an empty :class:`Consolidation` and ``{cell key: {organisation: figures}}``."""
    campaigns = list(campaigns.prefetch_related("checkpoints"))
    dues = {c.pk: sorted(cp.due_on for cp in c.checkpoints.all()) for c in campaigns}
    codes = {c.pk: c.code for c in campaigns}
    date_field = "started_on" if stage == Stage.STARTED else "finished_on"
    rows = (scope.filter(Operation.objects.filter(sheet__status=Sheet.Status.VALIDATED, sheet__campaign__in=list(codes)))
            .filter(**{f"{date_field}__isnull": False})
            .values_list("sheet__campaign_id", "sheet__organisation_id", "sheet__department_id", "kind", date_field, *Operation.FIGURES))
    base = defaultdict(lambda: defaultdict(lambda: [0] * len(MEASURES)))
    department_ids = set()
    for campaign_id, org, department, kind, day, *figures in rows.iterator(chunk_size=5000):
        checkpoints = dues[campaign_id]
        period = min(bisect_left(checkpoints, day), len(checkpoints) - 1) if checkpoints else 0
        totals = base[(campaign_id, department, kind, period)][org]
        totals[0] += 1
        for i, value in enumerate(figures, start=1):
            totals[i] += value
        department_ids.add(department)
    territories, department_path = _territories(department_ids)
    cube = defaultdict(lambda: defaultdict(lambda: [0] * len(MEASURES)))
    for (campaign_id, department, kind, period), orgs in base.items():
        path = department_path[department]
        for t in (path, territories[path][2], ALL):
            for k in (kind, ALL):
                for p in (period, ALL):
                    cell = cube[(codes[campaign_id], t, k, p)]
                    for org, figures in orgs.items():
                        cell[org] = [a + b for a, b in zip(cell[org], figures)]
    result = Consolidation(stage, [c.code for c in campaigns], {c.code: dues[c.pk] for c in campaigns}, territories)
    return result, {key: dict(orgs) for key, orgs in cube.items()}


def publish(result, cells, hidden):
    """Fill ``result`` with the cells' totals, ``hidden`` ones without figures nor count."""
    for key, orgs in cells.items():
        figures = None if key in hidden else tuple(sum(column) for column in zip(*orgs.values()))
        result.cells[key] = Cell(*key, organisations=0 if figures is None else len(orgs), figures=figures)
    return result


def _territories(department_ids):
    """path → (name, kind, parent path) for these departments and their regions; department id → path."""
    departments = list(Territory.objects.filter(pk__in=department_ids).select_related("parent"))
    territories, paths = {}, {}
    for d in departments:
        region = d.parent.path if d.parent and d.parent.kind == Territory.Kind.REGION else ALL
        territories[d.path] = (d.name, Territory.Kind.DEPARTMENT, region)
        if region != ALL:
            territories[region] = (d.parent.name, Territory.Kind.REGION, ALL)
        paths[d.pk] = d.path
    return territories, paths


def lines(result):
    """Every additive line of the cube: (total, members)."""
    kinds = [k.value for k in OperationKind]
    regions = result.territories_at(Territory.Kind.REGION)
    children = defaultdict(list)
    for path, (_name, _kind, parent) in result.territories.items():
        children[parent].append(path)
    all_territories = [*result.territories, ALL]
    lines = []
    for code in result.campaigns:
        periods = list(range(len(result.checkpoints[code]) or 1))
        for k in [*kinds, ALL]:
            for p in [*periods, ALL]:
                for parent in [*regions, ALL]:
                    lines.append(((code, parent, k, p), [(code, child, k, p) for child in children[parent]]))
        for t in all_territories:
            for p in [*periods, ALL]:
                lines.append(((code, t, ALL, p), [(code, t, k, p) for k in kinds]))
            for k in [*kinds, ALL]:
                lines.append(((code, t, k, ALL), [(code, t, k, p) for p in periods]))
    return lines


LEVELS = ("national", Territory.Kind.REGION, Territory.Kind.DEPARTMENT)


@dataclass(frozen=True)
class Row:
    """One published line of a consolidation, as screens, charts, exports and the API show it."""

    campaign: str
    period: str             # the checkpoint's date (dd/mm/yyyy) or "année"
    checkpoint: object      # the checkpoint's date, None for the whole year
    territory: str          # path, or "" for the country
    territory_name: str
    kind: str
    organisations: int
    figures: tuple | None


def rows(result, level="national", kinds=True, periods=True):
    """The cube's cells at ``level`` (national, region or department), by kind and checkpoint, totals last."""
    territories = [ALL] if level == "national" else result.territories_at(level)
    kind_keys = [*(k.value for k in OperationKind), ALL] if kinds else [ALL]
    out = []
    for code in result.campaigns:
        dues = result.checkpoints[code]
        period_keys = [*range(len(dues)), ALL] if periods and dues else [ALL]
        for t in territories:
            name = result.territories[t][0] if t != ALL else "France"
            for p in period_keys:
                due = dues[p] if p != ALL else None
                for k in kind_keys:
                    cell = result.cell(code, t, k, p)
                    out.append(Row(code, f"{due:%d/%m/%Y}" if due else "année", due, "" if t == ALL else t, name,
                                   k, cell.organisations, cell.figures))
    return out
