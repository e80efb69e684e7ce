"""Fixture shared by the admin-screen tests (imported by them; not a test module)."""

import pytest
from django.conf import settings as django_settings

BACKEND = "logis.accounts.backends.RoleHoldersAdminAccessBackend"


@pytest.fixture(autouse=True)
def admin_settings(settings):
    """Role holders enter the admin, as in production once settings lists the backend (asked of the
    lead); a fast hasher, since a dozen accounts per test must not cost a dozen PBKDF2 rounds."""
    if BACKEND not in django_settings.AUTHENTICATION_BACKENDS:
        settings.AUTHENTICATION_BACKENDS = [*django_settings.AUTHENTICATION_BACKENDS, BACKEND]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
