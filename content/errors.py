"""Error pages in the site's visual theme, served with ``DEBUG=0`` (``handler403/404/500`` in ``logis.urls``).

A 403 says why (no role, a role expired or revoked on a given day, a role
that does not open this page) and whom to ask; a 404 offers the search and
the navigation; a lost database connection is the core's French 503; a 500 falls back to a page without a database or theme when
even those fail. Under ``/api/`` the answers are JSON, in French.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from content import navigation
from logis.accounts.refusals import refusal_reasons, whom_to_ask
from logis.views import server_error as unavailable_or_plain_error

API_PREFIX = "/api/"


def _render(request, name, status, title, **extra):
    context = {**navigation.view_chrome(request, title), "breadcrumbs": [], **extra}
    theme = context.get("visual_theme")
    names = theme.templates(f"errors/{name}.html") if theme else [f"content/themes/neutre/errors/{name}.html"]
    return render(request, names, context, status=status)


def page_not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": _("Adresse inconnue de l'API : %(path)s. La description de l'API est sur /api/docs.")
                             % {"path": request.path}}, status=404)
    return _render(request, "404", 404, _("Page introuvable"))


def permission_denied(request, exception=None, permission=""):
    """403: why, and whom to ask; ``permission`` is what the page required (empty when not known)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": str(exception) if exception else _("Accès refusé.")}, status=403)
    user = request.user
    signed_in = user.is_authenticated
    reasons = [str(exception)] if exception is not None and str(exception) else []
    if signed_in and (permission or not reasons):
        reasons += refusal_reasons(user, permission)
    return _render(request, "403", 403, _("Accès refusé"), reasons=reasons,
                   managers=whom_to_ask(user) if signed_in else [], signed_in=signed_in)


def server_error(request):
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return unavailable_or_plain_error(request)  # the database is gone: the core's 503, which needs no database
    try:
        return _render(request, "500", 500, _("Erreur du serveur"))
    except Exception:  # the database or the theme may be what failed: a page that needs neither
        return HttpResponseServerError(loader.get_template("500.html").render())
