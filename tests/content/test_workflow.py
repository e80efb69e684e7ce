from wagtail.models import Workflow

from content.models import GuidePage


def test_guide_pages_get_the_review_workflow_and_approval_publishes(guide, django_user_model):
    workflow = guide.get_workflow()
    assert workflow is not None and workflow.name == "Relecture"
    assert [task.name for task in workflow.tasks] == ["Relecture éditoriale"]
    assert workflow.tasks[0].specific.groups.filter(name="Moderators").exists()

    author = django_user_model.objects.create_user("auteur", password="x" * 14)
    moderator = django_user_model.objects.create_superuser("moderateur", password="x" * 14)
    guide.title = "La cotation : principes (mis à jour)"
    guide.save_revision(user=author)
    state = workflow.start(guide, author)
    assert GuidePage.objects.get(pk=guide.pk).title == "La cotation : principes"  # not published yet
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    state.refresh_from_db()
    assert state.status == state.STATUS_APPROVED
    assert GuidePage.objects.get(pk=guide.pk).title == "La cotation : principes (mis à jour)"


def test_an_assigned_workflow_takes_precedence(guide):
    from wagtail.models import WorkflowPage

    other = Workflow.objects.create(name="Circuit court")
    WorkflowPage.objects.create(workflow=other, page=guide.get_parent())
    assert guide.get_workflow() == other


def test_an_editor_submits_to_relecture_and_a_moderator_publishes(client, guide, person, sne):
    editor = person("redactrice-fiche", "core.editor", sne)  # the editorial roles join Wagtail's Editors / Moderators groups
    client.force_login(editor)
    data = {"title": "La cotation : principes (relue)", "slug": guide.slug, "summary": guide.summary,
            "audience": "public", "themes": [t.pk for t in guide.themes.all()], "body-count": "0",
            "action-submit": "1"}
    response = client.post(f"/admin/pages/{guide.pk}/edit/", data)
    assert response.status_code == 302
    page = GuidePage.objects.get(pk=guide.pk)
    state = page.current_workflow_state
    assert state is not None and state.workflow.name == "Relecture" and state.status == state.STATUS_IN_PROGRESS
    assert page.title == "La cotation : principes" and page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "La cotation : principes (relue)"

    client.force_login(person("relecteur-fiche", "core.moderator", sne))
    task_state = state.current_task_state
    response = client.post(f"/admin/pages/workflow/action/{guide.pk}/approve/{task_state.pk}/", {"comment": "Relu."})
    assert response.status_code in (200, 302)
    page = GuidePage.objects.get(pk=guide.pk)
    assert page.title == "La cotation : principes (relue)" and not page.has_unpublished_changes
