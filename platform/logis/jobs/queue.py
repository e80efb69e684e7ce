"""Enqueue work with a retry policy, report progress, never half-write.

A job function receives its arguments and runs inside one database
transaction: if it raises, everything it wrote is rolled back and the job is
retried (``retry`` times) before being marked failed. Progress goes to Redis
(the job's meta) so that a progress bar sees it while the transaction is still
open; the final status and result go to :class:`JobRecord`.
"""

import logging
import traceback
from functools import partial

import django_rq
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy
from redis.exceptions import RedisError
from rq import Retry, get_current_job

from logis.jobs import PeriodicJob
from logis.jobs.models import JobRecord
from logis.jobs.publishing import SCHEDULED_PUBLISHING
from logis.middleware import acting_as
from logis.notifications import DAILY_DIGEST

RETRY_INTERVALS = [10, 60, 300]
#: What the progress of a call kept while Redis was away says.
KEPT = gettext_lazy("File des tâches momentanément indisponible : la tâche partira dès son retour, rien n'est perdu.")
logger = logging.getLogger(__name__)


def enqueue(func_path, *args, user=None, name="", queue="default", retry=2, **kwargs):
    """Queue ``func_path(*args, **kwargs)``; return its :class:`JobRecord`.

    The call is written on the record and reaches Redis when the caller's
    transaction commits: a worker never looks for a record that is not written
    yet, nor runs work that was rolled back. When Redis is away at that moment
    the record stays waiting and is sent once it is back (``dispatch_pending``):
    the caller's request still succeeds and nothing is lost.
    """
    call = {"args": list(args), "kwargs": kwargs, "queue": queue, "retry": retry}
    record = JobRecord.objects.create(name=name or func_path.rsplit(".", 1)[-1], func=func_path, user=user, call=call)
    transaction.on_commit(partial(dispatch, record))
    return record


def dispatch(record):
    """Send the record's call to Redis; False when Redis does not answer (the record waits for ``dispatch_pending``)."""
    call = record.call
    retry_policy = Retry(max=call["retry"], interval=RETRY_INTERVALS[:call["retry"]]) if call["retry"] else None
    try:
        # Already after the commit: enqueue now, not on a later one.
        django_rq.get_queue(call["queue"], commit_mode="auto").enqueue(
            run, str(record.pk), record.func, tuple(call["args"]), call["kwargs"],
            job_id=str(record.pk), retry=retry_policy, meta={"done": 0, "total": 0, "message": ""},
        )
    except RedisError as error:
        logger.warning("Redis injoignable, tâche %s gardée pour plus tard : %s", record.pk, error)
        return False
    JobRecord.objects.filter(pk=record.pk).update(dispatched=True)
    record.dispatched = True
    return True


def dispatch_pending(limit=500):
    """Send the calls kept while Redis was away, oldest first; return how many were sent.

    Run every minute by the scheduler and whenever a page shows jobs. A call
    sent twice (the commit's own dispatch racing this one) runs once: ``run``
    claims its record before working.
    """
    pending = JobRecord.objects.filter(status=JobRecord.Status.QUEUED, dispatched=False, call__isnull=False).order_by("created_at")
    sent = 0
    for record in pending[:limit]:
        if not dispatch(record):
            break
        sent += 1
    return {"sent": sent}


def run(record_id, func_path, args, kwargs):
    """The RQ entry point: run one job atomically as its author (once, even if its call was sent twice)."""
    claimed = JobRecord.objects.filter(pk=record_id, status=JobRecord.Status.QUEUED).update(
        status=JobRecord.Status.RUNNING, attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    record = JobRecord.objects.get(pk=record_id)
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
    reachable Redis is lost too, unless it was kept while Redis was away: that
    one is sent now. Returns the records, refreshed.
    """
    from rq.job import Job, JobStatus

    waiting = [r for r in records if r.status in (JobRecord.Status.QUEUED, JobRecord.Status.RUNNING)]
    kept = [r for r in waiting if not r.dispatched]
    if kept and not all(dispatch(r) for r in kept if r.call):
        return records  # Redis still away: the kept calls wait, nothing is marked
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
    if record.status == JobRecord.Status.QUEUED and not record.dispatched:
        message = str(KEPT)
    elif record.status in (JobRecord.Status.QUEUED, JobRecord.Status.RUNNING):
        from rq.job import Job
        from rq.exceptions import NoSuchJobError

        try:
            job = Job.fetch(str(record.pk), connection=django_rq.get_connection())
            done, total, message = job.meta.get("done", 0), job.meta.get("total", 0), job.meta.get("message", "")
        except NoSuchJobError:
            pass
        except RedisError:
            message = str(KEPT)
    elif record.status == JobRecord.Status.FINISHED:
        done = total = 1
    percent = round(100 * done / total) if total else (100 if record.status == JobRecord.Status.FINISHED else 0)
    return {
        "id": str(record.pk), "name": record.name, "status": record.status,
        "done": done, "total": total, "percent": percent, "message": message,
        "result": record.result, "error": "La tâche a échoué." if record.status == JobRecord.Status.FAILED else "",
    }


DISPATCH_PENDING = PeriodicJob(
    "logis.jobs.queue.dispatch_pending", "* * * * *", name="relance-des-taches",
    description="Envoie à la file les tâches demandées pendant une panne de Redis.",
)


def run_periodic(func_path):
    """Entry point of scheduled jobs: recorded and atomic like any other."""
    record = JobRecord.objects.create(name=func_path.rsplit(".", 1)[-1], func=func_path)
    return run(str(record.pk), func_path, (), {})


def periodic_jobs():
    """The core's own periodic jobs, then those the plugins declare."""
    from logis.plugins import collect

    return [SCHEDULED_PUBLISHING, DAILY_DIGEST, DISPATCH_PENDING, *collect("logis_periodic_jobs")]


def build_cron_scheduler(connection):
    """An RQ cron scheduler holding every periodic job: the core's and those the plugins declare."""
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=connection, name="logis-scheduler")
    for job in periodic_jobs():
        scheduler.register(run_periodic, queue_name=job.queue, args=(job.func,), cron=job.cron, name=job.name or job.func)
    return scheduler
