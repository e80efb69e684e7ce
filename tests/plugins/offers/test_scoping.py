"""Who sees what, through the real admin views, API and search documents, for each offers role."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from plugins.offers.models import Offer
from plugins.offers.search import offer_document_type

from .files import csv_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(make_offer):
    return {
        "lyon": make_offer("Ville de Lyon", "FR/84/69/69123", reference="LYON"),
        "villeurbanne": make_offer("Ville de Villeurbanne", "FR/84/69/69266", reference="VILLEURBANNE"),
        "grenoble": make_offer("Ville de Grenoble", "FR/84/38/38185", reference="GRENOBLE"),
        "liege": make_offer("Ville de Liège", "BE/03000/60000/62063", reference="LIEGE"),
    }


def login(client, user):
    client.force_login(user)
    return client


def api_references(client):
    response = client.get("/api/offers/?limit=100")
    assert response.status_code == 200, response.content
    return sorted(item["reference"] for item in response.json()["items"])


def admin_references(client):
    response = client.get("/admin/offers/")
    assert response.status_code == 200
    html = response.content.decode()
    return sorted(ref for ref in ("LYON", "VILLEURBANNE", "GRENOBLE", "LIEGE") if re.search(rf">\s*{ref}\s*<", html))


@pytest.mark.parametrize("role,expected", [
    ("coordinator_lyon", ["LYON"]),
    ("coordinator_grenoble", ["GRENOBLE"]),
    ("department_rhone", ["LYON", "VILLEURBANNE"]),
    ("association", ["GRENOBLE", "LYON", "VILLEURBANNE"]),
])
def test_each_role_lists_exactly_its_territory_in_the_admin_and_the_api(client, roles, offers, role, expected):
    login(client, roles[role])
    assert api_references(client) == expected
    assert admin_references(client) == expected


def test_a_commune_coordinator_cannot_reach_another_communes_offer(client, roles, offers):
    login(client, roles["coordinator_lyon"])
    other = offers["villeurbanne"]
    assert client.get(f"/api/offers/{other.pk}").status_code == 404
    assert client.patch(f"/api/offers/{other.pk}", {"places_available": 0}, content_type="application/json").status_code == 404
    assert client.post(f"/api/offers/{other.pk}/vetting", {}, content_type="application/json").status_code == 404
    assert client.get(f"/admin/offers/inspect/{other.pk}/").status_code == 404
    assert client.get(f"/admin/offers/edit/{other.pk}/").status_code == 404
    assert client.get(f"/admin/offers/history/{other.pk}/").status_code == 404
    assert client.get(f"/admin/offers/usage/{other.pk}/").status_code == 404
    assert client.post(f"/admin/offers/delete/{other.pk}/").status_code in (302, 403, 404)
    assert client.post(f"/admin/offers/vet/{other.pk}/", dict.fromkeys(Offer.CHECKLIST_FIELDS, "on")).status_code == 404
    other.refresh_from_db()
    assert other.places_available == 3
    own = offers["lyon"]
    assert client.get(f"/api/offers/{own.pk}").json()["host_email"] == "martine@exemple.org"
    assert client.get(f"/admin/offers/inspect/{own.pk}/").status_code == 200
    response = client.get(f"/admin/offers/history/{own.pk}/", follow=True)  # Wagtail's "Historique" leads to the core's
    assert response.status_code == 200
    assert response.redirect_chain == [(f"/admin/logis/historique/offers.offer/{own.pk}/", 302)]
    assert Offer.objects.filter(pk=other.pk).exists()


def test_a_coordinator_edits_its_own_offer_through_the_admin_form_and_the_api(client, roles, offers):
    login(client, roles["coordinator_lyon"])
    own = offers["lyon"]
    response = client.patch(f"/api/offers/{own.pk}", {"places_available": 0}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "full"
    response = client.patch(f"/api/offers/{own.pk}", {"places_available": 9}, content_type="application/json")
    assert response.status_code == 422
    assert "places disponibles" in response.json()["detail"]
    form = client.get(f"/admin/offers/edit/{own.pk}/").context["form"]
    assert list(form.fields["commune"].queryset.values_list("code", flat=True)) == ["69123"]
    data = {name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None}
    data.update(places_available="2", host_phone="04 65 71 00 99", available_from="01/03/2026", available_until="")
    response = client.post(f"/admin/offers/edit/{own.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    own.refresh_from_db()
    assert (own.places_available, own.status, own.host_phone) == (2, "available", "+33465710099")


def test_the_mandated_association_updates_offers_of_its_mandate_only(client, roles, offers):
    login(client, roles["association"])
    grenoble, liege = offers["grenoble"], offers["liege"]
    assert client.patch(f"/api/offers/{grenoble.pk}", {"places_available": 1}, content_type="application/json").status_code == 200
    assert client.patch(f"/api/offers/{liege.pk}", {"places_available": 1}, content_type="application/json").status_code == 404
    grenoble.refresh_from_db()
    assert grenoble.places_available == 1


def test_the_national_role_sees_aggregates_and_never_rows(client, roles, offers, world, scoping_matrix):
    scoping_matrix("offers", inside=offers.values()).check_aggregates_only("offers.national", world.organisation("GIP SNE"))
    login(client, roles["national"])
    assert client.get("/api/offers/").status_code == 403
    assert client.get(f"/api/offers/{offers['lyon'].pk}").status_code == 403
    assert client.get("/admin/offers/").status_code in (302, 403)
    assert client.get(f"/admin/offers/inspect/{offers['lyon'].pk}/").status_code in (302, 403)
    assert client.get("/admin/offers/export/csv/").status_code in (302, 403)
    stats = client.get("/api/offers/stats").json()
    assert {row["department"]: row["places_offered"] for row in stats["departments"]} == {
        "Rhône": 6, "Isère": 3, "Province de Liège": 3}
    assert "host_email" not in str(stats) and "LYON" not in str(stats)
    dashboard = client.get("/admin/offres/pilotage/")
    assert dashboard.status_code == 200 and b"<svg" in dashboard.content
    export = client.get("/admin/offres/pilotage/?export=csv")
    assert export.status_code == 200
    text = csv_text(export)
    assert "Villeurbanne" in text and "martine" not in text and "LYON" not in text
    workbook = client.get("/admin/offres/pilotage/?export=xlsx")
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Grenoble", "Liège", "Lyon", "Villeurbanne"]
    assert client.get("/admin/offres/pilotage/?export=pdf").status_code == 404


@pytest.mark.parametrize("role,organisation,outside", [
    ("offers.department_service", "DDETS du Rhône", "grenoble"),
    ("offers.mandated_association", "Forum Réfugiés", "liege"),
    ("offers.coordinator", "Ville de Grenoble", "lyon"),
])
def test_no_role_reaches_an_offer_outside_its_territory(client, roles, offers, world, scoping_matrix, role, organisation, outside):
    """Every admin, API and export URL of offers: the outside offer is never shown, reached nor changed (the matrix)."""
    other = offers[outside]
    scoping_matrix("offers", outside=[other]).check_role(role, world.organisation(organisation))
    login(client, roles[{"grenoble": "department_rhone", "liege": "association", "lyon": "coordinator_grenoble"}[outside]])
    assert client.post(f"/api/offers/{other.pk}/allocations", {"adults": 1}, content_type="application/json").status_code == 404
    assert client.get(f"/api/offers/?commune={other.commune.code}").json()["count"] == 0
    other.refresh_from_db()
    assert (other.status, other.places_available) == ("available", 3)


def test_the_admin_list_filters_narrow_the_scope_never_widen_it(client, roles, offers, make_offer):
    make_offer("Ville de Lyon", "FR/84/69/69123", reference="LYON-FULL", places_available=0, status=Offer.Status.FULL)
    login(client, roles["department_rhone"])
    villeurbanne = offers["villeurbanne"].commune
    page = client.get("/admin/offers/", {"commune": villeurbanne.pk})
    assert [o.reference for o in page.context["object_list"]] == ["VILLEURBANNE"]
    page = client.get("/admin/offers/", {"status": "full"})
    assert [o.reference for o in page.context["object_list"]] == ["LYON-FULL"]
    page = client.get("/admin/offers/", {"places": 1})
    assert sorted(o.reference for o in page.context["object_list"]) == ["LYON", "VILLEURBANNE"]
    filters = page.context["filters"].form.fields
    assert list(filters["commune"].queryset.values_list("code", flat=True).order_by("code")) == ["69123", "69259", "69266"]
    outside = client.get("/admin/offers/", {"commune": offers["grenoble"].commune.pk})
    assert "commune" in outside.context["filters"].form.errors
    assert "GRENOBLE" not in [o.reference for o in outside.context["object_list"]]


@pytest.mark.parametrize("role,organisation", [
    ("offers.coordinator", "Ville de Lyon"),
    ("offers.department_service", "DDETS du Rhône"),
    ("offers.mandated_association", "Forum Réfugiés"),
    ("offers.national", "GIP SNE"),
])
def test_an_expired_or_revoked_role_gives_nothing(offers, world, scoping_matrix, role, organisation):
    """Every admin, API and export URL of offers refuses both, and no offer shows (the matrix)."""
    for answers in scoping_matrix("offers", inside=offers.values()).check_lapsed(role, world.organisation(organisation)):
        response = answers.by_url["/api/offers/"]
        assert response.status_code == 403
        assert "rôle en cours de validité" in response.json()["detail"]


def test_anonymous_users_get_nothing(client, offers):
    assert client.get("/api/offers/").status_code == 401
    assert client.get("/admin/offers/").status_code == 302


def test_search_documents_carry_what_the_search_service_filters_on(offers, world):
    document_type = offer_document_type()
    assert (document_type.name, document_type.model) == ("offers.offer", Offer)
    document = document_type.to_document(offers["villeurbanne"])
    assert (document.audience, document.permission, document.territory_path, document.organisation_id) == (
        "scoped", "offers.view", "FR/84/69/69266", world.organisation("Ville de Villeurbanne").pk)
    assert document.url == f"/admin/offers/inspect/{offers['villeurbanne'].pk}/"
    assert "martine" not in (document.title + document.body).lower()
    offers["lyon"].status = Offer.Status.WITHDRAWN
    offers["lyon"].save()
    assert document_type.to_document(offers["lyon"]) is None
    assert offers["lyon"] not in document_type.queryset()


def test_search_criteria_of_the_core_scope_match_the_documents(roles, offers):
    from logis.accounts.scoping import Scope

    criteria = Scope.for_user(roles["coordinator_lyon"], "offers.view").document_criteria()
    documents = [offer_document_type().to_document(o) for o in offers.values()]
    visible = [d.slug for d in documents if any(d.territory_path == p or d.territory_path.startswith(p + "/") for p in criteria["territory_paths"])]
    assert visible == ["LYON"]


@pytest.mark.parametrize("mode,dry_run", [("all_or_nothing", True), ("all_or_nothing", False), ("valid_rows", False)],
                         ids=["dry-run", "all-or-nothing", "valid-rows"])
def test_an_import_by_reference_never_reaches_an_offer_outside_the_importers_territory(
        client, person, make_offer, world, run_jobs, settings, tmp_path, django_capture_on_commit_callbacks, mode, dry_run):
    """Issue 9.1: same organisation, same reference, another commune: the row is refused and the report says nothing more."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from logis.jobs.models import JobRecord

    from .files import csv_bytes, good_row

    settings.MEDIA_ROOT = tmp_path
    elsewhere = make_offer("DDETS du Rhône", "FR/84/69/69266", reference="DDETS-7", host_name="Martine Exemple")
    login(client, person("coord.ddets.lyon", "offers.coordinator", world.organisation("DDETS du Rhône"), world.territory("FR/84/69/69123")))
    data = csv_bytes([good_row(reference="DDETS-7", nom_contact="Intrus"), good_row(reference="R-2")])
    form = {"file": SimpleUploadedFile("offres.csv", data), "organisation": world.organisation("DDETS du Rhône").pk,
            "mode": mode, **({"dry_run": "on"} if dry_run else {})}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/offres/import/", form)
    run_jobs("imports")
    report = JobRecord.objects.get().result
    assert (report["to_update"], report["to_create"], report["updated"]) == (0, 1, 0)
    assert [(p["line"], p["column"], p["message"]) for p in report["problems"]] == [
        (2, "reference", "Référence « DDETS-7 » hors de votre territoire.")]
    assert report["created"] == (1 if mode == "valid_rows" else 0)
    elsewhere.refresh_from_db()
    assert (elsewhere.commune.code, elsewhere.host_name, elsewhere.places_available) == ("69266", "Martine Exemple", 3)
    assert client.get(f"/admin/offers/inspect/{elsewhere.pk}/").status_code == 404


def test_the_api_answers_out_of_scope_and_aggregates_only_in_french(client, roles, offers):
    login(client, roles["coordinator_lyon"])
    response = client.get(f"/api/offers/{offers['grenoble'].pk}")
    assert (response.status_code, response.json()["detail"]) == (404, "Offre d'hébergement introuvable dans votre territoire.")
    assert client.get(f"/api/offers/{offers['lyon'].pk}").status_code == 200
    login(client, roles["national"])
    response = client.get("/api/offers/")
    assert response.status_code == 403 and "chiffres agrégés" in response.json()["detail"]
