"""The admin screens: an agent issues from the applicant's page and downloads the PDF; identity changes; the editor; monitoring."""

import html

import pytest
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

from plugins.attestations.issuing import RICH_TEXT_FEATURES
from plugins.attestations.models import DocumentTemplate, IdentityChange, IssuedDocument

pytestmark = pytest.mark.django_db


def test_an_agent_issues_from_the_applicants_page_and_downloads_the_pdf(client, roles, make_applicant, make_template):
    template, applicant = make_template(), make_applicant(number="LYON-0001")
    client.force_login(roles["agent_lyon"])
    page = client.get(f"/admin/attestations/demandeurs/inspect/{applicant.pk}/")
    assert page.status_code == 200 and "Émettre un document" in page.content.decode()
    response = client.post(f"/admin/attestations/demandeurs/issue/{applicant.pk}/", {"template": template.pk, "channel": "download"})
    document = IssuedDocument.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/document/{document.pk}/")
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    history = client.get(f"/admin/attestations/demandeurs/inspect/{applicant.pk}/").content.decode()
    assert "Téléchargement au guichet" in history and "Télécharger" in history


def test_another_territorys_applicant_is_not_found_in_the_admin(client, roles, make_applicant, make_template):
    template, other = make_template(), make_applicant("FR/84/38/38185", "Ville de Grenoble")
    client.force_login(roles["agent_lyon"])
    assert client.get(f"/admin/attestations/demandeurs/inspect/{other.pk}/").status_code == 404
    assert client.post(f"/admin/attestations/demandeurs/issue/{other.pk}/", {"template": template.pk, "channel": "mail"}).status_code == 404
    assert client.post(f"/admin/attestations/demandeurs/identity/{other.pk}/", {"field": "birth_name", "value": "X"}).status_code == 404
    assert not IssuedDocument.objects.exists() and not IdentityChange.objects.exists()


def test_identity_changes_from_the_page_and_decided_on_the_monitoring_screen(client, roles, make_applicant):
    applicant = make_applicant(number="LYON-0001")
    client.force_login(roles["agent_lyon"])
    client.post(f"/admin/attestations/demandeurs/identity/{applicant.pk}/", {"field": "birth_name", "value": "DUPONT"})
    change = IdentityChange.objects.get()
    assert change.state == "pending"
    assert client.get("/admin/attestations/controle/").status_code in (302, 403)   # an agent does not monitor
    client.force_login(roles["manager_lyon"])
    screen = client.get("/admin/attestations/controle/")
    assert screen.status_code == 200 and "LYON-0001" in screen.content.decode()
    client.post("/admin/attestations/controle/", {"change": change.pk, "decision": "valider"})
    applicant.refresh_from_db()
    assert applicant.birth_name == "DUPONT"
    export = client.get("/admin/attestations/controle/?export=csv")
    assert export.status_code == 200 and "LYON-0001" in b"".join(export.streaming_content).decode("utf-8-sig")


def draftail(html):
    """``html`` as Draftail posts it: its JSON content state."""
    return ContentstateConverter(list(RICH_TEXT_FEATURES)).from_database_format(html)


def test_the_editor_saves_a_version_and_an_unknown_field_is_refused_with_its_line(client, roles, make_template):
    template = make_template()
    client.force_login(roles["editor_sne"])
    page = client.get(f"/admin/attestations/modeles/version/{template.pk}/").content.decode()
    assert "demandeur.date_depot" in page and "wagtailadmin/js/draftail.js" in page and 'data-draftail-input' in page
    refused = client.post(f"/admin/attestations/modeles/version/{template.pk}/",
                          {"subject": "", "body": draftail("<p>a</p><p>{{ x.y }}</p>")})
    assert refused.status_code == 200 and "x.y (ligne 2)" in refused.content.decode()
    unbalanced = client.post(f"/admin/attestations/modeles/version/{template.pk}/",
                             {"subject": "", "body": draftail("<p>a</p><p>b</p><p>{% si demandeur.accompagne %}</p><p>c</p>")})
    assert "Ligne 3 : bloc « si » jamais fermé" in unbalanced.content.decode()
    client.post(f"/admin/attestations/modeles/version/{template.pk}/", {
        "subject": "S", "body": draftail("<p>{{ demandeur.prenoms }}</p><p>{% si demandeur.renouvellement %}</p><p>Renouvelée</p>"
                                         "<p>{% finsi %}</p><ul><li>a</li><li>b</li></ul>")})
    version = DocumentTemplate.objects.get().versions.first()
    assert version.number == 2 and version.body == ("<p>{{ demandeur.prenoms }}</p>\n{% si demandeur.renouvellement %}\n"
                                                   "<p>Renouvelée</p>\n{% finsi %}\n<ul><li>a</li>\n<li>b</li></ul>")
    assert DocumentTemplate.objects.get().versions.count() == 2
    preview = client.post("/api/attestations/templates/preview", {"kind": "sms", "body": "Bonjour {{ demandeur.prenoms }} œ"},
                          content_type="application/json").json()
    assert preview["body"] == "Bonjour Camille Louise œ" and preview["sms"] == {"encoding": "UCS-2", "characters": 24, "segments": 1}
    assert client.get("/admin/attestations/demandeurs/").status_code in (302, 403)


def test_the_live_preview_renders_the_editors_content_on_samples_through_the_sanitiser(client, roles, make_template):
    template = make_template()
    client.force_login(roles["editor_sne"])
    url = f"/admin/attestations/modeles/version/{template.pk}/?apercu=1"
    shown = client.post(url, {"subject": "{{ demandeur.numero_unique }}", "body": draftail(
        '<p>Bonjour {{ demandeur.prenoms }}</p><p><a href="javascript:alert(1)">x</a></p>')}).json()
    assert shown["subject"] == "069123-2026-00042" and "<p>Bonjour Camille Louise</p>" in shown["body"]
    assert "javascript" not in shown["body"] and shown["error"] is None
    wrong = client.post(url, {"subject": "", "body": draftail("<p>a</p><p>{{ demandeur.nir }}</p>")}).json()
    assert wrong["field"] == "demandeur.nir" and wrong["line"] == 2 and "ligne 2" in wrong["error"]
    assert DocumentTemplate.objects.get().versions.count() == 1   # a preview saves nothing


@pytest.mark.parametrize("body,message", [
    ("<p>pas du JSON</p>", "n'est pas celui de l'éditeur"), ("[1, 2]", "n'est pas celui de l'éditeur"),
    ('{"blocks": 3}', "n'est pas celui de l'éditeur"), ("null", "Champ requis"),
])
def test_a_body_that_is_not_the_editors_is_refused_in_french_never_a_500(client, roles, make_template, body, message):
    template = make_template()
    client.force_login(roles["editor_sne"])
    response = client.post(f"/admin/attestations/modeles/version/{template.pk}/", {"subject": "", "body": body})
    assert response.status_code == 200 and message in html.unescape(response.content.decode())
    assert client.post(f"/admin/attestations/modeles/version/{template.pk}/?apercu=1", {"body": body}).json()["error"]
    assert DocumentTemplate.objects.get().versions.count() == 1


def test_another_organisations_template_is_not_found_by_the_editor(client, agent, make_template):
    template = make_template(org_name="GIP SNE")
    client.force_login(agent("modeles.grenoble", "attestations.editor", "Ville de Grenoble"))
    assert client.get(f"/admin/attestations/modeles/version/{template.pk}/").status_code == 404
    assert client.post(f"/admin/attestations/modeles/version/{template.pk}/", {"body": draftail("<p>x</p>")}).status_code == 404
    assert client.post(f"/admin/attestations/modeles/version/{template.pk}/?apercu=1", {"body": draftail("<p>x</p>")}).status_code == 404
    assert template.versions.count() == 1


def test_a_bulk_send_refuses_numbers_outside_the_territory(client, roles, make_applicant, make_template):
    template = make_template()
    make_applicant(number="LYON-0001"), make_applicant("FR/84/38/38185", "Ville de Grenoble", number="GRENOBLE-0001")
    client.force_login(roles["agent_lyon"])
    response = client.post("/admin/attestations/envoi-groupe/", {"template": template.pk, "channel": "mail", "numbers": "lyon-0001\nGRENOBLE-0001"})
    assert response.status_code == 200 and "GRENOBLE-0001" in response.content.decode()
    ok = client.post("/admin/attestations/envoi-groupe/", {"template": template.pk, "channel": "mail", "numbers": "lyon-0001"})
    assert ok.status_code == 302 and "tache=" in ok["Location"]
