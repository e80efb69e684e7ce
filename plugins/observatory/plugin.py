"""Hook implementations of the observatory plugin, and nothing else.

Models, screens and the API are imported inside the hook bodies: this module
is read before Django is configured.
"""

from logis import hookimpl


@hookimpl
def logis_django_apps():
    return ["plugins.observatory"]


@hookimpl
def logis_roles():
    from plugins.observatory.roles import ROLES

    return ROLES


@hookimpl
def logis_api_routers():
    from plugins.observatory.api import router

    return [("observatory/", router)]


@hookimpl
def logis_admin_viewsets():
    from plugins.observatory.admin import viewsets

    return viewsets()


@hookimpl
def logis_dashboard_panels(request):
    from plugins.observatory.admin import dashboard_panel

    panel = dashboard_panel(request)
    return [panel] if panel else []


@hookimpl
def logis_demo_data(stdout):
    from plugins.observatory.demo import load

    load(stdout)


@hookimpl
def logis_search_document_types():
    from plugins.observatory.search import sheet_document_type

    return [sheet_document_type()]


@hookimpl
def logis_periodic_jobs():
    from logis.jobs import PeriodicJob

    return [PeriodicJob("plugins.observatory.jobs.send_reminders", "0 8 * * *", name="observatoire-relances",
                        description="Relances des référents avant chaque point d'étape et après un point manqué.")]


@hookimpl
def logis_personal_data(user, erase, organisations):
    from plugins.observatory.agent_data import personal_data

    return personal_data(user, erase, organisations)


@hookimpl
def logis_audited_models():
    from plugins.observatory.models import Campaign, Checkpoint, Operation, Sheet

    return [Campaign, Checkpoint, Sheet, Operation]
