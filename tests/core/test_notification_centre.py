"""The core's notification centre: any plugin tells people things; each person chooses how mail reaches them."""

import pytest
from django.core import mail

from logis.inbox.models import Frequency, Notification, NotificationPreference
from logis.notifications import DIGEST_LINES, notify_users, send_digests

pytestmark = pytest.mark.django_db


def test_an_immediate_preference_mails_once_the_transaction_commits(person, django_capture_on_commit_callbacks):
    ann = person("ann")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_users([ann], "Titre", "Texte", "/quelque-part/", "essai")
    assert mail.outbox == []  # nothing leaves for work that may still roll back
    for callback in callbacks:
        callback()
    assert [m.subject for m in mail.outbox] == ["Titre"]
    assert "/quelque-part/" in mail.outbox[0].body
    assert Notification.objects.get(user=ann).mailed_at is not None


def test_inactive_accounts_and_duplicates_are_skipped(person):
    ann, gone = person("ann"), person("gone")
    gone.is_active = False
    gone.save()
    notify_users([ann, ann, gone, None], "x")
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["ann"]


def test_the_digest_sends_one_mail_per_person_and_bounds_its_length(person):
    ann, bob, cid = person("ann"), person("bob"), person("cid")
    for user in (ann, bob):
        NotificationPreference.objects.create(user=user, frequency=Frequency.DAILY)
    NotificationPreference.objects.create(user=cid, frequency=Frequency.NONE)
    for index in range(DIGEST_LINES + 5):
        notify_users([ann], f"n{index}")
    notify_users([bob, cid], "pour bob")
    assert send_digests() == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {"ann@example.org", "bob@example.org"}
    assert "… et 5 autres" in by_person["ann@example.org"].body
    assert send_digests() == 0


def test_the_centre_lists_only_ones_own_notifications_and_marks_them_read(client, person):
    ann, bob = person("ann"), person("bob")
    notify_users([ann], "pour ann")
    theirs = notify_users([bob], "pour bob")[0]
    client.force_login(ann)
    answer = client.get("/api/notifications/").json()
    assert (answer["unread"], [n["title"] for n in answer["items"]]) == (1, ["pour ann"])
    assert client.post(f"/api/notifications/{theirs.pk}/lue").status_code == 404
    assert "pour ann" in client.get("/notifications/").content.decode()
    client.post("/notifications/tout-lu/")
    assert client.get("/api/notifications/").json()["unread"] == 0
    assert client.put("/api/notifications/preference", {"frequency": "daily"}, content_type="application/json").status_code == 200
    assert NotificationPreference.objects.get(user=ann).frequency == Frequency.DAILY
    assert client.put("/api/notifications/preference", {"frequency": "hourly"}, content_type="application/json").status_code == 422


def test_the_digest_is_a_core_periodic_job():
    from logis.jobs.queue import periodic_jobs

    assert "logis.notifications.send_digests" in [job.func for job in periodic_jobs()]
