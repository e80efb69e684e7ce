"""Consolidated figures by territory, kind and checkpoint, computed from the validated sheets a scope reaches.

One cube per campaign: departments roll up into their region and the
country, operations located in a commune also into that commune's EPCI
(intercommunalité), kinds into "all kinds", checkpoints into the year; an
operation counts at the first checkpoint on or after its date (start of works
or delivery, by ``stage``). Every screen, chart, export and API route reads
the same cube with secrecy applied (``secrecy.suppress``), so no two of them
can be differenced into a hidden figure. The national figures every
professional sees (:func:`national`) are the same for everyone; a person's
own cube is suppressed together with them and with what their difference
gives (:func:`consolidate`). Campaigns never share a line: the figures of one
campaign are the same whichever others are asked with it. Reads are a
constant number of queries, whatever the number of sheets.
"""

from bisect import bisect_left
from operator import add, sub
from collections import defaultdict
from dataclasses import dataclass, field

from logis.accounts.models import Territory
from logis.accounts.roles import Reach
from plugins.observatory import secrecy
from plugins.observatory.models import Operation, OperationKind, Sheet, Stage

ALL = "*"
#: National figures of every professional, and what lies outside the reader's reach (never shown, but derivable).
PUBLIC, OUTSIDE = "national", "outside"
#: Joins a department and an EPCI into the key of their intersection (never shown: the lines go through it).
PART = "|"
#: operations, units, cost, subsidies, loans, equity — in this order in every cell.
MEASURES = ("operations", *Operation.FIGURES)
LEVELS = ("national", Territory.Kind.REGION, Territory.Kind.DEPARTMENT, Territory.Kind.EPCI)
VALIDATED = Operation.objects.filter(sheet__status=Sheet.Status.VALIDATED)


@dataclass(frozen=True)
class Cell:
    campaign: str
    territory: str          # a department's, a region's or an EPCI's path, or ALL
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
        """Paths of the regions, departments or EPCIs holding figures, in path order."""
        return sorted(p for p, (_name, kind, _parent) in self.territories.items() if kind == level)


def private_organisations(scope):
    """Organisations whose own figures the reader holds anyway (his own-organisation roles)."""
    return frozenset(a.organisation_id for a, role in zip(scope.assignments, scope.roles) if role.reach == Reach.OWN_ORGANISATION)


def national(campaigns, stage=Stage.STARTED):
    """The national figures every professional sees: all validated sheets, country totals only, the same for everyone."""
    campaigns = list(campaigns.prefetch_related("checkpoints"))
    result = _empty(campaigns, stage, {})
    cells, hidden = _public(_read(VALIDATED, campaigns, stage), result)
    return publish(result, {(code, ALL, k, p): orgs for (code, _t, k, p), orgs in cells.items()},
                   {(code, ALL, k, p) for code, _t, k, p in hidden})


def consolidate(scope, campaigns, stage=Stage.STARTED):
    """The suppressed cube of ``campaigns`` (a queryset) over the validated sheets ``scope`` reaches.

    Suppressed together with the national figures, known to the reader as to
    everyone, and with what lies outside his reach (the national figures
    minus his): a figure outside the reach that this subtraction would give
    is a cell like the others, and hides the reach's own total when secret.
    """
    campaigns = list(campaigns.prefetch_related("checkpoints"))
    base = _read(scope.filter(VALIDATED), campaigns, stage)
    result, cells = _cube(base, campaigns, stage)
    public, public_hidden = _public(base if scope.national else _read(VALIDATED, campaigns, stage), result)
    private = private_organisations(scope)
    outside = _outside(public, cells, private)
    hidden = secrecy.suppress({**cells, **public, **outside}, lines(result, cells) + _national_lines(result), private,
                              known=public.keys() - public_hidden, secret=public_hidden)
    return publish(result, cells, hidden)


def contributions(scope, campaigns, stage=Stage.STARTED):
    """The reach's cube before secrecy: an empty :class:`Consolidation` and ``{cell key: {organisation: figures}}``."""
    campaigns = list(campaigns.prefetch_related("checkpoints"))
    return _cube(_read(scope.filter(VALIDATED), campaigns, stage), campaigns, stage)


def _empty(campaigns, stage, territories):
    dues = {c.code: sorted(cp.due_on for cp in c.checkpoints.all()) for c in campaigns}
    return Consolidation(stage, [c.code for c in campaigns], dues, territories)


def _read(operations, campaigns, stage):
    """``{(campaign, department id, EPCI id or None, kind, period): {organisation: measures}}`` in one query."""
    dues = {c.pk: sorted(cp.due_on for cp in c.checkpoints.all()) for c in campaigns}
    codes = {c.pk: c.code for c in campaigns}
    date_field = "started_on" if stage == Stage.STARTED else "finished_on"
    rows = (operations.filter(sheet__campaign__in=list(codes), **{f"{date_field}__isnull": False})
            .values_list("sheet__campaign_id", "sheet__organisation_id", "sheet__department_id", "commune__epci_id", "kind",
                         date_field, *Operation.FIGURES))
    base = defaultdict(lambda: defaultdict(lambda: [0] * len(MEASURES)))
    for campaign_id, org, department, epci, kind, day, *figures in rows.iterator(chunk_size=5000):
        checkpoints = dues[campaign_id]
        period = min(bisect_left(checkpoints, day), len(checkpoints) - 1) if checkpoints else 0
        totals = base[(codes[campaign_id], department, epci, kind, period)][org]
        totals[0] += 1
        for i, value in enumerate(figures, start=1):
            totals[i] += value
    return {key: {org: tuple(totals) for org, totals in orgs.items()} for key, orgs in base.items()}


def _add(cube, key, orgs):
    """Add ``orgs``' figures into the cell ``key``; figures are tuples, which the garbage collector stops tracking
    (lists of a 10,000-cell cube made it walk them again and again: half the time of a consolidation)."""
    cell = cube[key]
    for org, figures in orgs.items():
        cell[org] = tuple(map(add, cell[org], figures)) if org in cell else figures


def _cube(base, campaigns, stage):
    """The reach's cells: each department, its region, the country, the EPCI and the department × EPCI part."""
    territories, paths = _territories({key[1] for key in base}, {key[2] for key in base} - {None})
    cube = defaultdict(dict)
    for (code, department, epci, kind, period), orgs in base.items():
        path = paths[department]
        places = [path, territories[path][2], ALL, path + PART + (paths[epci] if epci else ""), paths[epci] if epci else ALL]
        for t in dict.fromkeys(places):  # a department without region, an operation without EPCI: counted once
            for k in (kind, ALL):
                for p in (period, ALL):
                    _add(cube, (code, t, k, p), orgs)
    return _empty(campaigns, stage, territories), dict(cube)


def _public(base, result):
    """The national cells of all validated sheets, keyed under PUBLIC, and those secret for everyone."""
    cube = defaultdict(dict)
    for (code, _department, _epci, kind, period), orgs in base.items():
        for k in (kind, ALL):
            for p in (period, ALL):
                _add(cube, (code, PUBLIC, k, p), orgs)
    cells = dict(cube)
    return cells, secrecy.suppress(cells, _kind_period_lines(result, [PUBLIC]))


def _outside(public, cells, private):
    """What the national figures minus the reach's total give, by organisation (the reader's own ones told as known).

    An organisation half inside the reach (sheets in two departments, a
    regional association's reach) leaves its other half here.
    """
    outside = {}
    for (code, _t, k, p), orgs in public.items():
        reached = cells.get((code, ALL, k, p), {})
        rest = {org: tuple(map(sub, figures, reached[org])) if org in reached else figures for org, figures in orgs.items()}
        rest = {org: figures for org, figures in rest.items() if any(figures)}
        if rest:
            outside[(code, OUTSIDE, k, p)] = {**rest, **{org: orgs[org] for org in private if org in orgs}}
    return outside


def publish(result, cells, hidden):
    """Fill ``result`` with the shown cells' totals, ``hidden`` ones without figures nor count."""
    for key, orgs in cells.items():
        if PART in key[1]:
            continue
        figures = None if key in hidden else tuple(sum(column) for column in zip(*orgs.values()))
        result.cells[key] = Cell(*key, organisations=0 if figures is None else len(orgs), figures=figures)
    return result


def _territories(department_ids, epci_ids):
    """path → (name, kind, parent path) of these departments, their regions and these EPCIs; id → path."""
    found = list(Territory.objects.filter(pk__in=[*department_ids, *epci_ids]).select_related("parent"))
    territories, paths = {}, {}
    for t in found:
        paths[t.pk] = t.path
        if t.kind == Territory.Kind.EPCI:
            territories[t.path] = (t.name, Territory.Kind.EPCI, t.parent.path if t.parent else ALL)
            continue
        region = t.parent.path if t.parent and t.parent.kind == Territory.Kind.REGION else ALL
        territories[t.path] = (t.name, Territory.Kind.DEPARTMENT, region)
        if region != ALL:
            territories[region] = (t.parent.name, Territory.Kind.REGION, ALL)
    return territories, paths


def _periods(result, code):
    return list(range(len(result.checkpoints[code]) or 1))


def _kind_period_lines(result, territories):
    """For each territory: its kinds → all kinds, its checkpoints → the year."""
    kinds = [k.value for k in OperationKind]
    out = []
    for code in result.campaigns:
        periods = _periods(result, code)
        for t in territories:
            for p in [*periods, ALL]:
                out.append(((code, t, ALL, p), tuple((code, t, k, p) for k in kinds)))
            for k in [*kinds, ALL]:
                out.append(((code, t, k, ALL), tuple((code, t, k, p) for p in periods)))
    return out


def lines(result, cells):
    """Every additive line of the reach's cube: (total, members), tuples all through (untracked by the garbage collector).

    Departments → region → country; a department's parts → the department,
    and an EPCI's parts → the EPCI (an EPCI may straddle two departments;
    operations without a commune make the department's part without EPCI).
    """
    kinds = [*(k.value for k in OperationKind), ALL]
    children = defaultdict(list)
    for path, (_name, kind, parent) in result.territories.items():
        if kind != Territory.Kind.EPCI:
            children[parent].append(path)
    parts_of = defaultdict(set)
    for _code, t, _k, _p in cells:
        if PART in t:
            department, epci = t.split(PART)
            parts_of[department].add(t)
            if epci:
                parts_of[epci].add(t)
    out = []
    for code in result.campaigns:
        for k in kinds:
            for p in [*_periods(result, code), ALL]:
                for parent in [*result.territories_at(Territory.Kind.REGION), ALL]:
                    out.append(((code, parent, k, p), tuple((code, child, k, p) for child in children[parent])))
                for whole, parts in parts_of.items():
                    out.append(((code, whole, k, p), tuple((code, part, k, p) for part in sorted(parts))))
    territories = {t for _code, t, _k, _p in cells}
    return out + _kind_period_lines(result, sorted(territories))


def _national_lines(result):
    """The national figures = the reach's total + what lies outside it; and the kinds and checkpoints of the latter."""
    kinds = [*(k.value for k in OperationKind), ALL]
    out = _kind_period_lines(result, [PUBLIC, OUTSIDE])
    for code in result.campaigns:
        for k in kinds:
            for p in [*_periods(result, code), ALL]:
                out.append(((code, PUBLIC, k, p), ((code, ALL, k, p), (code, OUTSIDE, k, p))))
    return out


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
    """The cube's cells at ``level`` (national, region, department or EPCI), by kind and checkpoint, totals last."""
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
