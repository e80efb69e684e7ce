"""The JSON API under ``/api/``: core routes plus the routers plugins add.

Built with django-ninja so that ``/api/openapi.json`` is generated from the
code, never written by hand. A plugin's prefix answers 404 on a site where the
plugin is switched off (see :class:`logis.middleware.PluginSwitchMiddleware`).
"""

from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.security import django_auth

from logis.api_errors import french_validation_error
from logis.jobs.models import JobRecord
from logis.jobs.queue import progress
from logis.plugins import call_hook

api = NinjaAPI(
    title="Logis API",
    version="1",
    description="API JSON de Logis. Les pages de contenu sont servies par l'API Wagtail v2 sous /api/v2/.",
    urls_namespace="logis-api",
    docs_url="/docs",
)
api.add_exception_handler(ValidationError, lambda request, exc: french_validation_error(request, exc, api))

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
    record = get_object_or_404(JobRecord, pk=job_id)
    if record.user_id != request.user.pk and not request.user.is_superuser:
        raise HttpError(404, "Tâche introuvable.")
    return progress(record)


def mount_plugin_routers():
    for plugin_name, routers in call_hook("logis_api_routers"):
        for prefix, router in routers:
            prefix = prefix.strip("/") + "/"
            api.add_router(prefix, router)
            PLUGIN_API_PREFIXES[prefix] = plugin_name


mount_plugin_routers()
