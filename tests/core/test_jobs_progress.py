"""Jobs with the real Redis and RQ worker: progress, atomic failure, retries, owner-only progress, "Mes tâches"."""

import django_rq
import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.template import Context, Template
from rq.job import Job

from logis.jobs.components import ProgressBar
from logis.jobs.models import JobRecord
from logis.jobs.queue import enqueue, progress, report_progress

FLAKY_KEY = "tests:flaky-job-calls"


def count_to_ten():
    """Reports half-way, and reads its own progress back the way GET /api/jobs/{id} does."""
    report_progress(5, 10, "5 lignes sur 10")
    from rq import get_current_job

    seen = progress(JobRecord.objects.get(pk=get_current_job().id))
    return {"vu": [seen["status"], seen["done"], seen["total"], seen["percent"], seen["message"]]}


def write_then_fail():
    Group.objects.create(name="à moitié écrit")
    report_progress(1, 2)
    raise RuntimeError("/srv/secret/chemin.py: panne au milieu du travail")


def fail_once_then_write():
    if django_rq.get_connection().incr(FLAKY_KEY) == 1:
        Group.objects.create(name="premier essai")
        raise ConnectionError("service indisponible")
    Group.objects.create(name="deuxième essai")
    return {"groupes": 1}


def queue(path, user, retry=0, commit=None):
    with commit(execute=True):  # jobs are queued once their record is committed
        return enqueue(path, user=user, name="Import de test", retry=retry)


def release_retries():
    """Put the retries RQ scheduled for later back in the queue now (the test cannot wait 10 s)."""
    q = django_rq.get_queue("default")
    registry = q.scheduled_job_registry
    for job_id in registry.get_job_ids():
        job = Job.fetch(job_id, connection=q.connection)
        registry.remove(job)
        q.enqueue_job(job)


@pytest.fixture
def owner(person, demo_territories, client):
    user = person("agent.import", "core.professional", demo_territories.organisation("Ville de Lyon"))
    client.force_login(user)
    return user


def test_progress_is_reported_while_the_job_runs(run_jobs, owner, django_capture_on_commit_callbacks):
    record = queue("tests.core.test_jobs_progress.count_to_ten", owner, commit=django_capture_on_commit_callbacks)
    run_jobs()
    record.refresh_from_db()
    assert record.status == "finished"
    assert record.result == {"vu": ["running", 5, 10, 50, "5 lignes sur 10"]}
    assert progress(record)["percent"] == 100


def test_a_failing_job_leaves_nothing_half_written_and_says_so_in_french(client, run_jobs, owner, django_capture_on_commit_callbacks):
    record = queue("tests.core.test_jobs_progress.write_then_fail", owner, commit=django_capture_on_commit_callbacks)
    run_jobs()
    record.refresh_from_db()
    assert not Group.objects.filter(name="à moitié écrit").exists()
    assert (record.status, record.attempts) == ("failed", 1)
    assert "RuntimeError" in record.error  # kept for the administrators
    body = client.get(f"/api/jobs/{record.pk}").json()
    assert (body["status"], body["error"]) == ("failed", "La tâche a échoué.")
    for url in ("/admin/logis/taches/", f"/admin/logis/taches/{record.pk}/"):
        page = client.get(url).content.decode()
        assert "La tâche a échoué" in page
        assert "secret" not in page and "Traceback" not in page


def test_a_superuser_sees_the_traceback_of_their_failed_job(client, run_jobs, django_user_model, django_capture_on_commit_callbacks):
    root = django_user_model.objects.create_superuser("racine", "r@example.org", "x")
    client.force_login(root)
    record = queue("tests.core.test_jobs_progress.write_then_fail", root, commit=django_capture_on_commit_callbacks)
    run_jobs()
    assert "panne au milieu du travail" in client.get(f"/admin/logis/taches/{record.pk}/").content.decode()


def test_a_failed_attempt_is_retried_and_only_the_successful_one_is_kept(run_jobs, owner, redis_connection,
                                                                         django_capture_on_commit_callbacks):
    record = queue("tests.core.test_jobs_progress.fail_once_then_write", owner, retry=2, commit=django_capture_on_commit_callbacks)
    run_jobs()
    record.refresh_from_db()
    assert (record.status, record.attempts) == ("queued", 1)
    assert Job.fetch(str(record.pk), connection=redis_connection).retries_left == 1
    release_retries()
    run_jobs()
    record.refresh_from_db()
    assert (record.status, record.attempts, record.result) == ("finished", 2, {"groupes": 1})
    attempts_written = Group.objects.filter(name__in=["premier essai", "deuxième essai"])
    assert list(attempts_written.values_list("name", flat=True)) == ["deuxième essai"]


def test_retries_run_out_and_the_job_fails(run_jobs, owner, redis_connection, django_capture_on_commit_callbacks):
    record = queue("tests.core.test_jobs_progress.write_then_fail", owner, retry=1, commit=django_capture_on_commit_callbacks)
    run_jobs()
    release_retries()
    run_jobs()
    record.refresh_from_db()
    assert (record.status, record.attempts) == ("failed", 2)
    assert not Group.objects.filter(name="à moitié écrit").exists()  # Wagtail's own groups stay


def test_only_the_owner_reads_a_jobs_progress(client, owner, person, redis_connection, django_capture_on_commit_callbacks):
    record = queue("tests.core.test_jobs_progress.count_to_ten", owner, commit=django_capture_on_commit_callbacks)
    body = client.get(f"/api/jobs/{record.pk}").json()
    assert (body["status"], body["percent"], body["name"]) == ("queued", 0, "Import de test")
    client.force_login(person("voisin", "core.professional", owner.role_assignments.get().organisation))
    assert client.get(f"/api/jobs/{record.pk}").status_code == 404
    assert str(record.pk) not in client.get("/admin/logis/taches/").content.decode()
    assert client.get(f"/admin/logis/taches/{record.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/api/jobs/{record.pk}").status_code == 401


def test_the_progress_bar_is_accessible_and_polls_the_api(owner, redis_connection, django_capture_on_commit_callbacks):
    record = queue("tests.core.test_jobs_progress.count_to_ten", owner, commit=django_capture_on_commit_callbacks)
    html = ProgressBar(record).render_html()
    assert 'role="progressbar"' in html and 'aria-valuenow="0"' in html and 'aria-valuemax="100"' in html
    assert 'aria-valuetext="0 % — En attente"' in html and 'role="status"' in html
    assert f'data-url="/api/jobs/{record.pk}"' in html and 'data-polling="true"' in html
    record.status = JobRecord.Status.FINISHED
    tag = Template("{% load logis_jobs %}{% job_progress record 'Import' %}").render(Context({"record": record}))
    assert 'aria-valuenow="100"' in tag and 'data-polling="false"' in tag and "Terminée" in tag


def test_a_job_reaches_redis_only_once_its_record_is_committed(owner, redis_connection, django_capture_on_commit_callbacks):
    default = django_rq.get_queue("default")
    with django_capture_on_commit_callbacks() as pending:
        record = enqueue("tests.core.test_jobs_progress.count_to_ten", user=owner)
        assert default.count == 0  # the worker would not find the record yet
    assert len(pending) == 1
    pending[0]()
    assert default.job_ids == [str(record.pk)]


def test_a_job_queued_in_a_rolled_back_transaction_never_runs(owner, redis_connection, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as pending:
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue("tests.core.test_jobs_progress.count_to_ten", user=owner, name="Annulé")
            raise RuntimeError("la requête échoue après avoir mis la tâche en file")
    assert pending == [] and django_rq.get_queue("default").count == 0
    assert not JobRecord.objects.filter(name="Annulé").exists()
