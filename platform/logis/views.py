"""Core views that belong to no area in particular."""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults


def healthz(request):
    """Liveness for load balancers and docker-compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request):
    """The 500 handler: a lost database connection is a clean, French 503 (retry later), never a traceback.

    Rendered without a request context: context processors would ask the
    database that just failed.
    """
    if not isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return defaults.server_error(request)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": _("Service momentanément indisponible : réessayez dans quelques instants.")}, status=503)
    else:
        response = HttpResponse(loader.get_template("logis/unavailable.html").render(), status=503)
    response["Retry-After"] = "30"
    return response
