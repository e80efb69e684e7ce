"""Who sees what through the API, for each attestations role, inside and outside its territory."""

import datetime

import pytest
from django.utils import timezone

from plugins.attestations.models import Delivery, IdentityChange, IssuedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def files(make_applicant, make_template):
    make_template()
    return {
        "lyon": make_applicant(number="LYON-0001"),
        "villeurbanne": make_applicant("FR/84/69/69266", number="VILLEURBANNE-0001"),
        "grenoble": make_applicant("FR/84/38/38185", "Ville de Grenoble", number="GRENOBLE-0001"),
    }


def numbers(client):
    response = client.get("/api/attestations/applicants?limit=100")
    assert response.status_code == 200, response.content
    return sorted(item["number"] for item in response.json()["items"])


@pytest.mark.parametrize("role,expected", [
    ("agent_lyon", ["LYON-0001"]),
    ("agent_grenoble", ["GRENOBLE-0001"]),
    ("manager_lyon", ["LYON-0001"]),
    ("gt_rhone", ["LYON-0001", "VILLEURBANNE-0001"]),
    ("gt_isere", ["GRENOBLE-0001"]),
])
def test_each_role_lists_exactly_its_territory(client, roles, files, role, expected):
    client.force_login(roles[role])
    assert numbers(client) == expected


@pytest.mark.parametrize("role", ["national", "editor_sne"])
def test_aggregates_only_and_template_roles_never_read_a_file(client, roles, files, role):
    client.force_login(roles[role])
    assert client.get("/api/attestations/applicants").status_code == 403
    assert client.get("/api/attestations/applicants/LYON-0001").status_code == 403


def test_a_counter_cannot_issue_for_another_territorys_applicant(client, roles, files):
    client.force_login(roles["agent_lyon"])
    other = files["grenoble"]
    payload = {"template": "attestation", "applicant": other.number, "channel": "download"}
    assert client.post("/api/attestations/documents", payload, content_type="application/json").status_code == 404
    assert client.get(f"/api/attestations/applicants/{other.number}").status_code == 404
    assert client.get(f"/api/attestations/applicants/{other.number}/history").status_code == 404
    assert client.post(f"/api/attestations/applicants/{other.number}/identity", {"field": "birth_name", "value": "X"},
                       content_type="application/json").status_code == 404
    assert client.get(f"/api/attestations/applicants/{other.number}/personal-data").status_code == 403
    assert not IssuedDocument.objects.filter(applicant=other).exists()
    assert not IdentityChange.objects.exists()
    own = client.post("/api/attestations/documents", {**payload, "applicant": "LYON-0001"}, content_type="application/json")
    assert own.status_code == 200 and own.json()["deliveries"][0]["channel"] == "download"


def test_an_issued_document_outside_the_territory_cannot_be_downloaded_or_bounced(client, roles, files):
    from plugins.attestations.sending import issue_and_send
    from plugins.attestations.models import DocumentTemplate

    document, deliveries = issue_and_send(DocumentTemplate.objects.get(), files["grenoble"], roles["agent_grenoble"], "mail")
    client.force_login(roles["agent_lyon"])
    assert client.get(f"/api/attestations/documents/{document.pk}/pdf").status_code == 404
    assert client.post(f"/api/attestations/deliveries/{deliveries[0].pk}/bounce").status_code == 404
    client.force_login(roles["gt_isere"])
    response = client.get(f"/api/attestations/documents/{document.pk}/pdf")
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    assert Delivery.objects.get(pk=deliveries[0].pk).status == "sent"


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_an_expired_or_revoked_role_gives_nothing(client, agent, files, state):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    extra = ({"valid_from": yesterday - datetime.timedelta(days=365), "valid_until": yesterday} if state == "expired"
             else {"revoked_at": timezone.now()})
    client.force_login(agent("ancien", "attestations.counter_agent", "Ville de Lyon", **extra))
    assert client.get("/api/attestations/applicants").status_code == 403
    assert client.post("/api/attestations/documents", {"template": "attestation", "applicant": "LYON-0001"},
                       content_type="application/json").status_code == 403


def test_a_send_to_many_refuses_numbers_held_elsewhere_without_saying_more(client, roles, files):
    client.force_login(roles["agent_lyon"])
    response = client.post("/api/attestations/sends", {"template": "attestation", "applicants": ["LYON-0001", "GRENOBLE-0001"]},
                           content_type="application/json")
    assert response.status_code == 404 and "GRENOBLE-0001" in response.json()["detail"]
    unknown = client.post("/api/attestations/sends", {"template": "attestation", "applicants": ["LYON-0001", "NULLE-PART"]},
                          content_type="application/json")
    assert unknown.json()["detail"].replace("NULLE-PART", "GRENOBLE-0001") == response.json()["detail"]


@pytest.mark.parametrize("url,payload", [
    ("/api/attestations/documents", {"template": "attestation", "applicant": "LYON-0001' OR 1=1 --"}),
    ("/api/attestations/documents", {"template": "x" * 51, "applicant": "LYON-0001"}),
    ("/api/attestations/documents", {"template": "attestation", "applicant": "LYON-0001", "channel": "fax"}),
    ("/api/attestations/sends", {"template": "attestation", "applicants": ["LYON-0001"] * 5001}),
    ("/api/attestations/sends", {"template": "attestation", "applicants": []}),
    ("/api/attestations/applicants/LYON-0001/identity", {"field": "is_superuser", "value": "1"}),
    ("/api/attestations/applicants/LYON-0001/identity", {"field": "birth_name", "value": "x" * 151}),
    ("/api/attestations/templates/preview", {"body": "x" * 50_001}),
])
def test_hostile_input_is_a_french_422_never_a_500(client, roles, files, url, payload):
    client.force_login(roles["manager_lyon"] if "preview" not in url else roles["editor_sne"])
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["detail"]


@pytest.mark.parametrize("url", [
    "/api/attestations/applicants/" + "9" * 40, "/api/attestations/documents/99999999999999999999999/pdf",
    "/api/attestations/applicants/%00", "/api/attestations/applicants?limit=100000", "/api/attestations/applicants?offset=-1",
    "/api/attestations/applicants?search=" + "x" * 65,
])
def test_hostile_look_ups_answer_404_or_422(client, roles, files, url):
    client.force_login(roles["gt_rhone"])
    assert client.get(url).status_code in (404, 422)


def test_a_bad_birth_date_is_refused_in_french(client, roles, files):
    client.force_login(roles["agent_lyon"])
    response = client.post("/api/attestations/applicants/LYON-0001/identity", {"field": "birth_date", "value": "31/02/1990"},
                           content_type="application/json")
    assert response.status_code == 422 and "date" in response.json()["detail"].lower()
