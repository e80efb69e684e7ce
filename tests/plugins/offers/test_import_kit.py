"""Import made easy: a template with accepted values, a remembered column mapping, an error file to fix and send again."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from logis.jobs.models import JobRecord
from plugins.offers.models import ImportMapping, Offer
from plugins.offers.import_columns import CANONICAL_COLUMNS

from .files import good_row

pytestmark = pytest.mark.django_db
RENAMED = {"reference": "Réf. dossier", "commune": "Ville", "places_max": "Nombre de places"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def renamed_csv(rows):
    header = [RENAMED.get(c, c) for c in CANONICAL_COLUMNS]
    lines = [";".join(header)] + [";".join(str(row.get(c, "")) for c in CANONICAL_COLUMNS) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def test_the_template_lists_accepted_values_as_a_sheet_and_drop_down_lists(client, roles):
    client.force_login(roles["national"])
    assert client.get("/admin/offres/import/modele.xlsx").status_code in (302, 403)
    client.force_login(roles["department_rhone"])
    page = client.get("/admin/offres/import/").content.decode()
    assert "modele.xlsx" in page and "une de ces valeurs : Particulier" in page
    book = load_workbook(io.BytesIO(client.get("/admin/offres/import/modele.xlsx").content))
    offers, values = book.worksheets
    assert [c.value for c in offers[1]] == list(CANONICAL_COLUMNS) and values.title == "Valeurs acceptées"
    sources = {str(v.sqref).split(":")[0]: v.formula1 for v in offers.data_validations.dataValidation}
    assert sources["B2"].startswith("'Valeurs acceptées'!$B$3") and len(sources) == 5
    csv = b"".join(client.get("/admin/offres/import/modele.csv").streaming_content)
    assert csv.startswith("\ufeff".encode()) and b"reference;type_hebergeur" in csv
    assert client.get("/admin/offres/import/modele.pdf").status_code == 404


def test_renamed_headers_are_mapped_once_then_the_error_file_is_fixed_and_sent_again(client, roles, world, media, run_jobs,
                                                                                   django_capture_on_commit_callbacks):
    client.force_login(roles["department_rhone"])
    lyon = world.organisation("Ville de Lyon")

    def upload(data, name):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/admin/offres/import/", {"file": SimpleUploadedFile(name, data), "organisation": lyon.pk,
                                                             "mode": "all_or_nothing"})
        run_jobs("imports")
        return response["Location"]

    status = upload(renamed_csv([good_row(), good_row(reference="R-2", places_max="beaucoup")]), "offres.csv")
    page = client.get(status)
    assert [f.label for f in page.context["mapping_form"]] == ["Réf. dossier", "Ville", "Nombre de places"]
    with django_capture_on_commit_callbacks(execute=True):
        mapped = client.post(status, {"column_0": "reference", "column_1": "commune", "column_2": "places_max"})
    run_jobs("imports")
    assert ImportMapping.objects.get(organisation=lyon).columns["ville"] == "commune"
    report = JobRecord.objects.get(pk=mapped["Location"].rstrip("/").rsplit("/", 1)[1]).result
    assert [(p["line"], p["column"]) for p in report["problems"]] == [(3, "Nombre de places")] and not report["applied"]
    errors = load_workbook(io.BytesIO(client.get(mapped["Location"] + "?fichier=xlsx").content)).active
    rows = [[c.value for c in row] for row in errors.iter_rows()]
    assert rows[0][-1] == "problème" and rows[1][-1] in (None, "") and rows[2][-1].startswith("Nombre de places : « beaucoup »")
    errors.cell(row=3, column=CANONICAL_COLUMNS.index("places_max") + 1, value="4")
    buffer = io.BytesIO()
    errors.parent.save(buffer)
    final = upload(buffer.getvalue(), "offres-a-corriger.xlsx")
    report = client.get(final).context["report"]
    assert report["applied"] and report["created"] == 2, report["problems"]
    assert Offer.objects.get(reference="R-2").places_max == 4
