"""Look-ups by id or login go through the lead's scope or the space's members: out of reach answers like unknown.

A lead creates spaces only for organisations and territories their
``spaces.manage`` scope reaches; a moderator adds only the people and
organisations their scope reaches; a ticket goes only to a member. An id or a
login that exists elsewhere gets the very answer of one that exists nowhere.
"""

import pytest

from plugins.spaces.forms import MembershipAdminForm
from plugins.spaces.models import Membership, Space, Ticket
from plugins.spaces.rules import add_member, create_space
from plugins.spaces.tickets import open_ticket

pytestmark = pytest.mark.django_db
UNKNOWN_ID = 987654321


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


@pytest.fixture
def new_space(demo_territories):
    return {"name": "Veille", "territory_id": demo_territories.territory("FR/84/69").pk,
            "organisation_id": demo_territories.organisation("DDETS du Rhône").pk}


def test_a_lead_cannot_hand_a_new_space_to_an_organisation_out_of_their_scope(client, people, demo_territories, new_space):
    client.force_login(people["lead"])
    out_of_scope = post(client, "/api/spaces/", {**new_space, "organisation_id": demo_territories.organisation("Ville de Liège").pk})
    unknown = post(client, "/api/spaces/", {**new_space, "organisation_id": UNKNOWN_ID})
    assert out_of_scope.status_code == unknown.status_code == 404
    assert out_of_scope.json() == unknown.json()
    assert not Space.objects.filter(name="Veille").exists()
    assert post(client, "/api/spaces/", new_space).status_code == 201


def test_an_out_of_scope_territory_answers_like_an_unknown_one(client, people, demo_territories, new_space):
    client.force_login(people["lead"])
    out_of_scope = post(client, "/api/spaces/", {**new_space, "territory_id": demo_territories.territory("FR/84/38").pk})
    unknown = post(client, "/api/spaces/", {**new_space, "territory_id": UNKNOWN_ID})
    assert out_of_scope.status_code == unknown.status_code == 404
    assert out_of_scope.json() == unknown.json()
    assert not Space.objects.filter(name="Veille").exists()


@pytest.mark.parametrize("who", ["alice", "expired", "nobody"])
def test_creating_a_space_without_a_current_lead_role_is_refused_before_any_look_up(client, people, new_space, who):
    client.force_login(people[who])
    assert post(client, "/api/spaces/", new_space).status_code == 403
    assert post(client, "/api/spaces/", {**new_space, "organisation_id": UNKNOWN_ID}).status_code == 403


def test_the_rule_itself_refuses_an_organisation_out_of_the_leads_scope(people, demo_territories):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        create_space(people["lead"], "Veille", demo_territories.territory("FR/84/69"), demo_territories.organisation("Ville de Liège"))


@pytest.mark.parametrize("who", ["liege", "expired", "nobody"])
def test_a_moderator_adds_by_login_only_people_they_reach(client, people, space, who):
    """Liège is out of the Rhône lead's scope; an expired role or none is no participant: all answer like an unknown login."""
    client.force_login(people["lead"])
    if who == "expired":
        space.memberships.filter(user=people["expired"]).delete()
    out_of_reach = post(client, f"/api/spaces/{space.slug}/membres", {"username": who})
    unknown = post(client, f"/api/spaces/{space.slug}/membres", {"username": "personne-inconnue"})
    assert out_of_reach.status_code == unknown.status_code == 404
    assert out_of_reach.json() == unknown.json()
    assert not space.memberships.filter(user=people[who]).exists()
    assert post(client, f"/api/spaces/{space.slug}/membres", {"username": "outsider"}).status_code == 201


def test_a_moderator_adds_only_organisations_they_reach(client, people, space, demo_territories):
    client.force_login(people["lead"])
    url = f"/api/spaces/{space.slug}/membres"
    out_of_reach = post(client, url, {"organisation_id": demo_territories.organisation("Ville de Liège").pk})
    unknown = post(client, url, {"organisation_id": UNKNOWN_ID})
    assert out_of_reach.status_code == unknown.status_code == 404
    assert out_of_reach.json() == unknown.json()
    assert not space.memberships.filter(organisation__isnull=False).exists()
    assert post(client, url, {"organisation_id": demo_territories.organisation("Ville de Villeurbanne").pk}).status_code == 201


def test_a_participant_moderator_reaches_their_own_organisation_only(client, people, space, person, demo_territories):
    colleague = person("collegue", "spaces.participant", demo_territories.organisation("Lyon Métropole Habitat"))
    space.memberships.filter(user=people["alice"]).update(is_moderator=True)
    client.force_login(people["alice"])
    assert post(client, f"/api/spaces/{space.slug}/membres", {"username": "outsider"}).status_code == 404
    assert post(client, f"/api/spaces/{space.slug}/membres", {"username": colleague.username}).status_code == 201


def test_an_existing_member_out_of_reach_may_still_be_made_moderator(client, people, space):
    """The space's members are reached, wherever they come from (a national lead may have added them)."""
    add_member(space, user=people["liege"])
    client.force_login(people["lead"])
    response = post(client, f"/api/spaces/{space.slug}/membres", {"username": "liege", "moderator": True})
    assert response.status_code == 201
    assert space.memberships.get(user=people["liege"]).is_moderator


def test_the_member_page_answers_an_out_of_reach_login_like_an_unknown_one(client, people, space):
    client.force_login(people["lead"])
    out_of_reach = client.post(f"/espaces/{space.slug}/membres/", {"username": "liege"}, follow=True)
    unknown = client.post(f"/espaces/{space.slug}/membres/", {"username": "personne-inconnue"}, follow=True)
    messages = [[str(m) for m in response.context["messages"]] for response in (out_of_reach, unknown)]
    assert messages[0] == messages[1] and messages[0]
    assert not space.memberships.filter(user=people["liege"]).exists()


@pytest.mark.parametrize("who", ["outsider", "liege", "expired", "revoked", "nobody"])
def test_a_ticket_goes_only_to_a_current_member_and_others_answer_like_unknown(client, people, space, who):
    ticket = open_ticket(space, people["alice"], "Contacts")
    client.force_login(people["alice"])
    url = f"/api/spaces/{space.slug}/demandes/{ticket.number}"
    not_member = client.patch(url, {"assignee": who}, content_type="application/json")
    unknown = client.patch(url, {"assignee": "personne-inconnue"}, content_type="application/json")
    assert not_member.status_code == unknown.status_code == 404
    assert not_member.json() == unknown.json()
    assert Ticket.objects.get(pk=ticket.pk).assignee is None
    assert client.patch(url, {"assignee": "bruno"}, content_type="application/json").json()["assignee"] == "bruno"


def test_the_admin_member_form_offers_only_people_and_organisations_the_lead_reaches(people, space, demo_territories):
    form = MembershipAdminForm(for_user=people["lead"])
    users = set(form.fields["user"].queryset.values_list("username", flat=True))
    organisations = set(form.fields["organisation"].queryset.values_list("name", flat=True))
    assert {"alice", "bruno", "outsider"} <= users
    assert not users & {"liege", "expired", "revoked", "nobody"}
    assert "Ville de Villeurbanne" in organisations and not organisations & {"Ville de Liège", "Ville de Seraing", "Grenoble Habitat"}
    forged = MembershipAdminForm({"space": space.pk, "user": people["liege"].pk}, for_user=people["lead"])
    assert not forged.is_valid() and "user" in forged.errors


@pytest.fixture
def liege_space(person, demo_territories):
    lead = person("lead.liege", "spaces.territorial_lead", demo_territories.organisation("Ville de Liège"))
    created = create_space(lead, "Province de Liège", demo_territories.territory("BE/03000/60000/62063"),
                           demo_territories.organisation("Ville de Liège"))
    add_member(created, user=person("membre.seraing", "spaces.participant", demo_territories.organisation("Ville de Seraing")))
    return created


def test_scoping_matrix_of_the_admin_and_api(scoping_matrix, space, liege_space, demo_territories):
    matrix = scoping_matrix("spaces", inside=[space, *Membership.objects.filter(space=space)],
                            outside=[liege_space, *Membership.objects.filter(space=liege_space)])
    matrix.check_role("spaces.territorial_lead", demo_territories.organisation("DDETS du Rhône"))
    matrix.check_role("spaces.participant", demo_territories.organisation("Lyon Métropole Habitat"))
    matrix.check_lapsed("spaces.territorial_lead", demo_territories.organisation("DDETS du Rhône"))


def test_a_lead_removes_members_of_the_spaces_they_run_only(client, people, space, liege_space):
    """Wagtail's delete view read the object without the scope (core :class:`logis.viewsets.ScopedDeleteView`)."""
    from django.contrib.auth.models import Permission

    people["lead"].user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client.force_login(people["lead"])
    theirs, mine = liege_space.memberships.first(), space.memberships.get(user=people["bruno"])
    assert client.get(f"/admin/spaces_members/delete/{theirs.pk}/").status_code == 404
    assert client.post(f"/admin/spaces_members/delete/{theirs.pk}/").status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()
    assert client.post(f"/admin/spaces_members/delete/{mine.pk}/").status_code == 302
    assert not Membership.objects.filter(pk=mine.pk).exists()


def test_the_crawler_reads_membership_from_the_declaration_as_the_plugin_enforces_it(people, filled, demo_territories):
    """The access-control crawler's oracle reads ``ScopedBy.members``: members (in person or through their organisation)
    and nobody else, lapsed roles excluded — the same people as the plugin's own rule, and an open space to all."""
    from logis.testing.crawler import member_rows
    from plugins.spaces.models import Document, Visibility
    from plugins.spaces.rules import readable_spaces

    document = filled["document"]
    add_member(filled["document"].space, organisation=demo_territories.organisation("Ville de Villeurbanne"))
    for name, user in people.items():
        declared = document.pk in member_rows(user, Document)
        enforced = readable_spaces(user).filter(pk=document.space_id).exists()
        assert declared == enforced, name
    assert document.pk in member_rows(people["outsider"], Document)  # through Ville de Villeurbanne
    assert document.pk not in member_rows(people["liege"], Document)
    Space.objects.filter(pk=document.space_id).update(visibility=Visibility.OPEN)
    assert document.pk in member_rows(people["liege"], Document)
    assert document.pk not in member_rows(people["expired"], Document) | member_rows(people["nobody"], Document)
