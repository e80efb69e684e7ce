"""Periodic jobs declared by plugins reach the RQ cron scheduler and run atomically."""

import pytest
from django.contrib.auth.models import Group

from logis import hookimpl
from logis.jobs import PeriodicJob
from logis.jobs.models import JobRecord
from logis.jobs.queue import build_cron_scheduler, run_periodic


def create_group_then_fail():
    Group.objects.create(name="écrit puis annulé")
    raise RuntimeError("panne au milieu du travail")


def create_group():
    Group.objects.create(name="tâche nocturne")
    return {"groupes": 1}


class NightlyPlugin:
    @hookimpl
    def logis_periodic_jobs(self):
        return [PeriodicJob("tests.core.test_periodic_jobs.create_group", "0 3 * * *", name="nocturne")]


@pytest.mark.django_db(transaction=True)
def test_plugins_periodic_jobs_are_scheduled(register_plugin, redis_connection):
    register_plugin(NightlyPlugin(), name="zz_nightly")
    scheduler = build_cron_scheduler(redis_connection)
    jobs = {job.name: job for job in scheduler._cron_jobs}
    assert jobs["nocturne"].cron == "0 3 * * *"
    assert jobs["nocturne"].args == ("tests.core.test_periodic_jobs.create_group",)


@pytest.mark.django_db(transaction=True)
def test_a_periodic_job_is_recorded_and_a_failing_one_leaves_nothing_written():
    before = set(Group.objects.values_list("name", flat=True))      # Wagtail's migrations leave two groups
    assert run_periodic("tests.core.test_periodic_jobs.create_group") == {"groupes": 1}
    with pytest.raises(RuntimeError):
        run_periodic("tests.core.test_periodic_jobs.create_group_then_fail")
    assert set(Group.objects.values_list("name", flat=True)) - before == {"tâche nocturne"}
    statuses = dict(JobRecord.objects.values_list("func", "status"))
    assert statuses == {
        "tests.core.test_periodic_jobs.create_group": "finished",
        "tests.core.test_periodic_jobs.create_group_then_fail": "failed",
    }
