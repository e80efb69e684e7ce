"""Role × scope × object, through the real admin views and the Django test client.

Each row: who asks, which screen, what answer (200, 404, a redirect to the
login page for people without a current role, a redirect to the dashboard
with an error for a role that does not allow the screen — Wagtail's answer
to PermissionDenied), which people appear on the page and which must not.
"""

import datetime

import pytest
from django.utils import timezone

from logis.accounts.models import RoleAssignment

TODAY = timezone.localdate()
AGENTS = {"agent.lyon": "Ville de Lyon", "agent.villeurbanne": "Ville de Villeurbanne", "agent.grenoble": "Ville de Grenoble"}


@pytest.fixture
def world(demo_territories, person, django_user_model):
    org = demo_territories.organisation
    people = {name: person(name, "core.professional", org(o)) for name, o in AGENTS.items()}
    yesterday, tomorrow = TODAY - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)
    manager = lambda name, **kw: person(name, "core.role_manager", org("Ville de Lyon"), **kw)  # noqa: E731
    people.update(
        {
            "gestion.lyon": manager("gestion.lyon"),
            "gestion.expiree": manager("gestion.expiree", valid_from=TODAY - datetime.timedelta(days=400), valid_until=yesterday),
            "gestion.revoquee": manager("gestion.revoquee", revoked_at=timezone.now()),
            "gestion.future": manager("gestion.future", valid_from=tomorrow, valid_until=tomorrow + datetime.timedelta(days=365)),
            "supervision.rhone": person("supervision.rhone", "core.supervisor", org("DDETS du Rhône")),
            "supervision.isere": person("supervision.isere", "core.supervisor", org("DDETS de l'Isère")),
            "admin.national": django_user_model.objects.create_superuser("admin.national", "a@example.org", "mot-de-passe-42"),
        }
    )
    assignment = {name: RoleAssignment.objects.get(user=people[name]) for name in AGENTS}
    return people, assignment


def _url(page, assignment):
    lyon, villeurbanne, grenoble = (assignment[name].pk for name in AGENTS)
    return {
        "assignments": "/admin/logis_roles/",
        "edit lyon": f"/admin/logis_roles/edit/{lyon}/",
        "edit villeurbanne": f"/admin/logis_roles/edit/{villeurbanne}/",
        "revoke villeurbanne": f"/admin/logis_roles/revoke/{villeurbanne}/",
        "organisations": "/admin/logis_organisations/",
        "territories": "/admin/logis_territories/",
        "export": "/admin/logis_roles/export/csv/",
        "audit": "/admin/logis/historique/",
        "history lyon": f"/admin/logis/historique/logis_accounts.roleassignment/{lyon}/",
        "history grenoble": f"/admin/logis/historique/logis_accounts.roleassignment/{grenoble}/",
    }[page]


ALL = set(AGENTS)
NO_ROLE = "login"  # no current role: the admin itself is closed
DENIED = "denied"  # a role, but not one that opens this screen

CASES = [
    # actor, page, answer, people shown, people never shown
    ("admin.national", "assignments", 200, ALL, set()),
    ("gestion.lyon", "assignments", 200, {"agent.lyon"}, {"agent.villeurbanne", "agent.grenoble"}),
    ("gestion.expiree", "assignments", NO_ROLE, set(), ALL),
    ("gestion.revoquee", "assignments", NO_ROLE, set(), ALL),
    ("gestion.future", "assignments", NO_ROLE, set(), ALL),
    ("supervision.rhone", "assignments", DENIED, set(), ALL),
    (None, "assignments", NO_ROLE, set(), ALL),
    ("admin.national", "edit villeurbanne", 200, {"agent.villeurbanne"}, set()),
    ("gestion.lyon", "edit lyon", 200, {"agent.lyon"}, set()),
    ("gestion.lyon", "edit villeurbanne", 404, set(), {"agent.villeurbanne"}),
    ("gestion.expiree", "edit lyon", NO_ROLE, set(), ALL),
    ("gestion.lyon", "revoke villeurbanne", 404, set(), {"agent.villeurbanne"}),
    ("admin.national", "revoke villeurbanne", 200, {"agent.villeurbanne"}, set()),
    ("admin.national", "organisations", 200, {"Ville de Villeurbanne", "Ville de Grenoble"}, set()),
    ("gestion.lyon", "organisations", 200, {"Ville de Lyon"}, {"Ville de Villeurbanne", "Ville de Grenoble"}),
    ("gestion.lyon", "territories", DENIED, set(), {"Villeurbanne"}),
    ("admin.national", "territories", 200, {"Villeurbanne", "Seraing"}, set()),
    ("admin.national", "export", 200, ALL, set()),
    ("gestion.lyon", "export", 200, {"agent.lyon"}, {"agent.villeurbanne", "agent.grenoble"}),
    ("supervision.rhone", "export", DENIED, set(), ALL),
    (None, "export", NO_ROLE, set(), ALL),
    ("admin.national", "audit", 200, ALL, set()),
    ("supervision.rhone", "audit", 200, {"agent.lyon", "agent.villeurbanne"}, {"agent.grenoble"}),
    ("supervision.isere", "audit", 200, {"agent.grenoble"}, {"agent.lyon", "agent.villeurbanne"}),
    ("gestion.lyon", "audit", DENIED, set(), ALL),
    ("gestion.expiree", "audit", NO_ROLE, set(), ALL),
    (None, "audit", NO_ROLE, set(), ALL),
    ("supervision.rhone", "history lyon", 200, {"agent.lyon"}, set()),
    ("supervision.rhone", "history grenoble", 404, set(), {"agent.grenoble"}),
    ("supervision.isere", "history grenoble", 200, {"agent.grenoble"}, set()),
    ("gestion.lyon", "history lyon", 200, {"agent.lyon"}, set()),
    ("gestion.lyon", "history grenoble", 404, set(), {"agent.grenoble"}),
    ("admin.national", "history grenoble", 200, {"agent.grenoble"}, set()),
]


def _content(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize("actor,page,answer,shown,hidden", CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_permission_matrix(client, world, actor, page, answer, shown, hidden):
    people, assignment = world
    if actor:
        client.force_login(people[actor])
    url = _url(page, assignment)
    response = client.get(url)
    if answer == NO_ROLE:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    elif answer == DENIED:
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    else:
        assert response.status_code == answer
    content = _content(response)
    for name in shown:
        assert name in content, f"{name} devrait apparaître pour {actor} sur {page}"
    for name in hidden:
        assert name not in content, f"{name} ne doit pas apparaître pour {actor} sur {page}"


WRITE_CASES = [
    # actor, action on Villeurbanne's agent, expected status, assignment revoked afterwards
    ("gestion.lyon", "revoke", 404, False),
    ("gestion.expiree", "revoke", 302, False),
    ("admin.national", "revoke", 302, True),
    ("gestion.lyon", "edit", 404, False),
]


@pytest.mark.parametrize("actor,action,status,revoked", WRITE_CASES, ids=[f"{c[0]}-{c[1]}" for c in WRITE_CASES])
def test_writes_outside_scope_change_nothing(client, world, actor, action, status, revoked):
    people, assignment = world
    target = assignment["agent.villeurbanne"]
    client.force_login(people[actor])
    if action == "revoke":
        response = client.post(f"/admin/logis_roles/revoke/{target.pk}/")
    else:
        response = client.post(
            f"/admin/logis_roles/edit/{target.pk}/",
            {"role": "core.role_manager", "organisation": target.organisation_id,
             "valid_from": TODAY.strftime("%d/%m/%Y"), "valid_until": (TODAY + datetime.timedelta(days=30)).strftime("%d/%m/%Y")},
        )
    assert response.status_code == status
    target.refresh_from_db()
    assert (target.revoked_at is not None) is revoked
    assert target.role == "core.professional"


# -- Admin access comes from current roles only, whatever the groups (issue 9.7) -------------------


@pytest.fixture
def demo_group_agents(world):
    """The Lyon managers, all put in a group holding ``access_admin``, as a demo once did."""
    from django.contrib.auth.models import Group, Permission

    people, _assignment = world
    group = Group.objects.create(name="Agents de l'hébergement de crise")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for name in ("gestion.lyon", "gestion.expiree", "gestion.revoquee", "gestion.future"):
        people[name].groups.add(group)
        people[name].user_permissions.add(*group.permissions.all())
    return people


GROUP_CASES = [
    # actor (in a group granting access_admin), page, answer
    ("gestion.lyon", "/admin/", 200),
    ("gestion.expiree", "/admin/", NO_ROLE),
    ("gestion.revoquee", "/admin/", NO_ROLE),
    ("gestion.future", "/admin/", NO_ROLE),
    ("gestion.expiree", "/admin/logis_roles/", NO_ROLE),
    ("gestion.future", "/admin/pages/", NO_ROLE),
]


@pytest.mark.parametrize("actor,url,answer", GROUP_CASES, ids=[f"{c[0]}-{c[1]}" for c in GROUP_CASES])
def test_a_group_never_opens_the_admin_without_a_current_role(client, demo_group_agents, actor, url, answer):
    client.force_login(demo_group_agents[actor])
    response = client.get(url)
    if answer == NO_ROLE:
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    else:
        assert response.status_code == answer


# -- A plugin switched off on a site: every admin screen of it is 404 (issue 9.8) ----------------------


@pytest.fixture
def lyon_offer(world):
    from plugins.offers.models import Offer

    people, _assignment = world
    coordinator = people["agent.lyon"]
    RoleAssignment.objects.create(user=coordinator, role="offers.coordinator", organisation=RoleAssignment.objects.get(user=coordinator).organisation)
    offer = Offer.objects.create(
        organisation=RoleAssignment.objects.get(user=coordinator, role="offers.coordinator").organisation,
        commune=RoleAssignment.objects.get(user=coordinator, role="offers.coordinator").organisation.territory,
        reference="T-MATRICE", provider_kind="citizen", accommodation_kind="flat", places_max=3, places_available=3,
        available_from=TODAY, available_until=TODAY + datetime.timedelta(days=30), status=Offer.Status.AVAILABLE,
        coordinator_email="crise@mairie.exemple.fr", coordinator_phone="+33472100000",
    )
    return people, offer


OFFER_SCREENS = {
    "offers list": "/admin/offers/",
    "offer edit": "/admin/offers/edit/{pk}/",
    "offer inspect": "/admin/offers/inspect/{pk}/",
    "offer wagtail history": "/admin/offers/history/{pk}/",
    "offer history": "/admin/logis/historique/offers.offer/{pk}/",
    "offers export": "/admin/offers/export/csv/",
    "offers list export": "/admin/offers/?export=csv",
    "offers dashboard": "/admin/offres/pilotage/",
    "offers match": "/admin/offres/attribution/",
}
SWITCH_CASES = [(actor, screen) for actor in ("admin.national", "agent.lyon") for screen in OFFER_SCREENS]


@pytest.mark.parametrize("actor,screen", SWITCH_CASES, ids=[f"{a}-{s}" for a, s in SWITCH_CASES])
def test_a_plugin_switched_off_on_the_site_answers_404_on_every_admin_screen(client, lyon_offer, actor, screen):
    from wagtail.models import Site

    from logis.models import PluginSettings

    people, offer = lyon_offer
    client.force_login(people[actor])
    url = OFFER_SCREENS[screen].format(pk=offer.pk)
    assert client.get(url).status_code in (200, 302), "l'écran doit s'ouvrir quand l'extension est active"
    switch = PluginSettings.for_site(Site.objects.get(is_default_site=True))
    switch.disabled_plugins = ["offers"]
    switch.save()
    response = client.get(url)
    assert response.status_code == 404
    assert "T-MATRICE" not in _content(response)


def test_a_switched_off_plugins_entries_leave_the_site_history(client, lyon_offer):
    from wagtail.models import Site

    from logis.models import PluginSettings

    people, _offer = lyon_offer
    client.force_login(people["admin.national"])
    assert "T-MATRICE" in client.get("/admin/logis/historique/").content.decode()
    switch = PluginSettings.for_site(Site.objects.get(is_default_site=True))
    switch.disabled_plugins = ["offers"]
    switch.save()
    assert "T-MATRICE" not in client.get("/admin/logis/historique/").content.decode()


@pytest.mark.parametrize("actor,answer", [("agent.lyon", 200), ("agent.grenoble", 404), ("supervision.isere", 404), ("admin.national", 200)])
def test_the_offer_history_opens_to_who_sees_the_offer(client, lyon_offer, person, actor, answer):
    """Issue 9.12: an offer names its ``history_permission``; the page was 404 for its own coordinator."""
    people, offer = lyon_offer
    if actor == "agent.grenoble":
        RoleAssignment.objects.create(user=people[actor], role="offers.coordinator", organisation=RoleAssignment.objects.get(user=people[actor]).organisation)
    client.force_login(people[actor])
    response = client.get(f"/admin/logis/historique/offers.offer/{offer.pk}/")
    assert response.status_code == answer
    assert ("T-MATRICE" in _content(response)) is (answer == 200)


# -- Cross-organisation GDPR: a manager acts on a person only within his organisations (issue 9.2) ----


@pytest.fixture
def cross_organisation(world):
    """Grenoble's agent offered a Lyon role (pending); Villeurbanne's agent who accepted one (in force)."""
    people, _assignment = world
    lyon = RoleAssignment.objects.get(user=people["agent.lyon"]).organisation
    RoleAssignment.objects.create(user=people["agent.grenoble"], role="core.professional", organisation=lyon, pending=True,
                                  granted_by=people["gestion.lyon"], valid_until=TODAY + datetime.timedelta(days=1))
    RoleAssignment.objects.create(user=people["agent.villeurbanne"], role="core.professional", organisation=lyon,
                                  granted_by=people["gestion.lyon"], valid_until=TODAY + datetime.timedelta(days=1))
    return people


GDPR_CASES = [
    # actor, whose page, suffix, method, answer, shown, never shown
    ("gestion.lyon", "agent.lyon", "", "get", 200, {"Ville de Lyon"}, set()),
    ("gestion.lyon", "agent.grenoble", "", "get", 404, set(), {"Ville de Grenoble"}),  # pending: not his
    ("gestion.lyon", "agent.grenoble", "export/json/", "get", 404, set(), {"Ville de Grenoble"}),
    ("gestion.lyon", "agent.grenoble", "", "post", 404, set(), set()),
    ("gestion.lyon", "agent.villeurbanne", "", "get", 200, {"Ville de Lyon"}, {"Ville de Villeurbanne"}),
    ("gestion.lyon", "agent.villeurbanne", "export/json/", "get", 200, {"Ville de Lyon"}, {"Ville de Villeurbanne"}),
    ("gestion.lyon", "agent.villeurbanne", "export/csv/", "get", 200, {"Ville de Lyon"}, {"Ville de Villeurbanne"}),
    ("gestion.lyon", "agent.villeurbanne", "", "post", DENIED, set(), set()),  # roles elsewhere: not his to erase
    ("gestion.expiree", "agent.lyon", "", "get", NO_ROLE, set(), set()),
    ("gestion.future", "agent.lyon", "export/json/", "get", NO_ROLE, set(), set()),
    ("supervision.rhone", "agent.lyon", "", "get", 404, set(), set()),
    ("admin.national", "agent.villeurbanne", "", "get", 200, {"Ville de Lyon", "Ville de Villeurbanne"}, set()),
    ("admin.national", "agent.grenoble", "export/json/", "get", 200, {"Ville de Grenoble"}, set()),
]


@pytest.mark.parametrize("actor,whose,suffix,method,answer,shown,hidden", GDPR_CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2] or 'page'}-{c[3]}" for c in GDPR_CASES])
def test_cross_organisation_gdpr(client, cross_organisation, actor, whose, suffix, method, answer, shown, hidden):
    people = cross_organisation
    client.force_login(people[actor])
    url = f"/admin/logis/rgpd/{people[whose].pk}/{suffix}"
    response = client.post(url, {"confirmation": "1"}) if method == "post" else client.get(url)
    if answer == NO_ROLE:
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    elif answer == DENIED:
        assert response.status_code == 302 and response["Location"] == "/admin/"
    else:
        assert response.status_code == answer
    content = _content(response)
    for name in shown:
        assert name in content
    for name in hidden:
        assert name not in content
    people[whose].refresh_from_db()
    assert people[whose].is_active
