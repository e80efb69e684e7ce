"""Remember who makes the current request, for the audit history; answer a full disk and hostile input in French.

The lowest layer of the core: jobs, the audit and plugins read the current
user from here, so it imports nothing of Logis (the plugin switch, which
needs the API and the admin, is :mod:`logis.plugin_switch`).
"""

import errno
import json
import logging
from contextvars import ContextVar

_current_user = ContextVar("logis_current_user", default=None)
logger = logging.getLogger(__name__)


def get_current_user():
    return _current_user.get()


class acting_as:
    """Attribute changes made outside a request (jobs, commands) to ``user``."""

    def __init__(self, user):
        self.user = user

    def __enter__(self):
        self.token = _current_user.set(self.user)
        return self.user

    def __exit__(self, *exc):
        _current_user.reset(self.token)


class CurrentUserMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = _current_user.set(user if user is not None and user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            _current_user.reset(token)


#: OS errors that mean "no room left": the disk, the user's quota, the largest file allowed.
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class DiskFullMiddleware:
    """A write refused by a full disk is a clear French 507, never a 500 with a traceback.

    The storage (:mod:`logis.storage`) has removed the partial file already;
    the view stopped before writing its rows, so nothing is half-saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OSError) or exception.errno not in _NO_ROOM:
            return None
        from django.http import HttpResponse, JsonResponse
        from django.template import loader
        from django.utils.translation import gettext as _

        logger.error("Écriture refusée, disque plein : %s %s (%s)", request.method, request.path, exception)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("Espace disque insuffisant : rien n'a été enregistré. Réessayez plus tard.")}, status=507)
        return HttpResponse(loader.get_template("logis/disk_full.html").render(request=request), status=507)


class HostileInputMiddleware:
    """Input no view should have to think about, refused in French on every route (HTML 400, API 422/400).

    - A NUL byte anywhere a person types (address, query string, form fields,
      JSON body), refused before any view: no text people write holds one, and
      PostgreSQL refuses to store one (a ``DataError``, a 500, where SQLite kept
      it). Uploaded files are not read here: their parsers refuse what they cannot read.
    - What a view lets through to the database by mistake: a search text that
      SQLite's full-text syntax rejects (an unterminated quote: Wagtail's admin
      searches, its choosers, its admin API) and an integer beyond 64 bits
      (SQLite cannot bind it: Wagtail's admin API ``offset``). These are the
      caller's errors, not a lost database (the 503 page) nor a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._holds_nul(request):
            from django.utils.translation import gettext as _

            return _refusal(request, _("Les caractères nuls (0x00) ne sont pas acceptés : retirez-les et réessayez."), 422)
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.utils.translation import gettext as _

        if isinstance(exception, OverflowError):
            logger.warning("Nombre hors limites refusé : %s %s (%s)", request.method, request.path, exception)
            return _refusal(request, _("Un nombre de la requête dépasse les limites acceptées."), 400)
        if is_search_syntax_error(exception):
            return _refusal(request, _("Texte de recherche invalide : retirez les guillemets ou caractères spéciaux."), 400)
        return None

    @staticmethod
    def _holds_nul(request):
        if "\x00" in request.path_info or _any_nul(request.GET):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        kind = request.content_type or ""
        if kind == "application/json" or kind.endswith("+json"):
            return _json_holds_nul(request.body)
        if kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return _any_nul(request.POST)
        return False


def is_search_syntax_error(error):
    """SQLite's FTS5 refusing a search text (raised only when the query runs): the text's fault, not the database's."""
    from django.db import OperationalError, connection

    if not isinstance(error, OperationalError) or connection.vendor != "sqlite":
        return False
    message = str(error).lower()
    return "fts5" in message or "syntax error" in message or "unterminated" in message


def _refusal(request, message, api_status):
    from django.http import HttpResponse, JsonResponse

    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=api_status)
    if request.path_info.startswith("/admin/api/"):  # Wagtail's admin API: JSON, its own 400
        return JsonResponse({"detail": message}, status=400)
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


def _json_holds_nul(body):
    """A NUL byte, or a string of the decoded body that holds one (``\\u0000``; a typed backslash before it is text)."""
    if b"\x00" in body:
        return True
    if b"\\u0000" not in body:
        return False
    try:
        data = json.loads(body)
    except ValueError:
        return False  # not JSON: the route's parser answers, in French
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
    return False


def _any_nul(query):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())
