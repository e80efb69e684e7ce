"""Hostile import files: the audit's three crashes (issue 9.11) and hypothesis fuzzing of the offers file parser.

Every file ends in a report with French, line-numbered problems, never an
exception; and what is written is all or nothing: row counts and history
entries compared before and after.
"""

import csv

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from hypothesis import HealthCheck, given, settings, strategies as st

from logis.audit.models import AuditEntry
from logis.testing.hostile_files import billion_laughs_workbooks, zip_bomb
from logis.testing.report import record
from plugins.offers.importer import ALL_OR_NOTHING, VALID_ROWS, import_offers
from plugins.offers.models import Offer
from plugins.offers.import_columns import CANONICAL_COLUMNS
from tests.plugins.offers.files import csv_bytes, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def lyon(demo_territories):
    from plugins.offers.models import OffersSettings

    OffersSettings.load()  # created (and audited) on first use: before the counts
    return demo_territories.organisation("Ville de Lyon")


def problems(report):
    return [(p["line"], p["column"], p["message"]) for p in report.as_dict()["problems"]]


def counts():
    return Offer.objects.count(), AuditEntry.objects.count()


def test_a_cell_beyond_the_csv_field_limit_is_refused_with_its_line_not_a_crash(lyon):
    data = csv_bytes([good_row(), good_row(reference="R-2", remarques="x" * (csv.field_size_limit() + 10))])
    before = counts()
    report = import_offers("offres.csv", data, lyon, mode=VALID_ROWS)
    assert report.file_problem and not report.applied
    assert any("Ligne 3 illisible" in message for _line, _column, message in problems(report))
    assert counts() == before


def test_a_reference_longer_than_64_characters_is_refused_row_by_row_never_cut(lyon):
    long_a, long_b = "A" * 64 + "-1", "A" * 64 + "-2"  # the same once cut to 64
    data = csv_bytes([good_row(reference=long_a), good_row(reference=long_b), good_row(reference="R-3")])
    report = import_offers("offres.csv", data, lyon, mode=VALID_ROWS)
    assert [(line, column) for line, column, _message in problems(report)] == [(2, "reference"), (3, "reference")]
    assert "Référence trop longue (66 caractères, 64 au plus)." in problems(report)[0][2]
    assert list(Offer.objects.values_list("reference", flat=True)) == ["R-3"]


def test_a_nul_byte_after_the_first_4_kib_is_refused_on_its_row_and_never_stored(lyon):
    rows = [good_row(reference=f"R-{n}", remarques="Calme " * 20) for n in range(40)]
    rows.append(good_row(reference="R-NUL", remarques="avant\x00après"))
    data = csv_bytes(rows)
    assert data.index(b"\x00") > 4096
    report = import_offers("offres.csv", data, lyon, mode=VALID_ROWS)
    assert (42, "remarques", "Caractère nul interdit : enregistrez le fichier en « CSV UTF-8 ».") in problems(report)
    assert not Offer.objects.filter(reference="R-NUL").exists() and Offer.objects.count() == 40


def test_the_uploaded_file_of_a_failed_import_job_is_deleted(lyon, person, run_jobs, django_capture_on_commit_callbacks):
    from logis.jobs.models import JobRecord
    from logis.jobs.queue import enqueue

    user = person("coord.import", "offers.coordinator", lyon)
    stored = default_storage.save("offers-imports/echec.csv", ContentFile(b"not used"))
    with django_capture_on_commit_callbacks(execute=True):
        # An organisation id that does not exist any more: the job fails after the file was stored.
        job = enqueue("plugins.offers.jobs.import_file", stored, "echec.csv", 0, ALL_OR_NOTHING, False, user=user, retry=0)
    assert default_storage.exists(stored)
    run_jobs()
    assert JobRecord.objects.get(pk=job.pk).status == JobRecord.Status.FAILED
    assert not default_storage.exists(stored)


cells = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\t", "\r", "\x00", "é" * 300, "'=1", "\"", "a;b", "\u202e"]),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=5),
)
rows = st.lists(st.fixed_dictionaries({column: cells for column in CANONICAL_COLUMNS[:8]}), max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=rows, encoding=st.sampled_from(["utf-8-sig", "cp1252", "latin-1", "utf-16"]), kind=st.sampled_from(["csv", "xlsx"]),
       mode=st.sampled_from([ALL_OR_NOTHING, VALID_ROWS]))
def test_random_rows_never_crash_the_import_and_write_all_or_nothing(lyon, rows, encoding, kind, mode):
    if kind == "csv":
        text = ";".join(CANONICAL_COLUMNS[:8]) + "\r\n" + "\r\n".join(";".join(r.values()) for r in rows)
        data = text.encode(encoding, errors="replace")
    else:
        try:
            data = xlsx_bytes(rows, header=list(CANONICAL_COLUMNS[:8]))
        except Exception:  # noqa: BLE001 — openpyxl refuses control characters: not a file anyone can send
            return
    before = counts()
    report = import_offers(f"offres.{kind}", data, lyon, mode=mode)
    written = Offer.objects.count() - before[0]
    assert written == (report.as_dict().get("created", 0) if report.applied else 0)
    if mode == ALL_OR_NOTHING and report.problem_count:
        assert counts() == before
    assert all(isinstance(p["message"], str) and p["message"] for p in report.as_dict()["problems"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), kind=st.sampled_from(["csv", "xlsx"]))
def test_random_bytes_never_crash_the_import(lyon, data, kind):
    before = counts()
    report = import_offers(f"offres.{kind}", data, lyon, mode=VALID_ROWS)
    assert not report.applied or report.as_dict()["created"] >= 0
    assert counts()[0] - before[0] == (report.as_dict().get("created", 0) if report.applied else 0)


def test_a_zip_bomb_or_an_xml_billion_laughs_named_xlsx_is_refused_cleanly(lyon):
    template = xlsx_bytes([good_row()], header=list(CANONICAL_COLUMNS))
    for data in [zip_bomb(), *billion_laughs_workbooks(template)]:
        before = counts()
        report = import_offers("bombe.xlsx", data, lyon, mode=VALID_ROWS)
        assert report.file_problem and not report.applied
        assert counts() == before
    record("imports hostiles", exemples_hypothesis=100, cas_de_l_audit="3 sur 3 refusés par ligne, en français")
