"""Faults: a worker killed in the middle of a job, Redis away, the search engine away, the database lost.

Real parts only: a forking RQ worker whose work-horse is killed with SIGKILL,
a Redis URL that answers nothing, a search backend whose engine raises, a
database connection closed under a request.
"""

import os
import signal

import django_rq
import pytest
from django.contrib.auth.models import Group
from django.db import connections
from rq import Worker

from logis.jobs.models import JobRecord
from logis.jobs.queue import enqueue
from logis.testing.report import record as record_figures


def write_then_get_killed():
    """Half an import, then the work-horse dies as under the kernel's OOM killer."""
    Group.objects.create(name="import à moitié écrit")
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.fixture
def owner(person, demo_territories, client):
    user = person("agent.import", "core.professional", demo_territories.organisation("Ville de Lyon"))
    client.force_login(user)
    return user


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_worker_is_killed_is_failed_not_running_forever_and_wrote_nothing(client, owner, redis_connection):
    job = enqueue("tests.reliability.test_faults.write_then_get_killed", user=owner, name="Import interrompu", retry=0)
    # The work-horse is forked: it must open its own database connection, as a real worker does.
    connections.close_all()
    Worker([django_rq.get_queue("default")], connection=redis_connection).work(burst=True, with_scheduler=False)
    assert not Group.objects.filter(name="import à moitié écrit").exists()
    body = client.get(f"/api/jobs/{job.pk}").json()
    assert (body["status"], body["error"]) == ("failed", "La tâche a échoué.")
    assert JobRecord.objects.get(pk=job.pk).status == JobRecord.Status.FAILED
    page = client.get("/admin/logis/taches/").content.decode()
    assert "Import interrompu" in page and "En cours" not in page
    record_figures("pannes", worker_tué_en_cours_de_tâche="tâche marquée en échec, rien d'écrit")


@pytest.mark.skipif(connections["default"].vendor != "postgresql", reason="une connexion perdue n'existe qu'avec un serveur de base de données")
@pytest.mark.django_db(transaction=True)
def test_a_database_connection_lost_under_a_request_gives_a_clean_french_503(client):
    import psycopg

    client.raise_request_exception = False
    connection = connections["default"]
    assert client.get("/healthz").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    settings = connection.settings_dict
    with psycopg.connect(dbname=settings["NAME"], user=settings["USER"], password=settings["PASSWORD"] or None,
                         host=settings["HOST"] or None, port=settings["PORT"] or None, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    page = client.get("/recherche/")
    body = page.content.decode()
    assert page.status_code == 503 and page["Retry-After"] == "30"
    assert "Service momentanément indisponible" in body and "Traceback" not in body and "psycopg" not in body
    connection.close()  # the next request opens a new connection, as a new request does in production
    assert client.get("/healthz").status_code == 200
    record_figures("pannes", connexion_base_perdue="503 propre en français, puis reprise")


@pytest.mark.django_db
def test_an_unavailable_search_engine_gives_a_french_message_while_pages_are_still_served(client, settings, tmp_path):
    if settings.LOGIS_SEARCH_BACKEND != "embedded":
        pytest.skip("la panne simulée est celle du moteur embarqué")
    blocked = tmp_path / "index-illisible"
    blocked.write_text("un fichier là où le moteur attend son dossier")
    settings.LOGIS_SEARCH_INDEX_DIR = blocked
    page = client.get("/recherche/", {"q": "logement"})
    assert page.status_code == 200 and "La recherche est momentanément indisponible" in page.content.decode()
    api = client.get("/api/search/", {"q": "logement"})
    assert api.status_code == 503 and "momentanément indisponible" in api.json()["detail"]
    assert client.get("/sitemap.xml").status_code == 200 and client.get("/healthz").status_code == 200
    settings.LOGIS_SEARCH_INDEX_DIR = tmp_path / "index-revenu"
    again = client.get("/recherche/", {"q": "logement"})
    assert again.status_code == 200 and "momentanément indisponible" not in again.content.decode()
    record_figures("pannes", moteur_de_recherche_indisponible="message français, pages servies, reprise")
