"""Assigning, renewing and revoking roles through the admin, with the role manager's limits."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from logis.accounts.models import Organisation, RoleAssignment, Territory
from logis.accounts.scoping import Scope
from logis.audit.models import AuditEntry

TODAY = timezone.localdate()


def fr(day):
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def lyon(demo_territories, person, client):
    org = demo_territories.organisation
    manager = person("gestion.lyon", "core.role_manager", org("Ville de Lyon"))
    newcomer = person("nouvel.agent")
    newcomer.email = "nouvel.agent@lyon.example"
    newcomer.save()
    # Back at Lyon after an earlier role there: one of the manager's people, granted at once (no consent asked).
    RoleAssignment.objects.create(user=newcomer, role="core.professional", organisation=org("Ville de Lyon"),
                                  valid_from=TODAY - datetime.timedelta(days=800), revoked_at=timezone.now())
    other = person("agent.villeurbanne", "core.professional", org("Ville de Villeurbanne"))
    client.force_login(manager)
    return {"manager": manager, "newcomer": newcomer, "other": other, "org": org}


def grant(client, org, **fields):
    data = {"user": "nouvel.agent", "role": "core.professional", "organisation": org("Ville de Lyon").pk,
            "territory": "", "valid_from": fr(TODAY), "valid_until": fr(TODAY + datetime.timedelta(days=365))}
    data.update(fields)
    return client.post("/admin/logis_roles/new/", data)


def test_the_form_proposes_one_year_and_only_the_managers_organisations(client, lyon):
    page = client.get("/admin/logis_roles/new/").content.decode()
    assert fr(TODAY + datetime.timedelta(days=365)) in page
    assert "Ville de Lyon" in page
    assert "Ville de Villeurbanne" not in page
    assert "Rédacteur ou rédactrice" not in page  # national roles are granted nationally


def test_a_role_manager_grants_a_role_by_email_and_the_audit_names_them(client, lyon):
    response = grant(client, lyon["org"], user="NOUVEL.AGENT@lyon.example")
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=lyon["newcomer"], revoked_at__isnull=True)
    assert (assignment.role, assignment.granted_by, assignment.valid_until) == (
        "core.professional", lyon["manager"], TODAY + datetime.timedelta(days=365))
    entry = AuditEntry.objects.for_object(assignment).get()
    assert (entry.action, entry.user, entry.territory_path) == ("create", lyon["manager"], "FR/84/69/69123")
    assert entry.changes["role"] == [None, "core.professional"]
    assert Scope.for_user(lyon["newcomer"], "content.view_private")


REFUSALS = [
    ({"user": "gestion.lyon"}, "Vous ne pouvez pas vous attribuer un rôle vous-même."),
    ({"role": "core.editor"}, "Sélectionnez un choix valide"),
    ({"role": "inconnu.role"}, "Sélectionnez un choix valide"),
    ({"organisation": "VILLEURBANNE"}, "Sélectionnez un choix valide"),
    ({"territory": "VILLEURBANNE"}, "Sélectionnez un choix valide"),  # a commune's manager stays in the commune
    ({"valid_until": ""}, "Indiquez une date de fin"),
    ({"valid_until": fr(TODAY - datetime.timedelta(days=1))}, "révoquez-le"),
    ({"valid_from": fr(TODAY + datetime.timedelta(days=10)), "valid_until": fr(TODAY + datetime.timedelta(days=5))},
     "La fin de validité précède son début."),
    ({"valid_until": "31/02/2027"}, "Saisissez une date valide."),
]


@pytest.mark.parametrize("fields,message", REFUSALS, ids=[m[:30] for _, m in REFUSALS])
def test_bad_input_is_refused_in_french_and_nothing_is_written(client, lyon, fields, message):
    if fields.get("organisation") == "VILLEURBANNE":
        fields = {"organisation": lyon["org"]("Ville de Villeurbanne").pk}
    if fields.get("territory") == "VILLEURBANNE":
        fields = {"territory": lyon["org"]("Ville de Villeurbanne").territory_id}
    before = RoleAssignment.objects.count()
    response = grant(client, lyon["org"], **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RoleAssignment.objects.count() == before


def test_the_same_current_role_twice_is_refused(client, lyon):
    assert grant(client, lyon["org"]).status_code == 302
    response = grant(client, lyon["org"])
    assert "Cette personne a déjà ce rôle en cours de validité" in response.content.decode()
    assert RoleAssignment.objects.filter(user=lyon["newcomer"], revoked_at__isnull=True).count() == 1


def test_revoking_keeps_the_row_ends_the_rights_and_is_audited(client, lyon):
    grant(client, lyon["org"])
    assignment = RoleAssignment.objects.get(user=lyon["newcomer"], revoked_at__isnull=True)
    assert client.get(f"/admin/logis_roles/revoke/{assignment.pk}/").status_code == 200
    response = client.post(f"/admin/logis_roles/revoke/{assignment.pk}/")
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert assignment.state() == RoleAssignment.State.REVOKED
    assert not Scope.for_user(lyon["newcomer"], "content.view_private")
    update = AuditEntry.objects.for_object(assignment).filter(action="update").get()
    assert list(update.changes) == ["revoked_at"] and update.user == lyon["manager"]
    # a revoked assignment is history: it can no longer be edited
    edit = client.post(f"/admin/logis_roles/edit/{assignment.pk}/", {
        "role": "core.professional", "organisation": assignment.organisation_id,
        "valid_from": fr(TODAY), "valid_until": fr(TODAY + datetime.timedelta(days=30))})
    assert "Cette attribution a été révoquée" in edit.content.decode()


def test_renewing_moves_the_end_date(client, lyon):
    grant(client, lyon["org"], valid_until=fr(TODAY + datetime.timedelta(days=10)))
    assignment = RoleAssignment.objects.get(user=lyon["newcomer"], revoked_at__isnull=True)
    new_end = TODAY + datetime.timedelta(days=375)
    response = client.post(f"/admin/logis_roles/edit/{assignment.pk}/", {
        "role": "core.professional", "organisation": assignment.organisation_id, "territory": "",
        "valid_from": fr(TODAY), "valid_until": fr(new_end)})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.valid_until == new_end
    change = AuditEntry.objects.for_object(assignment).get(action="update").changes
    assert change == {"valid_until": [str(TODAY + datetime.timedelta(days=10)), str(new_end)]}


def test_a_manager_cannot_touch_their_own_assignment(client, lyon):
    own = RoleAssignment.objects.get(user=lyon["manager"])
    for url in (f"/admin/logis_roles/revoke/{own.pk}/", f"/admin/logis_roles/edit/{own.pk}/"):
        response = client.post(url, {"role": "core.role_manager", "organisation": own.organisation_id,
                                     "valid_from": fr(TODAY), "valid_until": fr(TODAY + datetime.timedelta(days=3650))})
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    own.refresh_from_db()
    assert own.revoked_at is None and own.valid_until == TODAY + datetime.timedelta(days=365)


def test_nothing_is_hard_deleted_not_even_by_a_superuser(client, lyon, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("racine", "r@example.org", "x"))
    target = RoleAssignment.objects.get(user=lyon["other"])
    response = client.post(f"/admin/logis_roles/delete/{target.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert RoleAssignment.objects.filter(pk=target.pk).exists()


def test_a_role_manager_sees_but_does_not_edit_organisations(client, lyon):
    org = lyon["org"]("Ville de Lyon")
    response = client.post(f"/admin/logis_organisations/edit/{org.pk}/", {"name": "Ville renommée", "kind": "commune",
                                                                          "territory": org.territory_id})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    org.refresh_from_db()
    assert org.name == "Ville de Lyon"


def test_the_list_filters_by_state_without_one_query_per_row(client, lyon, django_user_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org = lyon["org"]("Ville de Lyon")

    def add_expired(count, start):
        for i in range(start, start + count):
            RoleAssignment.objects.create(
                user=django_user_model.objects.create(username=f"ancien.{i}"), role="core.professional", organisation=org,
                valid_from=TODAY - datetime.timedelta(days=800), valid_until=TODAY - datetime.timedelta(days=435))

    def list_expired():
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/admin/logis_roles/?state=expired").content.decode()
        return page, len(queries)

    add_expired(1, 0)
    list_expired()  # the first request of a site creates its settings rows
    _, few = list_expired()
    add_expired(15, 1)
    page, many = list_expired()
    assert many == few
    assert len(set(re.findall(r"ancien\.\d+", page))) == 16
    assert "nouvel.agent" not in page and "gestion.lyon" not in page.split("Personne", 1)[1]


TERRITORY_CODES = [
    # kind, code, parent path, error shown (None: saved)
    ("commune", "69381", "FR/84/69", None),
    ("commune", "38185", "FR/84/69", "commence par le code de son département (69)"),
    ("commune", "6912", "FR/84/69", "cinq caractères INSEE"),
    ("department", "2A", "FR/84", None),
    ("department", "A1", "FR/84", "deux chiffres, 2A, 2B ou 971 à 989"),
    ("epci", "200046977", "FR/84/69", None),
    ("epci", "20004697", "FR/84/69", "neuf chiffres"),
    ("commune", "62120", "BE/03000/60000", None),
    ("commune", "LIEGE", "BE/03000/60000", "cinq chiffres NIS"),
    ("country", "Lux", None, "code ISO à deux lettres"),
    ("commune", "69382", "FR/84", "niveau immédiatement supérieur"),
]


@pytest.mark.parametrize("kind,code,parent,error", TERRITORY_CODES, ids=[f"{c[0]}-{c[1]}" for c in TERRITORY_CODES])
def test_territories_carry_well_formed_insee_or_nis_codes(client, demo_territories, django_user_model, kind, code, parent, error):
    client.force_login(django_user_model.objects.create_superuser("racine", "r@example.org", "x"))
    parent_pk = demo_territories.territory(parent).pk if parent else ""
    response = client.post("/admin/logis_territories/new/", {"kind": kind, "code": code, "name": "Essai", "parent": parent_pk})
    created = Territory.objects.filter(code=code, name="Essai")
    if error is None:
        assert response.status_code == 302 and created.get().path == f"{parent}/{code}"
    else:
        assert error in response.content.decode() and not created.exists()


def test_a_federations_members_are_listed_with_a_filter(client, demo_territories, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("racine", "r@example.org", "x"))
    federation = demo_territories.organisation("Fédération des OPH")
    page = client.get(f"/admin/logis_organisations/?federation={federation.pk}").content.decode()
    listing = page.split("<tbody", 1)[1]
    assert "Lyon Métropole Habitat" in listing and "Grenoble Habitat" in listing
    assert "Ville de Lyon" not in listing and "Forum Réfugiés" not in listing


def test_an_organisation_is_a_member_of_a_federation_only(client, demo_territories, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("racine", "r@example.org", "x"))
    federation, landlord = demo_territories.organisation("Fédération des OPH"), demo_territories.organisation("Grenoble Habitat")
    for org, chosen, message in ((federation, federation, "membre d&#x27;elle-même"),
                                 (landlord, demo_territories.organisation("Ville de Lyon"), "Sélectionnez un choix valide")):
        response = client.post(f"/admin/logis_organisations/edit/{org.pk}/", {
            "name": org.name, "kind": org.kind, "territory": org.territory_id, "federation": chosen.pk})
        assert response.status_code == 200 and message in response.content.decode()
    org = Organisation(name="Bailleur", kind="social_landlord", territory=landlord.territory, federation=landlord)
    with pytest.raises(ValidationError, match="Seule une fédération"):
        org.full_clean()
    assert federation.members.count() == 2 and list(landlord.members.all()) == []


def test_each_row_offers_edit_revoke_and_history(client, lyon, django_user_model):
    from django.urls import reverse

    from logis.audit.links import history_url

    org = lyon["org"]("Ville de Lyon")
    current = RoleAssignment.objects.create(
        user=django_user_model.objects.create(username="agent.courant"), role="core.professional", organisation=org)
    revoked = RoleAssignment.objects.create(
        user=django_user_model.objects.create(username="agent.parti"), role="core.professional", organisation=org,
        revoked_at=timezone.now())
    page = client.get("/admin/logis_roles/").content.decode()
    for url in (reverse("logis_roles:edit", args=[current.pk]), reverse("logis_roles:revoke", args=[current.pk]),
                history_url(current), history_url(revoked)):
        assert url in page, url
    assert reverse("logis_roles:revoke", args=[revoked.pk]) not in page  # already revoked
