"""A counter per key and time window in the shared cache: "at most N of these per hour from this address".

Public forms without an account (a plugin's contact form, a signed link's answer) use it to slow
down robots; the count is shared by every process that shares the cache.
"""

from django.core.cache import cache


def allow(key, limit, seconds):
    """Count one more attempt under ``key``; ``False`` once ``limit`` attempts were made within ``seconds``."""
    key = f"logis:rate:{key}"
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the counter expired between add and incr: a fresh window
        cache.add(key, 1, timeout=seconds)
        return True
