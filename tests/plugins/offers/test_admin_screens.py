"""The admin screens end to end: upload as a real background job, vetting, GDPR, exports, dashboard, demo."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from logis.audit.models import AuditEntry
from logis.jobs.models import JobRecord
from plugins.offers.exports import csv_bytes as export_csv, safe_cell, xlsx_bytes as export_xlsx
from plugins.offers.models import Offer

from .files import csv_bytes, good_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def upload(client, world, django_capture_on_commit_callbacks):
    """Post a file to the upload screen; the job reaches Redis when the request's transaction commits."""

    def post(data, name="offres.csv", mode="all_or_nothing"):
        form = {"file": SimpleUploadedFile(name, data), "organisation": world.organisation("Ville de Lyon").pk, "mode": mode}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/admin/offres/import/", form)

    return post


def test_an_upload_runs_as_a_job_and_the_progress_endpoint_gives_the_report(client, roles, media, run_jobs, upload):
    client.force_login(roles["coordinator_lyon"])
    data = csv_bytes([good_row(), good_row(reference="R-2", disponible_du="32/13/2026")])
    response = upload(data, mode="valid_rows")
    record = JobRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/offres/import/{record.pk}/"
    assert client.get(response["Location"]).status_code == 200
    assert Offer.objects.count() == 0
    run_jobs("imports")
    assert JobRecord.objects.get().error == ""
    progress = client.get(f"/api/jobs/{record.pk}").json()
    assert (progress["status"], progress["percent"]) == ("finished", 100)
    report = progress["result"]
    assert [(p["line"], p["column"]) for p in report["problems"]] == [(3, "disponible_du")]
    assert (report["created"], report["applied"]) == (1, True)
    assert list(Offer.objects.values_list("reference", flat=True)) == ["R-1"]


def test_all_or_nothing_upload_leaves_the_database_untouched(client, roles, media, run_jobs, make_offer, upload):
    existing = make_offer(reference="R-1", places_available=3)
    client.force_login(roles["coordinator_lyon"])
    upload(csv_bytes([good_row(places_disponibles="1"), good_row(reference="R-2", email_coordinateur="nope")]))
    run_jobs("imports")
    report = JobRecord.objects.get().result
    assert report["applied"] is False and report["problems"][0]["column"] == "email_coordinateur"
    existing.refresh_from_db()
    assert (Offer.objects.count(), existing.places_available) == (1, 3)


@pytest.mark.parametrize("name,data,message", [
    ("offres.txt", b"reference\n", "Seuls les fichiers .csv et .xlsx"),
    ("offres.xlsx", b"reference;commune\n", "n'est pas un classeur Excel"),
])
def test_the_upload_screen_refuses_files_before_queuing_anything(client, roles, media, upload, name, data, message):
    client.force_login(roles["coordinator_lyon"])
    response = upload(data, name=name)
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert JobRecord.objects.count() == 0


def test_only_importers_reach_the_upload_screen_and_only_for_their_organisation(client, roles, world, media):
    client.force_login(roles["national"])
    assert client.get("/admin/offres/import/").status_code in (302, 403)
    client.force_login(roles["coordinator_lyon"])
    form = client.get("/admin/offres/import/").context["form"]
    assert [o.name for o in form.fields["organisation"].queryset] == ["Ville de Lyon"]
    response = client.post("/admin/offres/import/", {
        "file": SimpleUploadedFile("o.csv", csv_bytes([good_row()])), "organisation": world.organisation("Ville de Grenoble").pk,
        "mode": "all_or_nothing"})
    assert "organisation" in response.context["form"].errors and JobRecord.objects.count() == 0


def test_vetting_through_the_admin_records_who_and_when(client, roles, make_offer):
    offer = make_offer(status=Offer.Status.SUBMITTED, vetted_at=None, **dict.fromkeys(Offer.CHECKLIST_FIELDS, False))
    client.force_login(roles["coordinator_lyon"])
    response = client.post(f"/admin/offers/vet/{offer.pk}/", dict.fromkeys(Offer.CHECKLIST_FIELDS, "on"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.status, offer.vetted_by) == ("available", roles["coordinator_lyon"])
    page = client.get(f"/admin/offers/inspect/{offer.pk}/")
    assert "Qualifiée par coord.lyon" in page.content.decode()


def test_the_gdpr_page_exports_then_erases_everything_about_one_host(client, roles, make_offer):
    mine = make_offer(host_email="Karim@Exemple.org", host_phone="+33465710022", remarks="=cmd|' /C calc'!A0")
    same_phone = make_offer(host_email="", host_phone="+33465710022")
    other_host = make_offer(host_email="autre@exemple.org", host_phone="+33465710033")
    elsewhere = make_offer("Ville de Grenoble", "FR/84/38/38185", host_email="karim@exemple.org")
    client.force_login(roles["coordinator_lyon"])
    page = client.get("/admin/offres/rgpd/", {"contact": "karim@exemple.org"})
    assert [o.pk for o in page.context["offers"]] == [mine.pk]
    page = client.get("/admin/offres/rgpd/", {"contact": "04 65 71 00 22"})
    assert sorted(o.pk for o in page.context["offers"]) == sorted([mine.pk, same_phone.pk])
    export = client.get("/admin/offres/rgpd/", {"contact": "karim@exemple.org", "export": "csv"})
    text = export.content.decode("utf-8-sig")
    assert "Karim@Exemple.org" in text and "'=cmd" in text
    response = client.post("/admin/offres/rgpd/", {"contact": "04 65 71 00 22", "confirm": "effacer"})
    assert response.status_code == 302
    for offer in (mine, same_phone, other_host, elsewhere):
        offer.refresh_from_db()
    assert (mine.host_phone, mine.host_email, mine.host_name, mine.remarks, mine.status) == ("", "", "", "", "withdrawn")
    assert same_phone.personal_data_erased_at is not None
    assert other_host.host_phone == "+33465710033" and elsewhere.host_email == "karim@exemple.org"
    changes = [e.changes for e in AuditEntry.objects.for_object(mine).filter(action="update")]
    assert any(c.get("status") == ["available", "withdrawn"] for c in changes)
    assert "+33465710022" not in str(changes) and "calc" not in str(changes)


def test_exports_neutralise_formulas_in_csv_and_xlsx():
    rows = [["=HYPERLINK(\"http://x\")", "+33 4", "-1", "@SUM(A1)", "normal", 3, None]]
    text = export_csv(["Nom", "Tel", "Nb", "X", "Y", "Z", "V"], rows).decode("utf-8-sig")
    assert text.splitlines()[1] == "\"'=HYPERLINK(\"\"http://x\"\")\";'+33 4;'-1;'@SUM(A1);normal;3;"
    sheet = load_workbook(io.BytesIO(export_xlsx(["Nom"], [[rows[0][0]], [5]]))).active
    assert [sheet["A2"].value, sheet["A3"].value, sheet["A2"].data_type] == ["'=HYPERLINK(\"http://x\")", 5, "s"]
    assert safe_cell("\tx") == "'\tx"


def test_the_row_export_is_scoped_and_formula_safe(client, roles, make_offer):
    make_offer(reference="=1+1")
    make_offer("Ville de Grenoble", "FR/84/38/38185", reference="GRENOBLE")
    client.force_login(roles["coordinator_lyon"])
    response = client.get("/admin/offers/export/xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["'=1+1"]


def test_the_dashboard_shows_figures_and_charts_of_the_scope(client, roles, make_offer):
    from plugins.offers import rules

    make_offer(places_max=5, places_available=2)
    make_offer("Ville de Grenoble", "FR/84/38/38185", places_max=40, places_available=40)
    rules.take_snapshot()
    client.force_login(roles["department_rhone"])
    page = client.get("/admin/offres/pilotage/")
    assert [(d["department"], d["places_offered"], d["places_available"]) for d in page.context["departments"]] == [("Rhône", 5, 2)]
    assert b"<svg" in page.content
    home = client.get("/admin/")
    assert "Hébergement de crise" in home.content.decode()


def test_demo_data_loads_twice_without_duplicates(world):
    from plugins.offers import demo

    demo.load()
    count = Offer.objects.count()
    demo.load()
    assert Offer.objects.count() == count >= 20
    departments = set(Offer.objects.values_list("commune__parent__name", flat=True))
    assert departments == {"Rhône", "Isère", "Province de Liège"}
    call_command("check")
