"""Login throttling with django-axes: every login form, per account and per IP.

Axes counts failed logins by username and by client address separately
(``AXES_LOCKOUT_PARAMETERS``); past the limit both the account and the
address are refused until an administrator unlocks them (admin screen
« Verrouillages ») or the cool-off passes. Each lockout and each unlock
is written to the platform's audit.
"""

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete

from logis.audit.recorder import record


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, letting through calls made without a request.

    Every login form passes its request; a call without one (the test
    client's ``login``, a management command) has no client to throttle,
    and axes would raise instead of letting the next backends answer.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip(request):
    """The client's address: the proxy's ``X-Forwarded-For`` entry only when a proxy is declared.

    Without ``LOGIS_TRUSTED_PROXY`` the header is the client's own word, and
    trusting it would let anyone pick a fresh address for each attempt.
    """
    if settings.LOGIS_TRUSTED_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]  # appended by our own proxy; what precedes it the client wrote
    return request.META.get("REMOTE_ADDR", "")


def _attempt_changes(attempt, state):
    return {"verrouillage": state, "compte": attempt.username or "", "adresse IP": attempt.ip_address or "",
            "échecs": attempt.failures_since_start}


def _locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, username=username).order_by("-attempt_time")
    attempt = attempts.first()
    if attempt is not None:
        record(attempt, "update", _attempt_changes(attempt, [None, "verrouillé"]))


def _unlocked(sender, instance, **kwargs):
    record(instance, "delete", _attempt_changes(instance, ["verrouillé", "déverrouillé"]))


def connect():
    user_locked_out.connect(_locked_out, dispatch_uid="logis-lockout-audit")
    post_delete.connect(_unlocked, sender=AccessAttempt, dispatch_uid="logis-unlock-audit")


def over_limit(request, bucket, limit, seconds=3600):
    """True once the request's client has called ``bucket`` more than ``limit`` times within ``seconds``.

    For public pages without an account (a signed link, a verification code)
    that anyone could call in a loop to guess codes.
    """
    key = f"logis-throttle:{bucket}:{client_ip(request)}"
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        return False
