"""Mentions, announcements, resolution and moderation, with what reaches people through the notification centre."""

import pytest
from django.core import mail

from logis.inbox.models import Frequency, Notification, NotificationPreference
from plugins.spaces import discussions
from plugins.spaces.models import Thread

pytestmark = pytest.mark.django_db


def titles(user):
    return [n.title for n in Notification.objects.filter(user=user)]


def test_a_mention_notifies_the_member_named_and_no_one_else(space, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        thread = discussions.start(space, people["alice"], "Fichier", "<p>@bruno peux-tu regarder ? @outsider aussi</p>")
    assert titles(people["bruno"]) == ["alice vous mentionne dans « Fichier »"]
    assert titles(people["outsider"]) == []  # not a member: learns nothing of the space
    assert titles(people["alice"]) == []
    assert Notification.objects.get(user=people["bruno"]).url == f"/espaces/{space.slug}/discussions/{thread.pk}/"
    assert [m.to for m in mail.outbox] == [["bruno@example.org"]]


def test_a_member_whose_role_expired_is_not_notified(space, people):
    discussions.start(space, people["alice"], "Fichier", "@expired @revoked")
    assert titles(people["expired"]) == titles(people["revoked"]) == []


def test_an_announcement_reaches_every_member_but_its_author(space, people):
    discussions.start(space, people["lead"], "Réunion", "<p>Mardi 10 h</p>", Thread.Kind.ANNOUNCEMENT)
    assert titles(people["alice"]) == titles(people["bruno"]) == ["Annonce dans « Équipe Rhône » : Réunion"]
    assert titles(people["lead"]) == titles(people["outsider"]) == titles(people["expired"]) == []


def test_the_message_goes_through_the_one_whitelist(space, people):
    thread = discussions.start(space, people["alice"], "x", '<p onclick="x()">ok<script>alert(1)</script><a href="javascript:x">l</a></p>')
    body = thread.posts.get().body
    assert "script" not in body and "onclick" not in body and "javascript" not in body and "ok" in body


def test_the_daily_digest_gathers_the_days_notifications_in_one_mail(space, people, django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=people["bruno"], frequency=Frequency.DAILY)
    NotificationPreference.objects.create(user=people["alice"], frequency=Frequency.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        discussions.start(space, people["lead"], "Un", "@bruno @alice")
        discussions.start(space, people["lead"], "Deux", "@bruno")
    assert mail.outbox == []
    from logis.notifications import send_digests

    assert send_digests() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["bruno@example.org"]
    assert "« Un »" in mail.outbox[0].body and "« Deux »" in mail.outbox[0].body
    assert send_digests() == 0  # each notification is mailed once
    assert Notification.objects.filter(user=people["alice"]).count() == 1  # « none »: the centre still lists it


def test_a_resolved_thread_stays_listed_and_can_be_filtered(client, space, people, filled):
    thread = filled["thread"]
    client.force_login(people["bruno"])
    assert client.post(f"/api/spaces/{space.slug}/discussions/{thread.pk}/resolution", {"resolved": True},
                       content_type="application/json").status_code == 403  # neither author nor moderator
    client.force_login(people["alice"])
    assert client.post(f"/api/spaces/{space.slug}/discussions/{thread.pk}/resolution", {"resolved": True},
                       content_type="application/json").json()["resolved"] is True
    assert [t["title"] for t in client.get(f"/api/spaces/{space.slug}/discussions").json()] == ["Fichier des places"]
    assert client.get(f"/api/spaces/{space.slug}/discussions?resolved=false").json() == []
    assert "résolue" in client.get(f"/espaces/{space.slug}/").content.decode()


def test_a_moderator_hides_a_message_and_members_no_longer_see_it(client, space, people, filled):
    post = discussions.reply(filled["thread"], people["bruno"], "<p>hors sujet</p>")
    client.force_login(people["alice"])
    assert client.post(f"/api/spaces/{space.slug}/messages/{post.pk}/masquer").status_code == 403
    client.force_login(people["lead"])
    assert client.post(f"/api/spaces/{space.slug}/messages/{post.pk}/masquer").status_code == 200
    client.force_login(people["alice"])
    shown = client.get(f"/api/spaces/{space.slug}/discussions/{filled['thread'].pk}").json()["posts"]
    assert [p["body"] for p in shown] == ["<p>Qui le met à jour ?</p>"]


def test_the_member_pages_post_a_thread_and_a_reply(client, space, people):
    client.force_login(people["alice"])
    response = client.post(f"/espaces/{space.slug}/discussions/nouvelle/", {"title": "Accueil", "kind": "discussion", "body": "Bonjour @bruno"})
    thread = Thread.objects.get(title="Accueil")
    assert response.url == f"/espaces/{space.slug}/discussions/{thread.pk}/"
    client.post(response.url, {"body": "Merci"})
    assert [p.body for p in thread.posts.all()] == ["Bonjour @bruno", "Merci"]
    client.force_login(people["bruno"])
    page = client.get("/notifications/").content.decode()
    assert "alice vous mentionne dans « Accueil »" in page
