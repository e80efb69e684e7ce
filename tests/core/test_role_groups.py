"""Editorial roles open Wagtail's own editing rights, and only while the assignment is in force."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def sne(demo_territories):
    from logis.accounts.models import Organisation

    return Organisation.objects.get(name="GIP SNE")


def group_names(user):
    return set(user.groups.values_list("name", flat=True))


def test_an_editor_edits_pages_and_themes_while_the_role_lasts(client, person, sne):
    editor = person("redactrice", "core.editor", sne)
    assert group_names(editor) == {"Editors"}
    client.force_login(editor)
    page = Page.objects.get(depth=2)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    assert client.get("/admin/snippets/content/theme/").status_code == 200
    assert client.get("/admin/snippets/content/theme/add/").status_code == 200
    assert client.get("/admin/snippets/content/menu/").status_code == 302  # menus are the moderators'

    assignment = editor.role_assignments.get()
    assignment.valid_until = timezone.localdate() - timedelta(days=1)
    assignment.save()
    assert group_names(editor) == set()
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 302


def test_an_assignment_that_lapses_on_its_own_is_caught_on_the_next_admin_request(client, person, sne):
    from logis.accounts.models import RoleAssignment

    moderator = person("relectrice", "core.moderator", sne)
    assert group_names(moderator) == {"Moderators"}
    RoleAssignment.objects.filter(user=moderator).update(valid_until=timezone.localdate() - timedelta(days=1))  # no signal
    client.force_login(moderator)
    client.get("/admin/")
    assert group_names(moderator) == set()


def test_groups_no_role_names_are_left_alone(person, sne):
    from django.contrib.auth.models import Group

    from logis.accounts.groups import sync_groups

    professional = person("pro", "core.professional", sne)
    professional.groups.add(Group.objects.create(name="Lecteurs du comité"))
    sync_groups(professional)
    assert group_names(professional) == {"Lecteurs du comité"}
