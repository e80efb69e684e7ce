"""Two requests that read then write the same row at once under SQLite: both succeed, none gets "database is locked".

With SQLite's default deferred transactions, both readers hold a shared lock
and the second one to write fails at once (the busy timeout cannot help:
waiting would deadlock). The settings open every transaction with BEGIN
IMMEDIATE, so the second writer waits for the first instead.
"""

import threading

import pytest
from django.db import connection, connections, transaction

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")


@pytest.fixture
def writers(tmp_path, django_db_blocker):
    """A second SQLite database with the project's settings, in a file (two connections, two threads)."""
    alias = "writers"
    connections.settings[alias] = {**connections.settings["default"], "NAME": str(tmp_path / "writers.sqlite3")}
    with django_db_blocker.unblock():
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def test_concurrent_read_then_write_transactions_wait_instead_of_failing(writers):
    alias = writers
    with connections[alias].cursor() as cursor:
        cursor.execute("CREATE TABLE places (id INTEGER PRIMARY KEY, free INTEGER)")
        cursor.execute("INSERT INTO places VALUES (1, 10)")
    both_read, errors = threading.Barrier(2, timeout=5), []

    def take_one_place():
        try:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT free FROM places WHERE id = 1")
                free = cursor.fetchone()[0]
                try:
                    both_read.wait(timeout=0.5)  # under BEGIN IMMEDIATE the other one is still waiting: go on
                except threading.BrokenBarrierError:
                    pass
                cursor.execute("UPDATE places SET free = %s WHERE id = 1", [free - 1])
        except Exception as error:  # noqa: BLE001 — the test reports it
            errors.append(error)
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=take_one_place) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT free FROM places WHERE id = 1")
        assert cursor.fetchone()[0] == 8
