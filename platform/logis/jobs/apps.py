from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "logis.jobs"
    label = "logis_jobs"
    verbose_name = _("Tâches de fond")
