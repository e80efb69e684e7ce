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


def test_locked_page_cannot_be_saved_by_another_editor(client, guide, django_user_model, person, sne):
    owner = django_user_model.objects.create_superuser("proprietaire", password="x" * 14)
    editor = person("redacteur-fiche", "core.editor", sne)  # the role puts them in Wagtail's Editors group
    client.force_login(owner)
    assert client.post(f"/admin/pages/{guide.pk}/lock/").status_code == 302
    page = GuidePage.objects.get(pk=guide.pk)
    assert page.locked and page.locked_by == owner
    assert page.get_lock().for_user(editor) and not page.get_lock().for_user(owner)

    client.force_login(editor)
    revisions = page.revisions.count()
    data = {"title": "Modifiée malgré le verrou", "slug": guide.slug, "summary": "", "audience": "public",
            "themes": [t.pk for t in guide.themes.all()], "body-count": "0"}
    response = client.post(f"/admin/pages/{guide.pk}/edit/", data)
    assert response.status_code == 200
    assert page.revisions.count() == revisions
    assert GuidePage.objects.get(pk=guide.pk).draft_title == "La cotation : principes"


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


def test_scheduled_expiry_unpublishes_when_due(client, guide):
    guide.expire_at = timezone.now() + datetime.timedelta(days=30)
    guide.save_revision().publish()
    assert client.get(guide.url).status_code == 200
    GuidePage.objects.filter(pk=guide.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("publish_scheduled")
    page = GuidePage.objects.get(pk=guide.pk)
    assert not page.live and page.expired
    assert client.get(guide.url).status_code == 404


def test_revisions_are_kept_and_compared_in_the_admin(client, guide, django_user_model):
    first = guide.latest_revision
    guide.title = "La cotation : principes et grille"
    second = guide.save_revision()
    assert guide.revisions.count() == 2
    client.force_login(django_user_model.objects.create_superuser("comparatrice", password="x" * 14))
    response = client.get(f"/admin/pages/{guide.pk}/revisions/compare/{first.pk}...{second.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "La cotation : principes" in html and "et grille" in html
    assert client.get(f"/admin/pages/{guide.pk}/history/").status_code == 200
