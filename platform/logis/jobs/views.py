""""Mes tâches": the user's own background jobs, their progress, result or failure.

A failure shows a French sentence; the traceback is for superusers only
(it can hold file paths, SQL or personal data).
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from logis.jobs.components import ProgressBar
from logis.jobs.models import JobRecord
from logis.jobs.queue import reconcile

PER_PAGE = 25


def result_lines(result):
    """A job's JSON result as (label, value) lines."""
    if isinstance(result, dict):
        return [(str(key), value) for key, value in result.items()]
    if result in (None, "", [], {}):
        return []
    return [("", result)]


class MyJobsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "logis/jobs/my_jobs.html"
    page_title = _("Mes tâches")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        records = JobRecord.objects.filter(user=self.request.user)
        page = Paginator(records, PER_PAGE).get_page(self.request.GET.get("p"))
        rows = [(record, ProgressBar(record), result_lines(record.result)) for record in reconcile(list(page.object_list))]
        return super().get_context_data(page=page, rows=rows, **kwargs)


class JobDetailView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "logis/jobs/job_detail.html"
    page_title = _("Tâche de fond")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        record = get_object_or_404(JobRecord, pk=self.kwargs["pk"], user=self.request.user)
        reconcile([record])
        return super().get_context_data(
            record=record, progress_bar=ProgressBar(record), result=result_lines(record.result),
            traceback=record.error if self.request.user.is_superuser else "", **kwargs,
        )
