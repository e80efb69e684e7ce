import json
import shutil

import pytest
from django.core.management import call_command

from content.importer import export_directory, import_directory, parse_file
from content.models import GuidePage, NewsPage, SectionPage, Theme
from tests.content.conftest import FIXTURES


def _snapshot():
    """Everything an import writes about a page, ids left out."""
    pages = {}
    for model in (GuidePage, NewsPage):
        for page in model.objects.all():
            pages[page.slug] = {
                "type": model.__name__, "title": page.title, "summary": page.summary, "audience": page.audience,
                "section": page.get_parent().slug, "themes": sorted(t.name for t in page.themes.all()),
                "date": str(getattr(page, "date", "")), "live": page.live,
                "body": [{"type": b["type"], "value": b["value"]} for b in page.body.raw_data],
            }
    return pages


def test_import_creates_pages_with_blocks_themes_and_sections(imported, sites):
    assert imported.count("created") == 4
    page = GuidePage.objects.get(slug="cotation-principes")
    assert page.live and page.get_parent().slug == "cotation"
    assert sorted(t.name for t in page.themes.all()) == ["Cotation de la demande", "Grille et critères de cotation"]
    types = [block.block_type for block in page.body]
    assert types == ["text", "callout", "text", "table", "callout"]
    callouts = [b.value for b in page.body if b.block_type == "callout"]
    assert [c["kind"] for c in callouts] == ["note", "warning"]
    assert callouts[0]["text"].source.startswith("<p>La cotation est une <strong>aide à la décision</strong>")
    table = next(b.value for b in page.body if b.block_type == "table")
    assert table["data"][0] == ["Avant", "Avec la cotation"] and table["first_row_is_table_header"]
    first = page.body[0].value.source
    assert "<strong>cotation</strong>" in first and "<em>critères</em>" in first and "<h2>" in first
    lists = page.body[2].value.source
    assert "<ul>" in lists and "<ol>" in lists and "<li>Saisir la demande.</li>" in lists
    assert '<a href="/cotation/grille-de-cotation/">grille</a>' in callouts[0]["text"].source
    news = NewsPage.objects.get(slug="actualite-webinaire")
    assert news.date.isoformat() == "2025-03-18" and news.get_parent().slug == "cotation"
    # the section named by a file is created when missing, the themes too
    assert SectionPage.objects.filter(slug="documentation").count() == 1
    assert Theme.objects.filter(name="Habilitations et sécurité").exists()


def test_reimport_updates_instead_of_duplicating(imported, sites, tmp_path):
    home = sites["sne"][1]
    again = import_directory(FIXTURES / "sne", parent=home)
    assert again.count("unchanged") == 4 and again.count("created") == 0
    folder = tmp_path / "sne"
    shutil.copytree(FIXTURES / "sne", folder)
    path = folder / "grille-de-cotation.md"
    path.write_text(path.read_text().replace("Chaque critère rapporte des points.", "Chaque critère est pondéré."))
    report = import_directory(folder, parent=home)
    assert report.count("updated") == 1 and report.count("unchanged") == 3
    assert GuidePage.objects.filter(slug="grille-de-cotation").count() == 1
    assert "pondéré" in GuidePage.objects.get(slug="grille-de-cotation").body[0].value.source


def test_broken_file_is_reported_and_nothing_of_it_written(sites, tmp_path):
    folder = tmp_path / "lot"
    folder.mkdir()
    shutil.copy(FIXTURES / "sne" / "grille-de-cotation.md", folder)
    (folder / "casse.md").write_text("---\ntitle: [pas fermé\nslug: casse\n---\n\nTexte\n")
    (folder / "trop-de-themes.md").write_text(
        "---\ntitle: T\nslug: trop\nsection: nouvelle-rubrique\nthemes: [A1, A2, A3, A4]\n---\n\nTexte\n")
    # fails only when written: its slug is already a news page; its new section and theme must not remain
    (folder / "zz-conflit.md").write_text(
        "---\ntitle: Conflit\nslug: grille-de-cotation\nsection: rubrique-fantome\nthemes: [Thème fantôme]\n"
        "kind: news\ndate: 2025-01-02\n---\n\nTexte\n")
    report = import_directory(folder, parent=sites["sne"][1])
    errors = {r.file: r.error for r in report.failed}
    assert set(errors) == {"casse.md", "trop-de-themes.md", "zz-conflit.md"}
    assert "YAML" in errors["casse.md"]
    assert "1 à 3 thèmes" in errors["trop-de-themes.md"]
    assert "autre type" in errors["zz-conflit.md"]
    assert report.count("created") == 1
    assert not SectionPage.objects.filter(slug__in=["nouvelle-rubrique", "rubrique-fantome"]).exists()
    assert not Theme.objects.filter(name__in=["A1", "Thème fantôme"]).exists()
    assert not NewsPage.objects.exists()


@pytest.mark.parametrize("header, reason", [
    ("title: T\nsection: s\nthemes: [A]", "« slug » manquant"),
    ("title: T\nslug: Pas Valide\nsection: s\nthemes: [A]", "invalide"),
    ("title: T\nslug: t\nsection: s\nthemes: [A]\naudience: tous", "public « tous » inconnu"),
    ("title: T\nslug: t\nsection: s\nthemes: [A]\nkind: news", "AAAA-MM-JJ"),
    ("title: T\nslug: t\nsection: s\nthemes: [A]\nauteur: moi", "champ inconnu"),
])
def test_front_matter_errors_are_explained_in_french(tmp_path, header, reason):
    from content.importer import ContentFileError

    path = tmp_path / "f.md"
    path.write_text(f"---\n{header}\n---\n\nTexte\n")
    with pytest.raises(ContentFileError, match=reason):
        parse_file(path)


def test_round_trip_import_export_reimport(imported, sites, tmp_path):
    before = _snapshot()
    written = export_directory(tmp_path / "export", parent=sites["sne"][1])
    assert sorted(p.name for p in written) == sorted(p.name for p in (FIXTURES / "sne").glob("*.md"))
    GuidePage.objects.all().delete()
    NewsPage.objects.all().delete()
    report = import_directory(tmp_path / "export", parent=sites["sne"][1])
    assert report.count("created") == 4 and not report.failed
    assert _snapshot() == before


def test_command_reports_json_and_fails_on_error(sites, tmp_path, capsys):
    folder = tmp_path / "lot"
    shutil.copytree(FIXTURES / "sne", folder)
    (folder / "casse.md").write_text("pas d'en-tête\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("content", "import", str(folder), "--json", "--site", "localhost")
    assert exit_info.value.code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["created"] == 4 and report["errors"] == 1
    assert report["files"][0] == {"file": "actualite-webinaire.md", "status": "created", "slug": "actualite-webinaire", "error": "", "removed": []}
    assert any(f["file"] == "casse.md" and "en-tête YAML absent" in f["error"] for f in report["files"])
    call_command("content", "export", str(tmp_path / "out"), "--site", "localhost")
    assert (tmp_path / "out" / "procedure-interne.md").read_text().startswith("---\ntitle: Procédure interne")
