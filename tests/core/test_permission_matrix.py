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
