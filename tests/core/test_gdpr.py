"""An agent's personal data: shown, exported and erased through the admin, by whom the scope allows."""

import csv
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from logis import hookimpl
from logis.accounts.models import RoleAssignment
from logis.audit.models import AuditEntry

TODAY = timezone.localdate()


class NotebookPlugin:
    """A plugin keeping notes about agents, to see the hook called for export and for erasure."""

    def __init__(self):
        self.notes = {}

    @hookimpl
    def logis_personal_data(self, user, erase):
        notes = self.notes.get(user.pk)
        if not notes:
            return None
        if erase:
            del self.notes[user.pk]
            return {"notes": len(notes)}
        return {"Carnet de notes": [{"note": note} for note in notes]}


class FailingEraser:
    @hookimpl
    def logis_personal_data(self, user, erase):
        if erase:
            raise RuntimeError("base injoignable")


@pytest.fixture
def lyon(demo_territories, person, client, register_plugin):
    org = demo_territories.organisation
    manager = person("gestion.lyon", "core.role_manager", org("Ville de Lyon"))
    agent = person("claire.agent", "core.professional", org("Ville de Lyon"), valid_until=None)
    agent.first_name, agent.last_name = "Claire", "Martin"
    agent.save()
    notebook = NotebookPlugin()
    notebook.notes[agent.pk] = ["=HYPERLINK(\"x\") rappeler lundi"]
    register_plugin(notebook, name="zz_carnet")
    client.force_login(manager)
    return {"manager": manager, "agent": agent, "notebook": notebook, "org": org}


def url(user, suffix=""):
    return f"/admin/logis/rgpd/{user.pk}/{suffix}"


def test_the_page_shows_account_roles_history_and_plugin_sections(client, lyon):
    AuditEntry.objects.create(content_type=ContentType.objects.get_for_model(RoleAssignment), object_id="1",
                              object_repr="x", action="update", user=lyon["agent"], user_repr="claire.agent")
    page = client.get(url(lyon["agent"])).content.decode()
    assert "claire.agent@example.org" in page and "Martin" in page
    assert "Professionnel ou professionnelle" in page and "Ville de Lyon" in page
    assert TODAY.strftime("%d/%m/%Y") in page
    assert "1 entrée rédigée par cette personne" in page
    assert "Carnet de notes" in page and "rappeler lundi" in page
    assert "obligation légale" in page


def test_json_export_holds_everything_as_an_attachment(client, lyon):
    response = client.get(url(lyon["agent"], "export/json/"))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith(f'attachment; filename="donnees-personnelles-{lyon["agent"].pk}-')
    data = json.loads(response.content)
    assert data["compte"]["identifiant"] == "claire.agent"
    assert data["compte"]["courriel"] == "claire.agent@example.org"
    [assignment] = data["attributions_de_roles"]
    assert (assignment["role"], assignment["organisation"], assignment["valide_du"], assignment["revoquee_le"]) == (
        "Professionnel ou professionnelle", "Ville de Lyon", TODAY.isoformat(), None)
    assert data["entrees_d_historique_redigees"] == 0
    assert data["extensions"] == {"Carnet de notes": [{"note": "=HYPERLINK(\"x\") rappeler lundi"}]}


def test_csv_export_is_an_attachment_with_formulas_neutralised(client, lyon):
    response = client.get(url(lyon["agent"], "export/csv/"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="donnees-personnelles-')
    rows = list(csv.reader(b"".join(response.streaming_content).decode("utf-8-sig").splitlines(), delimiter=";"))
    assert ["compte", "1", "nom", "Martin"] in rows
    assert ["Carnet de notes", "1", "note", "'=HYPERLINK(\"x\") rappeler lundi"] in rows
    assert client.get(url(lyon["agent"], "export/pdf/")).status_code == 404


def test_erasure_anonymises_ends_roles_calls_plugins_and_is_audited(client, lyon):
    agent, manager = lyon["agent"], lyon["manager"]
    response = client.post(url(agent), {"confirmation": "1"})
    assert response.status_code == 302
    agent.refresh_from_db()
    assert (agent.username, agent.first_name, agent.last_name, agent.email, agent.is_active) == (
        f"compte-supprime-{agent.pk}", "", "", "", False)
    assert not agent.has_usable_password()
    assignment = RoleAssignment.objects.get(user=agent)
    assert assignment.revoked_at is not None and assignment.valid_until == TODAY
    assert not RoleAssignment.objects.current().filter(user=agent).exists()
    ended = AuditEntry.objects.for_object(assignment).filter(action="update").get()
    assert ended.user == manager and ended.object_repr.startswith(f"compte-supprime-{agent.pk} — ")
    assert lyon["notebook"].notes == {}
    entry = AuditEntry.objects.for_object(agent).get()
    assert (entry.user, entry.object_repr) == (manager, f"compte-supprime-{agent.pk}")
    assert entry.changes["effacement_rgpd"][1]["extensions"] == {"zz_carnet": {"notes": 1}}
    assert "claire" not in json.dumps(entry.changes).lower()
    client.logout()
    assert not client.login(username="claire.agent", password="mot-de-passe-de-test-42")
    assert not client.login(username=f"compte-supprime-{agent.pk}", password="mot-de-passe-de-test-42")


def test_erasure_needs_the_confirmation_box(client, lyon):
    response = client.post(url(lyon["agent"]), {}, follow=True)
    assert "Cochez la case de confirmation" in response.content.decode()
    lyon["agent"].refresh_from_db()
    assert lyon["agent"].is_active and lyon["agent"].username == "claire.agent"


def test_a_plugin_that_fails_to_erase_cancels_everything(client, lyon, register_plugin):
    register_plugin(FailingEraser(), name="zz_failing")
    response = client.post(url(lyon["agent"]), {"confirmation": "1"}, follow=True)
    assert "Effacement annulé" in response.content.decode()
    lyon["agent"].refresh_from_db()
    assert lyon["agent"].username == "claire.agent" and lyon["agent"].is_active
    assert RoleAssignment.objects.current().filter(user=lyon["agent"]).exists()
    assert not AuditEntry.objects.for_object(lyon["agent"]).exists()


@pytest.mark.parametrize("suffix,method", [("", "get"), ("", "post"), ("export/json/", "get")])
def test_a_role_manager_of_another_commune_is_refused(client, lyon, person, suffix, method):
    outsider = person("gestion.villeurbanne", "core.role_manager", lyon["org"]("Ville de Villeurbanne"))
    client.force_login(outsider)
    response = getattr(client, method)(url(lyon["agent"], suffix), {"confirmation": "1"} if method == "post" else {})
    assert response.status_code == 404  # out of his scope, the person does not exist for him
    lyon["agent"].refresh_from_db()
    assert lyon["agent"].is_active and lyon["agent"].username == "claire.agent"


def test_nobody_erases_their_own_account_and_superusers_may_act_anywhere(client, lyon):
    assert client.get(url(lyon["manager"])).status_code == 302
    root = get_user_model().objects.create_superuser("racine", "r@example.org", "x")
    client.force_login(root)
    assert client.get(url(lyon["agent"])).status_code == 200
    assert client.get(url(root)).status_code == 302


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, lyon):
    client.logout()
    for suffix in ("", "export/json/"):
        response = client.get(url(lyon["agent"], suffix))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.post(url(lyon["agent"]), {"confirmation": "1"})
    lyon["agent"].refresh_from_db()
    assert lyon["agent"].is_active


def test_the_role_assignment_form_links_to_the_personal_data_page(client, lyon):
    assignment = RoleAssignment.objects.get(user=lyon["agent"])
    page = client.get(f"/admin/logis_roles/edit/{assignment.pk}/").content.decode()
    assert url(lyon["agent"]) in page
