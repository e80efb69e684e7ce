"""Who may read a page follows its *published* revision only, whatever path changed it.

Every test reads the page as an anonymous visitor through each public face:
the HTML page, the API detail and list, the section listing and the sitemap.
A draft, a preview or a revision awaiting review must leave all five alone;
publishing (directly, after review, on schedule, by revert), unpublishing,
copying and moving are checked one by one.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.actions.revert_to_page_revision import RevertToPageRevisionAction
from wagtail.models import PageViewRestriction

from content.models import GuidePage, SectionPage
from logis.jobs.queue import build_cron_scheduler


def faces(client, page):
    """What an anonymous visitor can read of ``page``: one boolean per public face."""
    client.logout()
    page = GuidePage.objects.get(pk=page.pk)
    section = page.get_parent()
    listing = client.get(section.url).content.decode()
    api_list = client.get("/api/v2/pages/?type=content.GuidePage&limit=50").json()
    return {
        "html": client.get(page.url).status_code == 200,
        "api_detail": client.get(f"/api/v2/pages/{page.pk}/").status_code == 200,
        "api_list": page.pk in [item["id"] for item in api_list["items"]],
        "listing": f"/{page.slug}/" in listing,
        "sitemap": f"/{page.slug}/" in client.get("/sitemap.xml").content.decode(),
    }


def readable(client, page):
    seen = faces(client, page)
    assert len(set(seen.values())) == 1, seen  # the five faces always agree
    return seen["html"]


def form_data(page, **changes):
    page = page.specific
    data = {"title": page.title, "slug": page.slug, "summary": page.summary, "audience": page.audience,
            "themes": [t.pk for t in page.themes.all()], "body-count": "0"}
    data.update(changes)
    return data


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("admin-visibilite", password="x" * 14)


@pytest.fixture
def as_admin(client, admin):
    """Post to the admin as a superuser, then read the site anonymously (``faces`` logs out)."""

    def post(url, data=None):
        client.force_login(admin)
        response = client.post(url, data or {})
        assert response.status_code in (200, 302), response.content.decode()[:2000]
        return response

    return post


def test_a_saved_draft_never_changes_who_may_read_the_live_page(client, as_admin, pros_page, guide):
    assert not readable(client, pros_page) and readable(client, guide)
    as_admin(f"/admin/pages/{pros_page.pk}/edit/", form_data(pros_page, audience="public"))
    as_admin(f"/admin/pages/{guide.pk}/edit/", form_data(guide, audience="pros"))
    assert GuidePage.objects.get(pk=pros_page.pk).get_latest_revision_as_object().audience == "public"
    assert not readable(client, pros_page)
    assert readable(client, guide)
    assert PageViewRestriction.objects.filter(page=pros_page).count() == 1
    assert not PageViewRestriction.objects.filter(page=guide).exists()


def test_a_preview_never_changes_who_may_read_the_live_page(client, as_admin, pros_page):
    as_admin(f"/admin/pages/{pros_page.pk}/edit/preview/", form_data(pros_page, audience="public"))
    preview = client.get(f"/admin/pages/{pros_page.pk}/edit/preview/")
    assert preview.status_code == 200 and "Procédure interne" in preview.content.decode()
    assert not readable(client, pros_page)


def test_a_revision_in_review_changes_nothing_until_approved(client, pros_page, person, sne):
    editor = person("redactrice-visibilite", "core.editor", sne)
    client.force_login(editor)
    response = client.post(f"/admin/pages/{pros_page.pk}/edit/", form_data(pros_page, audience="public", **{"action-submit": "1"}))
    assert response.status_code == 302
    state = GuidePage.objects.get(pk=pros_page.pk).current_workflow_state
    assert state is not None and state.status == state.STATUS_IN_PROGRESS
    assert not readable(client, pros_page)

    client.force_login(person("relecteur-visibilite", "core.moderator", sne))
    client.post(f"/admin/pages/workflow/action/{pros_page.pk}/approve/{state.current_task_state.pk}/", {"comment": "Relu."})
    assert readable(client, pros_page)


def test_publishing_changes_who_may_read_both_ways(client, as_admin, pros_page, guide):
    as_admin(f"/admin/pages/{pros_page.pk}/edit/", form_data(pros_page, audience="public", **{"action-publish": "1"}))
    as_admin(f"/admin/pages/{guide.pk}/edit/", form_data(guide, audience="pros", **{"action-publish": "1"}))
    assert readable(client, pros_page)
    assert not readable(client, guide)


def test_unpublishing_keeps_the_published_audience_for_the_next_publication(client, as_admin, pros_page):
    as_admin(f"/admin/pages/{pros_page.pk}/edit/", form_data(pros_page, audience="public"))  # a public draft
    as_admin(f"/admin/pages/{pros_page.pk}/unpublish/")
    page = GuidePage.objects.get(pk=pros_page.pk)
    assert not page.live and page.get_view_restrictions().exists()
    page.get_latest_revision().publish()
    assert readable(client, pros_page)


def test_revert_is_a_draft_until_published(client, as_admin, guide):
    public_revision = guide.get_latest_revision()
    as_admin(f"/admin/pages/{guide.pk}/edit/", form_data(guide, audience="pros", **{"action-publish": "1"}))
    assert not readable(client, guide)
    as_admin(f"/admin/pages/{guide.pk}/revisions/{public_revision.pk}/revert/", form_data(guide, audience="public"))
    assert not readable(client, guide)
    page = GuidePage.objects.get(pk=guide.pk)
    revision = RevertToPageRevisionAction(page, public_revision, user=None).execute()
    assert not readable(client, guide)
    revision.publish()
    assert readable(client, guide)


def test_a_scheduled_publication_changes_who_may_read_at_go_live(client, as_admin, pros_page, run_jobs, redis_connection):
    """Go-live applied by the core scheduler's periodic job, run by a real worker (not by calling the command)."""
    go_live = (timezone.localtime() + timedelta(days=2)).replace(microsecond=0)
    as_admin(f"/admin/pages/{pros_page.pk}/edit/", form_data(
        pros_page, audience="public", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), **{"action-publish": "1"}))
    page = GuidePage.objects.get(pk=pros_page.pk)
    assert page.scheduled_revision is not None
    assert not readable(client, pros_page)
    revision, past = page.scheduled_revision, timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    scheduler = build_cron_scheduler(redis_connection)
    job = next(job for job in scheduler.get_jobs() if job.name == "publication-programmee")
    assert job.cron == "* * * * *"                      # applied within a minute
    job.next_enqueue_time = timezone.now() - timedelta(seconds=1)   # that minute has passed
    assert job in scheduler.enqueue_jobs()
    run_jobs("default")
    assert readable(client, pros_page)


@pytest.mark.parametrize("keep_live", [True, False])
def test_a_copy_carries_the_published_audience_not_the_draft(client, as_admin, pros_page, guide, keep_live):
    as_admin(f"/admin/pages/{pros_page.pk}/edit/", form_data(pros_page, audience="public"))  # a public draft
    as_admin(f"/admin/pages/{guide.pk}/edit/", form_data(guide, audience="pros"))            # a pros draft
    copies = {}
    for page, slug in ((pros_page, "procedure-interne-copie"), (guide, "cotation-principes-copie")):
        page = GuidePage.objects.get(pk=page.pk)
        copies[slug] = page.copy(update_attrs={"slug": slug, "title": page.title + " (copie)"}, keep_live=keep_live)
    if keep_live:
        assert not readable(client, copies["procedure-interne-copie"])
        assert readable(client, copies["cotation-principes-copie"])
    else:  # a copy that is not live: nobody reads it, and publishing it publishes its draft
        for copy in copies.values():
            assert not readable(client, copy)
        GuidePage.objects.get(pk=copies["procedure-interne-copie"].pk).get_latest_revision().publish()
        GuidePage.objects.get(pk=copies["cotation-principes-copie"].pk).get_latest_revision().publish()
        assert readable(client, copies["procedure-interne-copie"])
        assert not readable(client, copies["cotation-principes-copie"])


def test_moving_a_page_keeps_its_published_audience(client, as_admin, pros_page, guide):
    as_admin(f"/admin/pages/{pros_page.pk}/edit/", form_data(pros_page, audience="public"))
    destination = SectionPage.objects.get(slug="cotation")
    as_admin(f"/admin/pages/{pros_page.pk}/move/{destination.pk}/confirm/")
    moved = GuidePage.objects.get(pk=pros_page.pk)
    assert moved.get_parent().pk == destination.pk
    assert not readable(client, moved)


def test_one_rule_for_pages_listings_and_search(client, pros_page, person, sne, demo_territories):
    """An editor reads professionals-only pages in the section listing *and* in search; a person without role in neither."""
    from search.service import reindex

    reindex()
    for user, sees in ((person("redacteur-recherche", "core.editor", sne), True), (person("sans-role-recherche"), False)):
        client.force_login(user)
        listing = "procedure-interne" in client.get("/documentation/").content.decode()
        found = "Procédure interne de contrôle" in client.get("/recherche/?q=confidentielle").content.decode()
        api = [hit["slug"] for hit in client.get("/api/search/?q=confidentielle").json()["results"]]
        assert (listing, found, "procedure-interne" in api) == (sees, sees, sees), user.username


def test_expiry_is_applied_by_the_scheduler(client, guide, run_jobs, redis_connection):
    GuidePage.objects.filter(pk=guide.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    scheduler = build_cron_scheduler(redis_connection)
    job = next(job for job in scheduler.get_jobs() if job.name == "publication-programmee")
    job.next_enqueue_time = timezone.now() - timedelta(seconds=1)
    scheduler.enqueue_jobs()
    run_jobs("default")
    page = GuidePage.objects.get(pk=guide.pk)
    assert not page.live and page.expired
    assert client.get(guide.url).status_code == 404
