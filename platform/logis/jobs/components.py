"""The progress bar of a background job, for any admin or public template.

Rendered from the :class:`JobRecord` alone (no Redis or database call per
row; the template brings its own script and style), it then polls ``GET /api/jobs/{id}`` until the job ends and fires a
``logis:job-done`` event carrying the final progress, for screens that show
a result summary.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from logis.jobs.models import JobRecord

DONE = (JobRecord.Status.FINISHED, JobRecord.Status.FAILED)


class ProgressBar(Component):
    template_name = "logis/components/progress_bar.html"

    def __init__(self, record, label=None):
        self.record = record
        self.label = label or record.name

    def get_context_data(self, parent_context=None):
        return progress_bar_context(self.record, self.label)


def progress_bar_context(record, label=None):
    """What ``logis/components/progress_bar.html`` needs, for ``{% include %}`` outside Wagtail too."""
    finished = record.status == JobRecord.Status.FINISHED
    return {
        "job_id": str(record.pk),
        "label": label or record.name,
        "url": f"/api/jobs/{record.pk}",
        "status": record.status,
        "status_label": record.get_status_display(),
        "percent": 100 if finished else 0,
        "polling": record.status not in DONE,
        "failed_text": _("La tâche a échoué."),
    }
