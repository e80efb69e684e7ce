"""The JSON API under ``/api/``: core routes plus the routers plugins add.

Built with django-ninja so that ``/api/openapi.json`` is generated from the
code, never written by hand. A plugin's prefix answers 404 on a site where the
plugin is switched off (see :class:`logis.plugin_switch.PluginSwitchMiddleware`).
"""

from functools import wraps
from uuid import UUID

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from content.openapi import merge_into
from logis.api_errors import french_http_error, french_validation_error
from logis.inbox.api import router as notifications_router
from logis.jobs.models import JobRecord
from logis.jobs.queue import progress
from logis.plugins import call_hook
from search.api import router as search_router

def docs_access(view):
    """``/api/docs`` and ``/api/openapi.json`` need a login unless ``LOGIS_API_DOCS_PUBLIC`` (production default: no)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.LOGIS_API_DOCS_PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return guarded


class LogisAPI(NinjaAPI):
    """The JSON API, whose description also holds the pages API (``/api/v2/``, Wagtail's): one description for all."""

    def get_openapi_schema(self, **kwargs):
        return merge_into(super().get_openapi_schema(**kwargs))


api = LogisAPI(
    title="Logis API",
    version="1",
    description="API JSON de Logis, avec l'API des contenus (pages, images, documents) servie sous /api/v2/.",
    urls_namespace="logis-api",
    docs_url="/docs",
    docs_decorator=docs_access,
)
api.add_exception_handler(ValidationError, lambda request, exc: french_validation_error(request, exc, api))
api.add_exception_handler(HttpError, lambda request, exc: french_http_error(request, exc, api))
# django-ninja answers a missing login with its own handler (« Unauthorized »): ours, in French.
api.add_exception_handler(AuthenticationError, lambda request, exc: french_http_error(request, exc, api))


@api.exception_handler(PermissionDenied)
def permission_denied(request, error):
    """403 with the scoping service's French message: routes call ``scope_for`` as screens do."""
    return api.create_response(request, {"detail": str(error) or _("Action non autorisée.")}, status=403)


@api.exception_handler(Http404)
def not_found(request, error):
    """404 with a French message (``Scope.get`` says what was not found in the user's territory)."""
    return api.create_response(request, {"detail": str(error) or _("Introuvable.")}, status=404)


#: prefix (relative to /api/) → plugin name, read by the per-site switch.
PLUGIN_API_PREFIXES = {}


class JobProgress(Schema):
    id: str
    name: str
    status: str
    done: int
    total: int
    percent: int
    message: str
    result: dict | list | None = None
    error: str


@api.get("/jobs/{job_id}", response=JobProgress, auth=django_auth, tags=["tâches"], summary="Avancement d'une tâche de fond")
def job_progress(request, job_id: UUID):
    record = JobRecord.objects.filter(pk=job_id).first()
    if record is None or (record.user_id != request.user.pk and not request.user.is_superuser):
        raise HttpError(404, _("Tâche introuvable."))
    return progress(record)


api.add_router("notifications/", notifications_router)


def mount_plugin_routers():
    for plugin_name, routers in call_hook("logis_api_routers"):
        for prefix, router in routers:
            prefix = prefix.strip("/") + "/"
            api.add_router(prefix, router)
            PLUGIN_API_PREFIXES[prefix] = plugin_name


mount_plugin_routers()
api.add_router("search/", search_router)
