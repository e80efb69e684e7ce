"""Hook implementations of the listings plugin, and nothing else.

Models, views and the API are imported inside the hook bodies: this module is
read before Django is configured.
"""

from logis import hookimpl


@hookimpl
def logis_django_apps():
    return ["plugins.listings"]


@hookimpl
def logis_roles():
    from plugins.listings.roles import ROLES

    return ROLES


@hookimpl
def logis_api_routers():
    from plugins.listings.api import router

    return [("listings/", router)]


@hookimpl
def logis_urlpatterns():
    from django.urls import path

    from plugins.listings import views

    return [
        path("annonces/", views.search, name="listings_search"),
        path("annonces/<int:pk>/", views.detail, name="listings_detail"),
        path("annonces/flux/<str:fmt>/", views.feed, name="listings_feed"),
    ]


@hookimpl
def logis_search_document_types():
    from plugins.listings.search import listing_document_type

    return [listing_document_type()]


@hookimpl
def logis_periodic_jobs():
    from logis.jobs import PeriodicJob

    return [PeriodicJob("plugins.listings.jobs.daily", "5 0 * * *", name="annonces-quotidien",
                        description="Fin de diffusion des annonces, effacement des contacts anciens, flux des portails."),
            PeriodicJob("plugins.listings.jobs.regenerate_feeds", "35 * * * *", name="annonces-flux",
                        description="Flux RSS, Atom et XML des annonces en ligne, pour les portails.")]


@hookimpl
def logis_audited_models():
    from plugins.listings.models import Contact, Listing, ListingPhoto

    return [Listing, ListingPhoto, Contact]


@hookimpl
def logis_personal_data(user, erase, organisations):
    from plugins.listings.agent_data import personal_data

    return personal_data(user, erase, organisations)


@hookimpl
def logis_demo_data(stdout):
    from plugins.listings.demo import load

    load(stdout)


@hookimpl
def logis_admin_viewsets():
    from plugins.listings.admin import viewsets

    return viewsets()


@hookimpl
def logis_dashboard_panels(request):
    from plugins.listings.admin import dashboard_panel

    panel = dashboard_panel(request)
    return [panel] if panel else []
