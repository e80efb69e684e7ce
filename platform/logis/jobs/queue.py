"""Enqueue work with a retry policy, report progress, never half-write.

A job function receives its arguments and runs inside one database
transaction: if it raises, everything it wrote is rolled back and the job is
retried (``retry`` times) before being marked failed. Progress goes to Redis
(the job's meta) so that a progress bar sees it while the transaction is still
open; the final status and result go to :class:`JobRecord`.
"""

import traceback

import django_rq
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from rq import Retry, get_current_job

from logis.jobs.models import JobRecord
from logis.jobs.publishing import SCHEDULED_PUBLISHING
from logis.middleware import acting_as
from logis.notifications import DAILY_DIGEST

RETRY_INTERVALS = [10, 60, 300]


def enqueue(func_path, *args, user=None, name="", queue="default", retry=2, **kwargs):
    """Queue ``func_path(*args, **kwargs)``; return its :class:`JobRecord`.

    The job reaches Redis when the caller's transaction commits (django-rq's
    ``on_db_commit`` mode): a worker never looks for a record that is not
    written yet, nor runs work that was rolled back.
    """
    record = JobRecord.objects.create(name=name or func_path.rsplit(".", 1)[-1], func=func_path, user=user)
    retry_policy = Retry(max=retry, interval=RETRY_INTERVALS[:retry]) if retry else None
    django_rq.get_queue(queue).enqueue(
        run, str(record.pk), func_path, args, kwargs,
        job_id=str(record.pk), retry=retry_policy, meta={"done": 0, "total": 0, "message": ""},
    )
    return record


def run(record_id, func_path, args, kwargs):
    """The RQ entry point: run one job atomically as its author."""
    record = JobRecord.objects.get(pk=record_id)
    JobRecord.objects.filter(pk=record_id).update(status=JobRecord.Status.RUNNING, attempts=record.attempts + 1)
    user = get_user_model().objects.filter(pk=record.user_id).first() if record.user_id else None
    try:
        with acting_as(user), transaction.atomic():
            result = import_string(func_path)(*args, **kwargs)
    except Exception:
        job = get_current_job()
        retrying = bool(job and job.retries_left)
        JobRecord.objects.filter(pk=record_id).update(
            status=JobRecord.Status.QUEUED if retrying else JobRecord.Status.FAILED,
            error=traceback.format_exc()[-5000:], finished_at=None if retrying else timezone.now(),
        )
        raise
    JobRecord.objects.filter(pk=record_id).update(status=JobRecord.Status.FINISHED, result=result, error="", finished_at=timezone.now())
    return result


def report_progress(done, total, message=""):
    """Tell the progress bar how far the current job is (no-op outside a job)."""
    job = get_current_job()
    if job is None:
        return
    job.meta.update(done=int(done), total=int(total), message=str(message))
    job.save_meta()


#: What a job's record says when its worker died under it (killed, out of memory, machine restarted).
ABANDONED = "Le traitement a été interrompu (processus de fond arrêté) ; rien n'a été enregistré. Relancez-le."


def reconcile(records):
    """Mark failed the waiting or running records whose RQ job is over without having said so.

    A job's transaction commits or rolls back with its worker, but when the
    work-horse is killed (SIGKILL, out of memory) RQ moves the job to its
    failed registry without running our code, and the record would say "En
    cours" forever. Asked whenever records are shown; a job missing from a
    reachable Redis is lost too. Returns the records, refreshed.
    """
    from redis.exceptions import RedisError
    from rq.job import Job, JobStatus

    waiting = [r for r in records if r.status in (JobRecord.Status.QUEUED, JobRecord.Status.RUNNING)]
    if not waiting:
        return records
    try:
        jobs = Job.fetch_many([str(r.pk) for r in waiting], connection=django_rq.get_connection())
        over = [r.pk for r, job in zip(waiting, jobs)
                if job is None or job.get_status(refresh=False) in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED)]
    except RedisError:
        return records  # Redis away: say nothing rather than guess
    if over:
        marked = {"status": JobRecord.Status.FAILED, "error": ABANDONED, "finished_at": timezone.now()}
        JobRecord.objects.filter(pk__in=over, status__in=(JobRecord.Status.QUEUED, JobRecord.Status.RUNNING)).update(**marked)
        for record in waiting:
            if record.pk in over:
                # Set in memory as written: one UPDATE for the page, never a read per row.
                for field, value in marked.items():
                    setattr(record, field, value)
    return records


def progress(record):
    """``{"status", "done", "total", "percent", "message", "result", "error"}`` for a job."""
    record.refresh_from_db()
    reconcile([record])
    done = total = 0
    message = ""
    if record.status in (JobRecord.Status.QUEUED, JobRecord.Status.RUNNING):
        from rq.job import Job
        from rq.exceptions import NoSuchJobError

        try:
            job = Job.fetch(str(record.pk), connection=django_rq.get_connection())
            done, total, message = job.meta.get("done", 0), job.meta.get("total", 0), job.meta.get("message", "")
        except NoSuchJobError:
            pass
    elif record.status == JobRecord.Status.FINISHED:
        done = total = 1
    percent = round(100 * done / total) if total else (100 if record.status == JobRecord.Status.FINISHED else 0)
    return {
        "id": str(record.pk), "name": record.name, "status": record.status,
        "done": done, "total": total, "percent": percent, "message": message,
        "result": record.result, "error": "La tâche a échoué." if record.status == JobRecord.Status.FAILED else "",
    }


def run_periodic(func_path):
    """Entry point of scheduled jobs: recorded and atomic like any other."""
    record = JobRecord.objects.create(name=func_path.rsplit(".", 1)[-1], func=func_path)
    return run(str(record.pk), func_path, (), {})


def periodic_jobs():
    """The core's own periodic jobs, then those the plugins declare."""
    from logis.plugins import collect

    return [SCHEDULED_PUBLISHING, DAILY_DIGEST, *collect("logis_periodic_jobs")]


def build_cron_scheduler(connection):
    """An RQ cron scheduler holding every periodic job: the core's and those the plugins declare."""
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=connection, name="logis-scheduler")
    for job in periodic_jobs():
        scheduler.register(run_periodic, queue_name=job.queue, args=(job.func,), cron=job.cron, name=job.name or job.func)
    return scheduler
