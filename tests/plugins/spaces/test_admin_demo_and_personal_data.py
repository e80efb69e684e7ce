"""Admin screens follow the lead's territory; the demo loads twice the same; GDPR export and erasure of authored content."""

import os

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command

from logis.accounts.gdpr import erase_person, export_person
from plugins.spaces.models import Membership, Post, Space

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_access(db):
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def test_a_lead_manages_the_spaces_of_their_territory_only(client, people, space, person, demo_territories, admin_access):
    from plugins.spaces.rules import create_space

    liege_lead = person("lead.liege", "spaces.territorial_lead", demo_territories.organisation("Ville de Liège"))
    liege = create_space(liege_lead, "Province de Liège", demo_territories.territory("BE/03000/60000/62063"),
                         demo_territories.organisation("Ville de Liège"))
    for user in (people["lead"], liege_lead, people["alice"]):
        user.user_permissions.add(admin_access)
    client.force_login(people["lead"])
    listing = client.get("/admin/spaces_spaces/").content.decode()
    assert "Équipe Rhône" in listing and "Province de Liège" not in listing
    assert client.get(f"/admin/spaces_spaces/edit/{space.pk}/").status_code == 200
    assert client.get(f"/admin/spaces_spaces/edit/{liege.pk}/").status_code == 404
    members = client.get("/admin/spaces_members/").content.decode()
    assert "alice" in members and "lead.liege" not in members
    client.force_login(people["alice"])  # a participant runs no space
    assert client.get("/admin/spaces_spaces/").status_code in (302, 403)
    assert client.get(f"/admin/spaces_spaces/edit/{space.pk}/").status_code in (302, 403, 404)


def test_the_demo_loads_twice_the_same_with_a_default_space_per_territory(db):
    with open(os.devnull, "w") as quiet:
        call_command("demo", stdout=quiet)
        counts = (Space.objects.count(), Membership.objects.count(), Post.objects.count())
        call_command("demo", stdout=quiet)
    assert (Space.objects.count(), Membership.objects.count(), Post.objects.count()) == counts
    defaults = set(Space.objects.filter(is_default=True).values_list("name", flat=True))
    assert {"GT national", "Équipe du Rhône", "Équipe de la province de Liège"} <= defaults


def test_personal_data_lists_what_a_member_wrote_and_erasure_unlinks_it(space, people, filled):
    sections = export_person(people["alice"])["extensions"]
    assert sections["Messages écrits"][0]["thread"] == "Fichier des places"
    assert sections["Fichiers déposés"][0]["file"] == "compte-rendu.pdf"
    erase_person(people["alice"], by=people["lead"])
    post = filled["thread"].posts.get()
    assert post.author is None and post.body  # the team keeps the message, not the name
    assert not Membership.objects.filter(user=people["alice"]).exists()
