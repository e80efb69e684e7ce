"""Granting a role to someone outside the manager's organisations waits for consent (issue 9.2, 9.12).

The attack: a manager grants a one-day role to an account of another
organisation, which opened its GDPR page, export and erasure to him, and the
form told him whether the account existed. Now such a grant is pending: it
gives no right, no manager sees it, and the form answers alike whether the
account exists, belongs elsewhere, or not.
"""

import datetime

import pytest
from django.utils import timezone

from logis.accounts.models import RoleAssignment
from logis.accounts.scoping import Scope

TODAY = timezone.localdate()
SENT = "Demande enregistrée"


def fr(day):
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def orgs(demo_territories, person, client):
    org = demo_territories.organisation
    manager = person("gestion.lyon", "core.role_manager", org("Ville de Lyon"))
    grenoble = person("agent.grenoble", "core.professional", org("Ville de Grenoble"), valid_until=None)
    fresh = person("compte.sans.role")
    client.force_login(manager)
    return {"org": org, "manager": manager, "grenoble": grenoble, "fresh": fresh}


def grant(client, org, user, days=1):
    return client.post("/admin/logis_roles/new/", {
        "user": user, "role": "core.professional", "organisation": org("Ville de Lyon").pk, "territory": "",
        "valid_from": fr(TODAY), "valid_until": fr(TODAY + datetime.timedelta(days=days))}, follow=True)


def _answer(response):
    page = response.content.decode()
    return response.status_code, tuple(response.redirect_chain), SENT in page, "agent.grenoble" in page


def test_the_form_answers_alike_whether_the_account_exists_or_not(client, orgs):
    answers = {name: _answer(grant(client, orgs["org"], name)) for name in
               ("agent.grenoble", "AGENT.GRENOBLE@example.org", "compte.sans.role", "personne.inconnue", "x" * 250)}
    assert len(set(answers.values())) == 1, answers
    status, chain, sent, leaked = answers["personne.inconnue"]
    assert (status, chain[-1][0], sent, leaked) == (200, "/admin/logis_roles/", True, False)


def test_a_pending_grant_gives_no_right_and_no_manager_sees_it(client, orgs):
    grant(client, orgs["org"], "agent.grenoble")
    pending = RoleAssignment.objects.get(user=orgs["grenoble"], organisation=orgs["org"]("Ville de Lyon"))
    assert pending.pending and pending.state() == RoleAssignment.State.PENDING and pending.granted_by == orgs["manager"]
    assert not Scope.for_user(orgs["grenoble"], "content.view_private").filter(
        RoleAssignment.objects.filter(organisation=orgs["org"]("Ville de Lyon"))).exists()
    for url in ("/admin/logis_roles/", "/admin/logis_roles/?state=pending", "/admin/logis_roles/export/csv/"):
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert "agent.grenoble" not in content.decode(), url
    for url in (f"/admin/logis_roles/edit/{pending.pk}/", f"/admin/logis_roles/revoke/{pending.pk}/",
                f"/admin/logis_roles/consent/{pending.pk}/", f"/admin/logis/historique/logis_accounts.roleassignment/{pending.pk}/"):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("suffix,method", [("", "get"), ("export/json/", "get"), ("export/csv/", "get"), ("", "post")])
def test_the_one_day_role_attack_opens_nothing(client, orgs, suffix, method):
    grant(client, orgs["org"], "agent.grenoble")
    response = getattr(client, method)(f"/admin/logis/rgpd/{orgs['grenoble'].pk}/{suffix}", {"confirmation": "1"} if method == "post" else {})
    assert response.status_code == 404
    orgs["grenoble"].refresh_from_db()
    assert orgs["grenoble"].is_active and orgs["grenoble"].username == "agent.grenoble"
    assert RoleAssignment.objects.current().filter(user=orgs["grenoble"], organisation=orgs["org"]("Ville de Grenoble")).exists()


def test_the_person_accepts_then_the_manager_sees_only_his_part_and_cannot_erase(client, orgs):
    grant(client, orgs["org"], "agent.grenoble", days=30)
    pending = RoleAssignment.objects.get(user=orgs["grenoble"], pending=True)
    client.force_login(orgs["grenoble"])
    assert f"/admin/logis_roles/consent/{pending.pk}/" in client.get("/admin/").content.decode()  # the dashboard panel
    assert client.post(f"/admin/logis_roles/consent/{pending.pk}/", {"answer": "accept"}).status_code == 302
    pending.refresh_from_db()
    assert not pending.pending and pending.is_current()

    client.force_login(orgs["manager"])
    page = client.get(f"/admin/logis/rgpd/{orgs['grenoble'].pk}/").content.decode()
    assert "Ville de Lyon" in page and "Ville de Grenoble" not in page
    assert "vous ne voyez que ce que détiennent les vôtres" in page and "confirmation" not in page
    data = client.get(f"/admin/logis/rgpd/{orgs['grenoble'].pk}/export/json/").json()
    assert [a["organisation"] for a in data["attributions_de_roles"]] == ["Ville de Lyon"]
    assert data["entrees_d_historique_redigees"] is None
    response = client.post(f"/admin/logis/rgpd/{orgs['grenoble'].pk}/", {"confirmation": "1"})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    orgs["grenoble"].refresh_from_db()
    assert orgs["grenoble"].is_active and orgs["grenoble"].username == "agent.grenoble"


def test_a_manager_of_all_the_persons_organisations_may_erase(client, orgs, person):
    grant(client, orgs["org"], "agent.grenoble", days=30)
    RoleAssignment.objects.filter(user=orgs["grenoble"], pending=True).update(pending=False)
    both = person("gestion.deux", "core.role_manager", orgs["org"]("Ville de Lyon"))
    RoleAssignment.objects.create(user=both, role="core.role_manager", organisation=orgs["org"]("Ville de Grenoble"))
    client.force_login(both)
    assert client.post(f"/admin/logis/rgpd/{orgs['grenoble'].pk}/", {"confirmation": "1"}).status_code == 302
    orgs["grenoble"].refresh_from_db()
    assert not orgs["grenoble"].is_active


def test_refusing_revokes_and_someone_else_cannot_answer(client, orgs, person):
    grant(client, orgs["org"], "agent.grenoble")
    pending = RoleAssignment.objects.get(user=orgs["grenoble"], pending=True)
    client.force_login(person("intrus", "core.professional", orgs["org"]("Ville de Grenoble")))
    assert client.post(f"/admin/logis_roles/consent/{pending.pk}/", {"answer": "accept"}).status_code == 404
    client.force_login(orgs["grenoble"])
    client.post(f"/admin/logis_roles/consent/{pending.pk}/", {"answer": "refuse"})
    pending.refresh_from_db()
    assert pending.revoked_at is not None and pending.state() == RoleAssignment.State.REVOKED


def test_a_superuser_sees_and_validates_pending_grants_even_for_an_account_without_role(client, orgs, django_user_model):
    grant(client, orgs["org"], "compte.sans.role")
    pending = RoleAssignment.objects.get(user=orgs["fresh"])
    assert pending.pending
    client.force_login(django_user_model.objects.create_superuser("racine", "r@example.org", "x"))
    listing = client.get("/admin/logis_roles/?state=pending").content.decode()
    assert "compte.sans.role" in listing and f"/admin/logis_roles/consent/{pending.pk}/" in listing
    assert client.post(f"/admin/logis_roles/consent/{pending.pk}/", {"answer": "accept"}).status_code == 302
    pending.refresh_from_db()
    assert pending.is_current()
    client.force_login(orgs["fresh"])
    assert client.get("/admin/").status_code == 200
