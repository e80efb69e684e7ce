"""Editorial features used as Wagtail ships them: scheduled publishing, locking, admin form rules."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from content.models import GuidePage


def test_scheduled_publishing_publishes_when_due(guide):
    guide.title = "Titre programmé"
    guide.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = guide.save_revision()
    revision.publish()
    assert GuidePage.objects.get(pk=guide.pk).title == "La cotation : principes"
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None
    past = timezone.now() - datetime.timedelta(minutes=1)  # as if the day had passed
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    assert GuidePage.objects.get(pk=guide.pk).title == "Titre programmé"


def test_locked_page_cannot_be_edited_by_another_user(guide, django_user_model):
    owner = django_user_model.objects.create_superuser("proprietaire", password="x" * 14)
    other = django_user_model.objects.create_user("autre", password="x" * 14)
    guide.locked, guide.locked_by, guide.locked_at = True, owner, timezone.now()
    guide.save()
    assert guide.get_lock().for_user(other) and not guide.get_lock().for_user(owner)


def test_admin_form_requires_one_to_three_themes(guide, django_user_model):
    from content.models import Theme

    user = django_user_model.objects.create_superuser("editrice", password="x" * 14)
    form_class = GuidePage.get_edit_handler().get_form_class()
    themes = [Theme.objects.create(name=f"T{n}", slug=f"t{n}") for n in range(4)]
    data = {"title": guide.title, "slug": guide.slug, "summary": "", "audience": "public",
            "themes": [t.pk for t in themes], "body-count": "0"}
    form = form_class(data, instance=guide, parent_page=guide.get_parent(), for_user=user)
    assert not form.is_valid() and "1 à 3 thèmes" in str(form.errors["themes"])
    data["themes"] = [themes[0].pk]
    form = form_class(data, instance=guide, parent_page=guide.get_parent(), for_user=user)
    assert form.is_valid(), form.errors


def test_preview_renders_the_draft_with_the_site_theme(guide, rf, django_user_model):
    request = rf.get("/admin/", HTTP_HOST="localhost")
    request.user = django_user_model.objects.create_superuser("relectrice", password="x" * 14)
    guide.title = "Brouillon en cours de relecture"
    response = guide.make_preview_request(original_request=request)
    html = response.rendered_content
    assert response.status_code == 200 and "<h1>Brouillon en cours de relecture</h1>" in html and "fr-header" in html
    assert GuidePage.objects.get(pk=guide.pk).title == "La cotation : principes"
