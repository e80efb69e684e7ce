"""Hook implementations of the attestations plugin, and nothing else.

Models, views and the API are imported inside the hook bodies: this module is
read before Django is configured.
"""

from logis import hookimpl


@hookimpl
def logis_django_apps():
    return ["plugins.attestations"]


@hookimpl
def logis_roles():
    from plugins.attestations.roles import ROLES

    return ROLES


@hookimpl
def logis_merge_fields():
    from plugins.attestations.merge_fields import FIELDS

    return FIELDS


@hookimpl
def logis_api_routers():
    from plugins.attestations.api import router

    return [("attestations/", router)]


@hookimpl
def logis_admin_viewsets():
    from plugins.attestations.admin import viewsets

    return viewsets()


@hookimpl
def logis_dashboard_panels(request):
    from plugins.attestations.admin import dashboard_panel

    panel = dashboard_panel(request)
    return [panel] if panel else []


@hookimpl
def logis_search_document_types():
    from plugins.attestations.search import template_document_type

    return [template_document_type()]


@hookimpl
def logis_periodic_jobs():
    from logis.jobs import PeriodicJob

    return [PeriodicJob("plugins.attestations.jobs.print_letters", "0 16 * * 1-5", name="courriers-lot-du-jour",
                        description="Lots d'impression quotidiens des courriers aux demandeurs (un PDF par territoire et par jour).")]


@hookimpl
def logis_urlpatterns():
    from django.urls import path

    from plugins.attestations.views import verify

    return [path("verifier/<str:code>/", verify, name="attestations_verify")]


@hookimpl
def logis_personal_data(user, erase, organisations):
    from plugins.attestations.agent_data import personal_data

    return personal_data(user, erase, organisations)


@hookimpl
def logis_audited_models():
    from plugins.attestations.models import (
        Applicant, DocumentTemplate, IdentityChange, IssuedDocument, PrintBatch, TerritoryValidity,
    )

    return [Applicant, DocumentTemplate, TerritoryValidity, IssuedDocument, IdentityChange, PrintBatch]


@hookimpl
def logis_demo_data(stdout):
    from plugins.attestations.demo import load

    load(stdout)
