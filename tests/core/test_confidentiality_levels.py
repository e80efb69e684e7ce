"""The scoping service implements the USH observatory's confidentiality rules and the Housing Tool's.

USH circular 2006-09, annex 1: an organisation sees its own record; a federation
its member organisations'; a regional association those in its region; the
Union all. Housing Tool: a commune coordinator sees only the commune's data.
The records here are organisations themselves (``Organisation.scoping``), read
through a plugin's roles as any plugin would declare them.
"""

import datetime
import sys

import pytest
from django.utils import timezone

from logis import hookimpl
from logis.accounts.models import Organisation
from logis.accounts.roles import Reach, Role
from logis.accounts.scoping import Scope

READ = "observatoire.fiches"
TODAY = timezone.localdate()
LANDLORDS = {"Lyon Métropole Habitat", "Grenoble Habitat", "Paris Habitat", "Alliade Habitat"}


@hookimpl
def logis_roles():
    return [
        Role("observatoire.organisme", "Référent d'organisme", {READ}, Reach.OWN_ORGANISATION),
        Role("observatoire.federation", "Fédération", {READ}, Reach.FEDERATION),
        Role("observatoire.ar", "Association régionale", {READ}, Reach.TERRITORY),
        Role("observatoire.union", "Union", {READ}, Reach.NATIONAL),
        Role("observatoire.consolidation", "Consolidations seulement", {READ}, Reach.NATIONAL, aggregates_only=True),
        Role("hebergement.coordinateur", "Coordinateur communal", {READ}, Reach.TERRITORY),
    ]


@pytest.fixture
def holders(register_plugin, demo_territories, person):
    register_plugin(sys.modules[__name__], name="zz_observatoire")
    org, territory = demo_territories.organisation, demo_territories.territory
    federation = org("Fédération des OPH")
    Organisation.objects.create(name="Paris Habitat", kind="social_landlord", territory=territory("FR/11/75/75056"),
                                federation=federation)
    Organisation.objects.create(name="Alliade Habitat", kind="social_landlord", territory=territory("FR/84/69/69266"))
    year_ago, yesterday = TODAY - datetime.timedelta(days=365), TODAY - datetime.timedelta(days=1)
    return {
        "référent LMH": person("referent.lmh", "observatoire.organisme", org("Lyon Métropole Habitat")),
        "fédération OPH": person("fede.oph", "observatoire.federation", federation),
        "AR Auvergne-Rhône-Alpes": person("ar.aura", "observatoire.ar", org("AR Hlm Auvergne-Rhône-Alpes")),
        "Union": person("union", "observatoire.union", org("Union sociale pour l'habitat")),
        "coordinateur Villeurbanne": person("coord.villeurbanne", "hebergement.coordinateur", org("Ville de Villeurbanne")),
        "AR expirée": person("ar.expiree", "observatoire.ar", org("AR Hlm Auvergne-Rhône-Alpes"),
                             valid_from=year_ago, valid_until=yesterday),
        "fédération à venir": person("fede.future", "observatoire.federation", federation,
                                     valid_from=TODAY + datetime.timedelta(days=1)),
        "fédération révoquée": person("fede.revoquee", "observatoire.federation", federation, revoked_at=timezone.now()),
        "consolidations": person("consolidation", "observatoire.consolidation", org("Union sociale pour l'habitat")),
        "autre permission": person("pro.lmh", "core.professional", org("Lyon Métropole Habitat")),
    }


LEVELS = [
    ("référent LMH", {"Lyon Métropole Habitat"}),
    ("fédération OPH", {"Lyon Métropole Habitat", "Grenoble Habitat", "Paris Habitat"}),
    ("AR Auvergne-Rhône-Alpes", {"Lyon Métropole Habitat", "Grenoble Habitat", "Alliade Habitat"}),
    ("Union", LANDLORDS),
    ("coordinateur Villeurbanne", {"Alliade Habitat"}),
    ("AR expirée", set()),
    ("fédération à venir", set()),
    ("fédération révoquée", set()),
    ("autre permission", set()),
]


@pytest.mark.parametrize("holder,landlords", LEVELS, ids=[level[0] for level in LEVELS])
def test_each_level_sees_exactly_its_records(holders, holder, landlords):
    scope = Scope.for_user(holders[holder], READ)
    records = Organisation.objects.filter(kind="social_landlord")
    seen = set(scope.filter(records).values_list("name", flat=True))
    assert seen == landlords
    for record in records:  # one object is checked with the very same rule as the list
        assert scope.allows(record) is (record.name in landlords)


def test_consolidations_count_every_record_but_open_none(holders):
    """"Communications uniquement consolidées": the rows feed statistics, no screen shows one."""
    from logis.viewsets import ScopedPermissionPolicy

    user = holders["consolidations"]
    scope = Scope.for_user(user, READ)
    assert scope.aggregates_only and scope.filter(Organisation.objects.filter(kind="social_landlord")).count() == len(LANDLORDS)
    policy = ScopedPermissionPolicy(Organisation, READ)
    assert not policy.user_has_permission(user, "view")
    assert not policy.instances_user_has_any_permission_for(user, ["view"]).exists()
    assert policy.instances_user_has_any_permission_for(holders["Union"], ["view"]).count() == Organisation.objects.count()


def test_a_federation_also_reaches_its_members_in_search_documents(holders):
    criteria = Scope.for_user(holders["fédération OPH"], READ).document_criteria()
    members = Organisation.objects.filter(federation__name="Fédération des OPH").values_list("pk", flat=True)
    assert criteria["all"] is False and set(members) < set(criteria["organisation_ids"])
    assert Scope.for_user(holders["Union"], READ).document_criteria()["all"] is True


def test_two_roles_add_up_and_the_day_a_role_ends_it_grants_nothing(holders, demo_territories):
    from logis.accounts.models import RoleAssignment

    referent = holders["référent LMH"]
    RoleAssignment.objects.create(user=referent, role="hebergement.coordinateur",
                                  organisation=demo_territories.organisation("Ville de Villeurbanne"))
    names = set(Scope.for_user(referent, READ).filter(Organisation.objects.filter(kind="social_landlord")).values_list("name", flat=True))
    assert names == {"Lyon Métropole Habitat", "Alliade Habitat"}
    RoleAssignment.objects.filter(user=referent).update(valid_until=TODAY - datetime.timedelta(days=1))
    assert not Scope.for_user(referent, READ)
