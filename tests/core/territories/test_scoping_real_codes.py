"""Scoping with the official geography: a department, an EPCI, a commune nouvelle."""

import datetime

import pytest

from logis.accounts.models import Organisation, RoleAssignment, Territory
from logis.accounts.scoping import Scope


@pytest.fixture
def ddets_35(territory_slice):
    return Organisation.objects.create(name="DDETS d'Ille-et-Vilaine", kind="state_service",
                                       territory=Territory.objects.get(kind="department", code="35"))


def commune(code):
    return Territory.objects.get(kind="commune", code=code)


def test_a_ddets_35_sees_its_332_communes_and_nothing_of_loire_atlantique(person, ddets_35):
    agent = person("agent.35", "core.supervisor", ddets_35)
    scope = Scope.for_user(agent, "audit.view")
    communes = scope.territories().filter(kind="commune")
    assert communes.count() == 332
    assert not communes.filter(path__startswith="FR/52/44/").exists()
    nantes_org = Organisation.objects.create(name="Ville de Nantes", kind="commune", territory=commune("44109"))
    rennes_org = Organisation.objects.create(name="Ville de Rennes", kind="commune", territory=commune("35238"))
    assert set(scope.filter(Organisation.objects.filter(pk__in=[nantes_org.pk, rennes_org.pk]))) == {rennes_org}
    assert not scope.allows(nantes_org)
    assert scope.document_criteria()["territory_paths"] == ["FR/53/35"]


def test_an_expired_or_revoked_ddets_role_sees_no_commune(person, ddets_35):
    expired = person("ancien.35", "core.supervisor", ddets_35, valid_until=datetime.date(2020, 1, 1),
                     valid_from=datetime.date(2019, 1, 1))
    assert not Scope.for_user(expired, "audit.view").territories().exists()
    revoked = person("revoque.35", "core.supervisor", ddets_35)
    RoleAssignment.objects.filter(user=revoked).update(revoked_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    assert not Scope.for_user(revoked, "audit.view")


def test_an_epci_scoped_role_sees_its_member_communes_and_nothing_else(person, ddets_35):
    rennes_metropole = Territory.objects.get(kind="epci", code="243500139")
    agent = person("agent.rm", "core.supervisor", ddets_35, territory=rennes_metropole)
    scope = Scope.for_user(agent, "audit.view")
    members = set(rennes_metropole.members.values_list("code", flat=True))
    assert len(members) == 43
    assert set(scope.territories().filter(kind="commune").values_list("code", flat=True)) == members
    assert rennes_metropole in scope.territories()
    in_epci = Organisation.objects.create(name="Ville de Cesson-Sévigné", kind="commune", territory=commune("35051"))
    outside = Organisation.objects.create(name="Ville de Fougères", kind="commune", territory=commune("35115"))
    assert scope.allows(in_epci) and not scope.allows(outside)
    paths = scope.document_criteria()["territory_paths"]
    assert "FR/53/35/35051" in paths and "FR/53/35/35115" not in paths
    assert rennes_metropole.contains(commune("35238")) and not rennes_metropole.contains(commune("35115"))


def test_an_epci_role_reaches_the_delegated_communes_of_its_communes_nouvelles(person, ddets_35):
    val_couesnon = commune("35004")
    epci = val_couesnon.epci
    agent = person("agent.epci", "core.supervisor", ddets_35, territory=epci)
    delegated = Territory.objects.filter(kind="delegated_commune", parent=val_couesnon)
    assert delegated.exists()
    assert set(delegated) <= set(Scope.for_user(agent, "audit.view").territories())


def test_a_role_on_a_commune_nouvelle_covers_its_delegated_communes_and_their_old_codes_resolve(person, ddets_35):
    val_couesnon = commune("35004")
    agent = person("agent.vc", "core.supervisor", ddets_35, territory=val_couesnon)
    scope = Scope.for_user(agent, "audit.view")
    assert scope.territories().filter(kind="delegated_commune").count() == Territory.objects.filter(
        kind="delegated_commune", parent=val_couesnon).count() > 0
    resolution = scope.territories().resolve(code="35113")
    assert resolution.commune == val_couesnon and "35113" in resolution.note
