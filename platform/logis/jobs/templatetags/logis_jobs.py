"""``{% load logis_jobs %}{% job_progress record %}``: a job's progress bar in any template."""

from django import template

from logis.jobs.components import progress_bar_context

register = template.Library()


@register.inclusion_tag("logis/components/progress_bar.html")
def job_progress(record, label=None):
    return progress_bar_context(record, label)
