from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSet

from logis.jobs.views import JobDetailView, MyJobsView


class MyJobsViewSet(ViewSet):
    name = "logis_jobs"
    url_prefix = "logis/taches"
    icon = "tasks"
    menu_label = _("Mes tâches")
    add_to_admin_menu = True
    menu_order = 8600

    def get_urlpatterns(self):
        return [
            path("", MyJobsView.as_view(), name="index"),
            path("<uuid:pk>/", JobDetailView.as_view(), name="detail"),
        ]
