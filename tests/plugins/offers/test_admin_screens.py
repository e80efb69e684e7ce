"""The admin screens end to end: upload as a real background job, vetting, GDPR, exports, dashboard, demo."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from logis.audit.models import AuditEntry
from logis.jobs.models import JobRecord
from plugins.offers.models import Offer

from .files import csv_bytes, csv_text, good_row

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
    waiting = client.get(response["Location"]).content.decode()
    assert f'data-url="/api/jobs/{record.pk}"' in waiting and 'data-polling="true"' in waiting  # the core progress bar
    assert Offer.objects.count() == 0
    run_jobs("imports")
    assert JobRecord.objects.get().error == ""
    progress = client.get(f"/api/jobs/{record.pk}").json()
    assert (progress["status"], progress["percent"]) == ("finished", 100)
    report = progress["result"]
    assert [(p["line"], p["column"]) for p in report["problems"]] == [(3, "disponible_du")]
    assert (report["created"], report["applied"]) == (1, True)
    assert list(Offer.objects.values_list("reference", flat=True)) == ["R-1"]
    done = client.get(response["Location"]).content.decode()
    assert 'data-polling="false"' in done and "1 offre(s) créée(s)" in done
    assert "Date « 32/13/2026 » invalide : écrivez jj/mm/aaaa (ou aaaa-mm-jj)." in done


def test_the_progress_bar_follows_the_import_while_it_runs(world):
    """The job reports how far it is, through the core's progress service, in both passes."""
    from plugins.offers.importer import import_offers

    seen = []
    rows = [good_row(reference=f"P-{i}", disponible_au="31/12/2099") for i in range(2500)]
    import_offers("offres.csv", csv_bytes(rows), world.organisation("Ville de Lyon"), progress=lambda *step: seen.append(step))
    checks = [(done, total) for done, total, message in seen if message == "Vérification des lignes"]
    assert checks == [(1000, 2500), (2000, 2500)]
    writes = [done for done, total, message in seen if total == 2500 and message != "Vérification des lignes"]
    assert writes == sorted(writes) and writes[-1] == 2500


def test_someone_elses_import_report_is_not_shown(client, roles, person, world, media, upload):
    client.force_login(roles["coordinator_lyon"])
    location = upload(csv_bytes([good_row()]))["Location"]
    client.force_login(person("coord.lyon.2", "offers.coordinator", world.organisation("Ville de Lyon")))
    assert client.get(location).status_code == 404


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
    # its own organisation and those based in its commune, never another commune's
    assert [o.name for o in form.fields["organisation"].queryset] == ["Lyon Métropole Habitat", "Ville de Lyon"]
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


def test_the_inspect_page_shows_the_history_with_labels_and_names_never_raw_fields(client, roles, make_offer):
    """Issue 20.3: the offer's page listed changed field names ("places_available, status"); it shows the core's table."""
    offer = make_offer(status=Offer.Status.SUBMITTED, vetted_at=None, **dict.fromkeys(Offer.CHECKLIST_FIELDS, False))
    client.force_login(roles["coordinator_lyon"])
    client.post(f"/admin/offers/vet/{offer.pk}/", dict.fromkeys(Offer.CHECKLIST_FIELDS, "on"))
    page = client.get(f"/admin/offers/inspect/{offer.pk}/").content.decode()
    assert "Statut</strong> : Proposée → Disponible" in page
    assert "Qualifiée par</strong> : — → coord.lyon" in page
    assert "places_available" not in page and "vetted_by" not in page
    assert f'href="/admin/logis/historique/offers.offer/{offer.pk}/"' in page


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
    text = csv_text(export)
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


def test_a_coordinator_adds_an_offer_in_its_commune_only(client, roles, world):
    client.force_login(roles["coordinator_lyon"])
    form = client.get("/admin/offers/new/").context["form"]
    assert list(form.fields["commune"].queryset.values_list("code", flat=True)) == ["69123"]
    data = {
        "organisation": world.organisation("Ville de Lyon").pk, "reference": "NOUVELLE", "provider_kind": "citizen",
        "accommodation_kind": "room", "commune": world.territory("FR/84/69/69123").pk, "places_max": "2",
        "places_available": "2", "available_from": "01/12/2026", "host_name": "Inès Essai", "host_phone": "06 12 34 56 78",
        "coordinator_email": "crise@lyon.exemple.fr", "coordinator_phone": "04 72 10 00 00",
    }
    response = client.post("/admin/offers/new/", {**data, "commune": world.territory("FR/84/38/38185").pk})
    assert response.status_code == 200 and "commune" in response.context["form"].errors
    response = client.post("/admin/offers/new/", {**data, "coordinator_phone": ""})
    assert "coordinator_phone" in response.context["form"].errors
    response = client.post("/admin/offers/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    offer = Offer.objects.get(reference="NOUVELLE")
    assert (offer.status, offer.host_phone, offer.available_from.isoformat()) == ("submitted", "+33612345678", "2026-12-01")
    assert AuditEntry.objects.for_object(offer).get().action == "create"


def test_an_edit_form_opened_before_an_allocation_cannot_give_the_places_back(client, roles, make_offer):
    from plugins.offers.matching import Household, allocate

    offer = make_offer(places_max=4, places_available=4)
    client.force_login(roles["coordinator_lyon"])
    page = client.get(f"/admin/offers/edit/{offer.pk}/")
    form = page.context["form"]
    assert f'name="version" value="{form.initial["version"]}"' in page.content.decode()
    data = {name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None}
    data.update(available_from="01/03/2026", available_until="", remarks="Deux chambres")
    allocate(offer.pk, Household(adults=3), roles["coordinator_lyon"])
    response = client.post(f"/admin/offers/edit/{offer.pk}/", data)
    assert response.status_code == 200 and "modifiée entre-temps" in str(response.context["form"].non_field_errors())
    offer.refresh_from_db()
    assert (offer.places_available, offer.remarks) == (1, "")
    fresh = client.get(f"/admin/offers/edit/{offer.pk}/").context["form"].initial
    response = client.post(f"/admin/offers/edit/{offer.pk}/", {**data, "version": fresh["version"], "places_available": "1"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.places_available, offer.remarks) == (1, "Deux chambres")
