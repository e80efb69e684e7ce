import os
import uuid

import pytest

from tests.search import searchtest_plugin

BACKENDS = ["embedded"] + (
    [pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)] if os.environ.get("ELASTICSEARCH_URL") else []
)


@pytest.fixture(params=BACKENDS)
def backend(request, settings):
    """Each engine in turn (Elasticsearch only when ELASTICSEARCH_URL is set), on an index of its own."""
    from search.backends import get_backend

    settings.LOGIS_SEARCH_BACKEND = request.param
    settings.LOGIS_SEARCH_INDEX_PREFIX = f"logis-test-{uuid.uuid4().hex[:10]}"
    engine = get_backend()
    yield engine
    if request.param == "elasticsearch":
        engine.drop()


@pytest.fixture
def synonyms(db):
    from search import synonyms

    synonyms.seed()


@pytest.fixture
def corpus(db, register_plugin, backend, synonyms):
    """The test plugin's records, indexed in the engine under test."""
    from search import service

    searchtest_plugin.reset()
    register_plugin(searchtest_plugin, name=searchtest_plugin.PLUGIN)
    service.reindex(backend=backend)
    return searchtest_plugin.RECORDS


@pytest.fixture
def demo_corpus(db, backend, synonyms):
    """The demo sites' pages (content/demo), indexed in the engine under test."""
    from content import demo as content_demo
    from search import service

    content_demo.load()
    service.reindex(backend=backend)
