"""Full-page cache of Wagtail pages for anonymous visitors, and the generation that invalidates it (issue 13).

Kept small rather than taken from ``wagtail-cache``: that library keys on the
URL and leaves invalidation and the rules below to the project, and what has
to be right here is exactly those rules:

- only a request without a session, ``messages`` or ``Authorization`` is served
  from or stored in the cache, so a logged-in visitor never gets a cached page
  (and their request costs one dictionary look-up, no cache round-trip);
- only what a Wagtail page served (``before_serve_page`` marks it) is stored:
  never a preview, a page with a view restriction (professionals-only pages carry
  one as soon as their *published* audience is « pros », see ``content.access``),
  a form page (``wagtail.contrib.forms``) or a page type saying ``cache_for_anonymous = False``,
  a response that set a cookie, nor anything but a 200;
- the key holds the site (host), the language, the path and the query string;
- one generation number, stored in the same cache, is part of every key:
  publishing, unpublishing, moving or deleting a page, a scheduled go-live or
  expiry (Wagtail's ``publish_scheduled`` sends the same signals), any change to
  menus, branding, themes or another content setting bump it, and every cached
  page and site chrome (``content.chrome``) is then out of use at once.

What a page holds is the same for every anonymous visitor, so the responses are
public: ``Cache-Control: public, max-age=60, s-maxage=60`` (``LOGIS_PAGE_CACHE_PUBLIC_SECONDS``),
an ``ETag`` of the stored bytes, a 304 without a body on ``If-None-Match``, and
``Vary: Cookie`` (with ``Accept-Language`` from ``LocaleMiddleware``), so that a
browser or a reverse proxy keeps them a minute and then revalidates. That
needs pages without anything of one visitor in them:

- the Content-Security-Policy nonce is the one the page was rendered with,
  sent again in the header of every hit: a stored page is the same bytes for
  everyone, as it would be in a proxy (a nonce still cannot be guessed before
  the page exists: new content or a new query string is a new rendering);
- the language switch posts without a CSRF token (``logis.urls``), and a page
  whose rendering asked for one (``get_token``) is not stored and stays private.

Every other response to a Wagtail page (a logged-in visitor, a preview, a
professionals-only or form page) is ``Cache-Control: private, no-store``.
Hits and misses are counted in the cache for the admin dashboard.

Within one request the generation and what ``content.chrome`` reads are kept
in a per-request memo (``request_memo``): a page asks for the site chrome from
its template, its context and its breadcrumbs, and with Redis each of those
would be a round trip and an unpickling.
"""

import contextvars
import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from wagtail.contrib.forms.models import FormMixin

FORM_PAGES = (FormMixin,)

PREFIX = "logis:pages"
GENERATION_KEY = f"{PREFIX}:generation"
HITS_KEY, MISSES_KEY = f"{PREFIX}:hits", f"{PREFIX}:misses"
PRIVATE = "private, no-store"
#: Routes whose answers are never stored (no Wagtail page there): no key, no render lock, no Redis round trip.
NEVER_STORED = ("/api/", "/admin/", "/static/", "/media/", "/documents/", "/notifications/")
RENDER_WAIT_SECONDS = 3  # how long a request waits for another one rendering the same page
MAX_KEY_INPUT = 2048  # longer paths and query strings are not cached (keys stay bounded)

_memo = contextvars.ContextVar("logis_page_cache_memo", default=None)


def request_memo():
    """The current request's memo of cache reads (a dict), or None outside a request (jobs, commands)."""
    return _memo.get()


def enabled():
    return getattr(settings, "LOGIS_PAGE_CACHE", True)


def timeout():
    return getattr(settings, "LOGIS_PAGE_CACHE_SECONDS", 600)


def public_cache_control():
    seconds = getattr(settings, "LOGIS_PAGE_CACHE_PUBLIC_SECONDS", 60)
    return f"public, max-age={seconds}, s-maxage={seconds}"


def generation():
    """The current generation; every key of the page and chrome caches holds it."""
    memo = request_memo()
    if memo is not None and GENERATION_KEY in memo:
        return memo[GENERATION_KEY]
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    if memo is not None:
        memo[GENERATION_KEY] = value
    return value


def invalidate(*_args, **_kwargs):
    """Put every cached page and site chrome out of use (signal receiver: takes any arguments)."""
    memo = request_memo()
    if memo is not None:  # a request that publishes reads the new generation afterwards
        memo.clear()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from the pages' keys
        cache.set(GENERATION_KEY, generation() + 1, timeout=None)
        if memo is not None:
            memo.clear()


def anonymous_request(request):
    """Whether ``request`` may be served from the cache: GET/HEAD without any sign of a visitor's identity."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META or request.path_info.startswith(NEVER_STORED):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def page_key(request):
    raw = f"{request.get_host()}|{getattr(request, 'LANGUAGE_CODE', '')}|{request.path}|{request.META.get('QUERY_STRING', '')}"
    if len(raw) > MAX_KEY_INPUT:
        return None
    return f"{PREFIX}:{generation()}:page:{hashlib.sha256(raw.encode()).hexdigest()}"


def mark_cacheable(page, request):
    """``before_serve_page``: remember the page being served; ``_storable`` decides after rendering."""
    request._logis_served_page = page


def same_for_every_visitor(view):
    """Store ``view``'s anonymous answers like a Wagtail page's.

    For a view whose output changes only with what the generation follows: the
    sitemap, which every reader and crawler asks for and which read each page
    to render (0.15 s idle, over a second under load, uncached).
    """
    @functools.wraps(view)
    def marked(request, *args, **kwargs):
        request._logis_same_for_everyone = True
        return view(request, *args, **kwargs)

    return marked


def _cacheable_page(request):
    if getattr(request, "_logis_same_for_everyone", False):
        return True
    page = getattr(request, "_logis_served_page", None)
    return (
        page is not None
        and not getattr(request, "is_preview", False)
        and page.live
        and getattr(page, "cache_for_anonymous", True)
        and not isinstance(page, FORM_PAGES)
        and not page.get_view_restrictions().exists()  # read once already by Wagtail's check for our page types
    )


def count(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=None)


def hit_rate():
    """(hits, misses, rate in %) since the counters were last reset; rate is None before the first request."""
    hits, misses = cache.get(HITS_KEY) or 0, cache.get(MISSES_KEY) or 0
    total = hits + misses
    return hits, misses, (round(100 * hits / total, 1) if total else None)


def _storable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds this visitor's CSRF token
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and _cacheable_page(request)
    )


def _etag(content):
    return f'"{hashlib.sha256(content).hexdigest()[:32]}"'


def _public(response, etag, state):
    response["ETag"] = etag
    response["Cache-Control"] = public_cache_control()
    response["X-Logis-Cache"] = state
    patch_vary_headers(response, ("Cookie",))
    return response


def _answer(request, content, content_type, etag, nonce):
    if nonce:  # the header then names the nonce the stored page carries (CSPMiddleware reads it)
        request._csp_nonce = nonce
    if etag in (tag.strip() for tag in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")):
        return _public(HttpResponseNotModified(), etag, "hit")
    return _public(HttpResponse(content, content_type=content_type), etag, "hit")


def _rendered_meanwhile(key, lock):
    """The page another request, holding the render ``lock``, stored meanwhile; None if it gave up or took too long.

    After a publish every page misses at once, and readers ask for the same
    pages at the same time: without the lock each of them rendered the page
    (a cold load bench rendered each guide page twice, the sitemap twenty times).
    A request that finds the lock taken sleeps (no CPU) until the page is stored
    or the renderer gave up storing it (the lock is gone), then renders itself.
    """
    deadline = time.monotonic() + RENDER_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.02)
        stored = cache.get(key)
        if stored is not None or cache.get(lock) is None:
            return stored
    return None


class PageCacheMiddleware:
    """Serve and store anonymous visitors' Wagtail pages; mark every other Wagtail page private.

    Placed after ``LocaleMiddleware`` (the key holds the language) and ``CsrfViewMiddleware``
    (a CSRF token asked for while rendering is seen in ``request.META``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self._respond(request)
        finally:
            _memo.reset(token)

    def _respond(self, request):
        key = page_key(request) if enabled() and anonymous_request(request) else None
        if key is None:
            return self._render(request, None)
        stored, lock = cache.get(key), f"{key}:rendering"
        owner = stored is None and cache.add(lock, 1, timeout=RENDER_WAIT_SECONDS)
        if stored is None and not owner:
            stored = _rendered_meanwhile(key, lock)
        if stored is not None:
            count(HITS_KEY)
            return _answer(request, *stored)
        try:
            return self._render(request, key)
        finally:
            if owner:  # a request that waited in vain renders too, but the lock is not its to release
                cache.delete(lock)

    def _render(self, request, key):
        response = self.get_response(request)
        if key is None or not _storable(request, response):
            if hasattr(request, "_logis_served_page") and "Cache-Control" not in response:
                response["Cache-Control"] = PRIVATE
            return response
        count(MISSES_KEY)
        etag = _etag(response.content)
        cache.set(key, (response.content, response["Content-Type"], etag, getattr(request, "_csp_nonce", None)),
                  timeout())
        return _public(response, etag, "miss")
