"""The engine behind the search service, chosen by ``settings.LOGIS_SEARCH_BACKEND``."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BACKENDS = {
    "embedded": "search.backends.embedded.EmbeddedBackend",
    "elasticsearch": "search.backends.elastic.ElasticsearchBackend",
}


def unavailable_errors():
    """The errors that mean "the engine does not answer" (index unreadable, cluster away), not a bug of ours."""
    from elasticsearch import ApiError, TransportError

    return (OSError, ApiError, TransportError)


def get_backend(name=None):
    from django.utils.module_loading import import_string

    name = name or settings.LOGIS_SEARCH_BACKEND
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"LOGIS_SEARCH_BACKEND vaut « {name} » : choisissez parmi {', '.join(sorted(BACKENDS))}."
        )
    return import_string(BACKENDS[name])()
