"""Hook implementations of the spaces plugin, and nothing else.

Models, views and the API are imported inside the hook bodies: this module is
read before Django is configured.
"""

from logis import hookimpl


@hookimpl
def logis_django_apps():
    return ["plugins.spaces"]


@hookimpl
def logis_roles():
    from plugins.spaces.roles import ROLES

    return ROLES


@hookimpl
def logis_api_routers():
    from plugins.spaces.api import router

    return [("spaces/", router)]


@hookimpl
def logis_urlpatterns():
    from django.urls import include, path

    from plugins.spaces.views import urlpatterns

    return [path("espaces/", include((urlpatterns, "spaces")))]


@hookimpl
def logis_admin_viewsets():
    from plugins.spaces.admin import viewsets

    return viewsets()


@hookimpl
def logis_search_document_types():
    from plugins.spaces.search import document_types

    return document_types()


@hookimpl
def logis_periodic_jobs():
    from logis.jobs import PeriodicJob

    return [PeriodicJob("plugins.spaces.jobs.reminders", "*/5 * * * *", name="espaces-rappels",
                        description="Rappels des événements des espaces collaboratifs à leurs membres.")]


@hookimpl
def logis_personal_data(user, erase, organisations):
    from plugins.spaces.agent_data import personal_data

    return personal_data(user, erase, organisations)


@hookimpl
def logis_audited_models():
    from plugins.spaces.models import Document, Event, Membership, Post, Space, Thread, Ticket, WikiPage

    return [Space, Membership, Document, Thread, Post, Event, Ticket, WikiPage]


@hookimpl
def logis_demo_data(stdout):
    from plugins.spaces.demo import load

    load(stdout)
