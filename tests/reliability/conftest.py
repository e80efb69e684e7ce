"""The demo data of the reliability suites, loaded once for the tests that follow each other and read it.

The crawler, schemathesis and the form fuzzing each read the demo of the core,
the content and every plugin, which takes minutes to load. The ``demo``
fixture loads it once, in a transaction left open, and gives each test a
savepoint rolled back after it (what the test wrote is gone, the demo stays).
That transaction is rolled back as soon as the next test does not ask for the
demo: no other test sees the demo, and no transactional test runs inside it.
The tests that ask for it are run one after the other for that reason.

Nothing is shared between processes (pytest-xdist workers): each loads its
own demo, in its own database, with its search index in its own temporary
directory (copied into each test's index directory).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.db import transaction

HERE = Path(__file__).resolve().parent


class _SharedDemo:
    """The open transaction that holds the demo, and the search index the demo filled."""

    def __init__(self):
        self.atomic = None
        self.index = None
        self.blocker = None

    def load(self, index_dir, blocker):
        from django.core.management import call_command
        from django.test import override_settings

        self.blocker = blocker
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                with override_settings(LOGIS_SEARCH_INDEX_DIR=index_dir), open(os.devnull, "w") as devnull:
                    call_command("demo", json=True, stdout=devnull)
            except BaseException:
                self.close()
                raise
        self.index = index_dir

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_shared = _SharedDemo()


def _wants_demo(item):
    return item is not None and "demo" in getattr(item, "fixturenames", ()) and HERE in item.path.parents


@pytest.fixture
def _demo_savepoint(django_db_setup, django_db_blocker, settings, tmp_path_factory):
    """The shared demo (loaded if need be) and a savepoint for the test, rolled back after it."""
    embedded = settings.LOGIS_SEARCH_BACKEND != "elasticsearch"
    blocks = transaction.get_connection().atomic_blocks
    if blocks[:1] != ([_shared.atomic] if _shared.atomic is not None else []):
        pytest.fail("« demo » ouvre la transaction de la démonstration : demandez-la avant toute autre fixture de base "
                    "(db, person…) et sans la marque django_db")
    if embedded and _shared.atomic is None:
        _shared.load(tmp_path_factory.mktemp("demo-search-index"), django_db_blocker)
    with django_db_blocker.unblock():
        test_atomic = transaction.atomic()
        test_atomic.__enter__()
        try:
            if embedded:
                shutil.copytree(_shared.index, settings.LOGIS_SEARCH_INDEX_DIR, dirs_exist_ok=True)
            else:  # Elasticsearch: each test has its own indices (the core's fixture), so its own demo
                from django.core.management import call_command

                call_command("demo", json=True, stdout=open(os.devnull, "w"))
            yield
        finally:
            transaction.set_rollback(True)
            test_atomic.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_savepoint, db):
    """The demo data of the core, the content and every plugin, with its search index; the test's writes are rolled back.

    ``db`` comes after the savepoint: pytest-django sets up the test database
    for it, and its own transaction nests inside the savepoint.
    """


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Once the test and its fixtures are torn down: roll the demo back unless the next test reads it too."""
    try:
        return (yield)
    finally:
        if _shared.atomic is not None and not _wants_demo(nextitem):
            _shared.close()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests of this folder that read the demo run one after the other (after pytest-django's ordering): one load."""
    readers = [item for item in items if _wants_demo(item)]
    if len(readers) < 2:
        return
    first = items.index(readers[0])
    rest = [item for item in items if not _wants_demo(item)]
    items[:] = rest[:first] + readers + rest[first:]
