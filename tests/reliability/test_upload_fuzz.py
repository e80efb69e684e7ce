"""Hypothesis fuzzing of the upload parsers beside the offers import: the observatory's XLSX sheet and the Markdown pages.

Each parser gets random bytes, hostile cells or fields (formulas, NUL and
control characters, huge texts and numbers, impossible dates, mixed
encodings) and crafted files (a zip bomb, an XML billion laughs, a YAML
alias bomb). It must answer with its own French refusal, never another
exception, and write all or nothing: the rows and history entries of the
platform are counted before and after every file. The offers import has its
own suite (``test_import_hostile.py``). ``LOGIS_UPLOAD_EXAMPLES`` files per
property (25 in CI, 200 in the full run).
"""

import io
import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import load_workbook

from logis.testing.hostile_files import billion_laughs_workbooks, zip_bomb
from logis.testing.report import record
from logis.testing.tables import changed_counts, platform_models, row_counts

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\x00", "a\x00b", "\u202e", "é" * 300, "x" * 70_000,
                     str(2**70), "-" + str(2**70), "1e309", "NaN", "31/02/2026", "99/99/9999", "2026-13-45", "' OR 1=1 --"]),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=5),
)
HOSTILE_CELL = st.one_of(HOSTILE_TEXT, st.integers(min_value=-(2**70), max_value=2**70), st.floats(), st.booleans(),
                         st.dates(), st.none())
FUZZ = settings(max_examples=int(os.environ.get("LOGIS_UPLOAD_EXAMPLES", "25")), deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
TRIED = {"observatoire (XLSX)": 0, "pages Markdown": 0}


# The observatory: a landlord sends back its sheet's XLSX template.

@pytest.fixture
def sheet(demo):
    from plugins.observatory.models import Sheet

    found = Sheet.objects.filter(status__in=Sheet.EDITABLE).order_by("pk").first()
    assert found is not None, "la démonstration de l'observatoire doit avoir une fiche modifiable"
    return found


def import_sheet_checked(sheet, data):
    """Import ``data`` as the sheet's referent: a French refusal leaves every table as it was; an accepted file holds what it says."""
    from logis.accounts.models import RoleAssignment
    from logis.accounts.scoping import Scope
    from plugins.observatory.sheet_import import import_sheet

    TRIED["observatoire (XLSX)"] += 1
    assignment = RoleAssignment.objects.filter(role="observatory.organisation", organisation=sheet.organisation).first()
    assert assignment is not None, "la démonstration de l'observatoire doit avoir un référent pour la fiche"
    models = platform_models()
    before = row_counts(models)
    report = import_sheet(sheet, Scope.for_user(assignment.user, "observatory.fill"), "fiche.xlsx", data)
    if not report.applied:
        problems = report.as_dict()["problems"]
        assert problems and all(isinstance(p["message"], str) and p["message"] for p in problems)
        assert not changed_counts(before, row_counts(models)), problems
        return None
    return sheet.operations.count()


def template_bytes(sheet):
    from plugins.observatory.sheet_template import template_response

    return template_response(sheet).content


def filled_template(sheet, lines):
    workbook = load_workbook(io.BytesIO(template_bytes(sheet)))
    for line in lines:
        workbook.worksheets[0].append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_as_an_observatory_sheet_are_refused_in_french(sheet, data):
    assert import_sheet_checked(sheet, data) is None


@FUZZ
@given(lines=st.lists(st.lists(HOSTILE_CELL, min_size=9, max_size=12), min_size=1, max_size=5))
def test_hostile_cells_in_an_observatory_sheet_are_refused_by_line_or_written_whole(sheet, lines):
    try:
        data = filled_template(sheet, lines)
    except Exception:  # noqa: BLE001 — openpyxl will not write control characters: no spreadsheet sends them
        return
    import_sheet_checked(sheet, data)


def test_an_xml_billion_laughs_or_a_zip_bomb_as_an_observatory_sheet_is_refused(sheet):
    for data in [*billion_laughs_workbooks(template_bytes(sheet)), zip_bomb()]:
        assert import_sheet_checked(sheet, data) is None


# The content: Markdown files with a YAML front matter (``logis content import``).

@pytest.fixture
def home(demo):
    from content.models import HomePage

    found = HomePage.objects.order_by("pk").first()
    assert found is not None, "la démonstration du contenu doit avoir une page d'accueil"
    return found


def import_markdown_checked(home, tmp_path_factory, data):
    """Import one file: refused with a French reason and nothing written, or created or updated."""
    from content.importer import import_directory

    TRIED["pages Markdown"] += 1
    folder = tmp_path_factory.mktemp("markdown")
    (folder / "page.md").write_bytes(data)
    models = platform_models()
    before = row_counts(models)
    report = import_directory(folder, parent=home)
    (result,) = report.results
    if result.status == "error":
        assert result.error and isinstance(result.error, str)
        assert not changed_counts(before, row_counts(models)), result.error
    return result


def front_matter(fields, body):
    import yaml

    return ("---\n" + yaml.safe_dump(fields, allow_unicode=True) + "---\n\n" + body).encode("utf-8", errors="surrogatepass")


@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes_as_a_markdown_page_are_refused_in_french(home, tmp_path_factory, data):
    import_markdown_checked(home, tmp_path_factory, data)


@FUZZ
@given(fields=st.fixed_dictionaries(
    {"title": HOSTILE_TEXT, "slug": st.one_of(HOSTILE_TEXT, st.just("page-fuzz")), "section": st.one_of(HOSTILE_TEXT, st.just("fuzz"))},
    optional={"themes": st.lists(HOSTILE_TEXT, max_size=4), "summary": HOSTILE_TEXT, "audience": HOSTILE_TEXT,
              "kind": st.sampled_from(["guide", "news", "", "autre"]), "date": st.one_of(HOSTILE_TEXT, st.dates())}),
    body=HOSTILE_TEXT, encoding=st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_hostile_front_matter_and_body_of_a_markdown_page_are_refused_or_imported_whole(home, tmp_path_factory, fields, body, encoding):
    try:
        data = front_matter(fields, body).decode("utf-8", errors="surrogatepass").encode(encoding)
    except UnicodeError:
        return
    import_markdown_checked(home, tmp_path_factory, data)


def test_a_yaml_alias_bomb_in_a_markdown_page_is_refused(home, tmp_path_factory):
    aliases = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, 9))
    result = import_markdown_checked(home, tmp_path_factory, f"---\n{aliases}title: *a8\n---\n\nCorps\n".encode())
    assert result.status == "error"
    record("fuzzing des imports (observatoire, Markdown)", **{f"fichiers_{k}": v for k, v in TRIED.items()},
           fichiers_piégés="bombe zip, billion laughs XML (feuille, classeur, chaînes), bombe d'alias YAML")
