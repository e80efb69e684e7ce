"""The offers list: filters a coordinator needs, one French export of exactly what the list shows, screens named in their heading."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from plugins.offers.models import Offer

pytestmark = pytest.mark.django_db


def csv_of(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_export_is_linked_from_the_list_honours_its_filters_and_opens_in_french_excel(client, roles, make_offer):
    make_offer(reference="AVEC-ENFANTS", children_welcome=True, remarks="=HYPERLINK(\"x\")", postcode="69003")
    make_offer(reference="SANS-ENFANTS", children_welcome=False)
    make_offer("Ville de Grenoble", "FR/84/38/38185", reference="GRENOBLE")
    client.force_login(roles["coordinator_lyon"])
    page = client.get("/admin/offers/", {"children_welcome": "true"}).content.decode()
    assert "/admin/offers/export/csv/?children_welcome=true" in page
    body = csv_of(client.get("/admin/offers/export/csv/", {"children_welcome": "true"}))
    lines = body.splitlines()
    assert body.startswith("\ufeffRéférence;Organisation;Statut;Type d'hébergeur") and len(lines) == 2
    assert "AVEC-ENFANTS;Ville de Lyon;Disponible;Particulier;Appartement;3 rue de l'Essai;69003;Lyon" in lines[1]
    assert "'=HYPERLINK" in lines[1] and "GRENOBLE" not in body
    today = timezone.localdate() - datetime.timedelta(days=5)
    assert today.strftime("%d/%m/%Y") in lines[1] and ";oui;" in lines[1]
    sheet = load_workbook(io.BytesIO(client.get("/admin/offers/export/xlsx/").content)).active
    assert sheet.max_row == 3
    redirected = client.get("/admin/offers/", {"export": "csv", "children_welcome": "true"})
    assert redirected.status_code == 302 and redirected["Location"] == "/admin/offers/export/csv/?children_welcome=true"


def test_list_filters_for_children_a_covered_date_organisation_and_quiet_offers(client, roles, make_offer):
    today = timezone.localdate()
    make_offer(reference="LATER", available_from=today + datetime.timedelta(days=30), available_until=None)
    quiet = make_offer(reference="QUIET")
    Offer.objects.filter(pk=quiet.pk).update(updated_at=timezone.now() - datetime.timedelta(days=40))
    make_offer("DDETS du Rhône", reference="DDETS")
    client.force_login(roles["department_rhone"])

    def listed(**query):
        return sorted(o.reference for o in client.get("/admin/offers/", query).context["object_list"])

    assert listed(covers=(today + datetime.timedelta(days=61)).strftime("%d/%m/%Y")) == ["LATER"]
    assert listed(quiet_days="30") == ["QUIET"]
    ddets = Offer.objects.get(reference="DDETS").organisation_id
    assert listed(organisation=str(ddets)) == ["DDETS"]


@pytest.mark.parametrize("url, heading", [
    ("/admin/offres/attribution/", "Trouver une place pour un ménage"),
    ("/admin/offres/import/", "Importer des offres"),
    ("/admin/offres/pilotage/", "Pilotage des places d&#x27;hébergement"),
    ("/admin/offres/attributions/", "Attributions en cours"),
])
def test_each_plugin_screen_names_itself_in_its_heading(client, roles, url, heading):
    client.force_login(roles["department_rhone"])
    page = client.get(url).content.decode()
    header = page[page.index("<header"):page.index("</header>")]
    assert heading in header
