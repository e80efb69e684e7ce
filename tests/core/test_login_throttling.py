"""Login throttling (issue 9.5): per account and per address, on every login form, unlocked by an administrator."""

import pytest
from django.contrib.contenttypes.models import ContentType

from logis.audit.models import AuditEntry

PASSWORD = "mot-de-passe-de-test-42"
FORMS = ["/admin/login/", "/_util/login/"]


def _login(client, url, username, password, ip="203.0.113.7", **extra):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def _logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def settings_limit(settings):
    settings.AXES_FAILURE_LIMIT = 5
    return settings


@pytest.mark.parametrize("url", FORMS)
def test_thirty_wrong_passwords_lock_the_account_even_for_the_right_password(client, person, settings_limit, url):
    person("claire.agent")
    for _ in range(30):
        _login(client, url, "claire.agent", "mauvais-mot-de-passe")
    response = _login(client, url, "claire.agent", PASSWORD, ip="198.51.100.9")  # from another address, too
    assert response.status_code == 429
    assert "Connexion bloquée" in response.content.decode() and "administrateur" in response.content.decode()
    assert not _logged_in(client)


def test_one_address_trying_many_accounts_is_locked_out(client, person, settings_limit):
    person("claire.agent")
    for n in range(6):
        _login(client, "/admin/login/", f"inconnu-{n}", "mauvais-mot-de-passe")
    assert _login(client, "/admin/login/", "claire.agent", PASSWORD).status_code == 429
    assert not _logged_in(client)
    # the same account from another address still enters
    assert _login(client, "/admin/login/", "claire.agent", PASSWORD, ip="198.51.100.9").status_code == 302
    assert _logged_in(client)


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client, person, settings_limit):
    person("claire.agent")
    for n in range(6):
        _login(client, "/admin/login/", f"inconnu-{n}", "x", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert _login(client, "/admin/login/", "claire.agent", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_below_the_limit_the_right_password_enters_and_resets_the_count(client, person, settings_limit):
    from axes.models import AccessAttempt

    person("claire.agent")
    for _ in range(4):
        _login(client, "/admin/login/", "claire.agent", "mauvais")
    assert _login(client, "/admin/login/", "claire.agent", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="claire.agent", failures_since_start__gt=0).exists()


def test_an_administrator_unlocks_and_both_events_are_audited(client, person, settings_limit, django_user_model):
    from axes.models import AccessAttempt

    person("claire.agent")
    for _ in range(5):
        _login(client, "/admin/login/", "claire.agent", "mauvais")
    attempt = AccessAttempt.objects.get(username="claire.agent")
    history = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(AccessAttempt), object_id=str(attempt.pk))
    assert history.get(action="update").changes["verrouillage"] == [None, "verrouillé"]

    admin = type(client)()
    admin.force_login(django_user_model.objects.create_superuser("admin.national", "a@example.org", "x" * 14))
    listing = admin.get("/admin/logis_lockouts/")
    assert listing.status_code == 200 and "claire.agent" in listing.content.decode()
    assert admin.post(f"/admin/logis_lockouts/delete/{attempt.pk}/").status_code == 302
    unlock = history.get(action="delete")
    assert unlock.changes["verrouillage"] == ["verrouillé", "déverrouillé"] and unlock.user_repr == "admin.national"

    assert _login(client, "/admin/login/", "claire.agent", PASSWORD).status_code == 302
    assert _logged_in(client)


def test_role_holders_neither_see_nor_lift_lockouts(client, person, demo_territories, settings_limit):
    from axes.models import AccessAttempt

    for _ in range(5):
        _login(client, "/admin/login/", "quelquun", "mauvais")
    attempt = AccessAttempt.objects.get(username="quelquun")
    manager = person("gestion.lyon", "core.role_manager", demo_territories.organisation("Ville de Lyon"))
    client.force_login(manager)
    assert client.get("/admin/logis_lockouts/").status_code in (302, 403)
    client.post(f"/admin/logis_lockouts/delete/{attempt.pk}/")
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_attempts_are_never_written_by_hand(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin.national", "a@example.org", "x" * 14))
    assert client.get("/admin/logis_lockouts/add/").status_code == 404
