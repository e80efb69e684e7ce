"""Hook implementations of the offers plugin, and nothing else.

Models, views and the API are imported inside the hook bodies: this module is
read before Django is configured.
"""

from logis import hookimpl


@hookimpl
def logis_django_apps():
    return ["plugins.offers"]


@hookimpl
def logis_roles():
    from plugins.offers.roles import ROLES

    return ROLES


@hookimpl
def logis_api_routers():
    from plugins.offers.api import router

    return [("offers/", router)]


@hookimpl
def logis_admin_viewsets():
    from plugins.offers.admin import viewsets

    return viewsets()


@hookimpl
def logis_dashboard_panels(request):
    from plugins.offers.admin import dashboard_panel

    panel = dashboard_panel(request)
    return [panel] if panel else []


@hookimpl
def logis_search_document_types():
    from plugins.offers.search import offer_document_type

    return [offer_document_type()]


@hookimpl
def logis_periodic_jobs():
    from logis.jobs import PeriodicJob

    return [PeriodicJob("plugins.offers.jobs.daily", "15 2 * * *", name="offres-quotidien",
                        description="Expiration des offres, effacement des données personnelles, relevé des places."),
            PeriodicJob("plugins.offers.jobs.ask_availability", "0 9 * * *", name="offres-toujours-disponible",
                        description="Courriels « toujours disponible ? » aux hébergeurs, rappel aux coordinateurs.")]


@hookimpl
def logis_urlpatterns():
    from django.urls import path

    from plugins.offers.views import answer_availability

    return [path("offres/disponibilite/<str:token>/", answer_availability, name="offers_availability")]


@hookimpl
def logis_personal_data(user, erase, organisations):
    from plugins.offers.agent_data import personal_data

    return personal_data(user, erase, organisations)


@hookimpl
def logis_audited_models():
    from plugins.offers.models import Allocation, CommuneCentre, Offer, OffersSettings

    return [Offer, Allocation, CommuneCentre, OffersSettings]


@hookimpl
def logis_demo_data(stdout):
    from plugins.offers.demo import load

    load(stdout)
