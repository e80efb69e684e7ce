"""Address suggestions against a real local HTTP stand-in of the BAN API, and offline."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache

from logis.territories import addresses

# The documented answer of api-adresse.data.gouv.fr/search/ (GeoJSON FeatureCollection), trimmed.
BAN_ANSWER = {
    "type": "FeatureCollection", "version": "draft", "query": "8 bd du port",
    "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [-1.677793, 48.111339]},
        "properties": {"label": "8 Boulevard du Port 35000 Rennes", "score": 0.49, "housenumber": "8",
                       "id": "35238_1234_00008", "name": "8 Boulevard du Port", "postcode": "35000",
                       "citycode": "35238", "x": 351877.89, "y": 6789396.48, "city": "Rennes",
                       "context": "35, Ille-et-Vilaine, Bretagne", "type": "housenumber", "importance": 0.7},
    }],
}


class StandIn(BaseHTTPRequestHandler):
    calls = []
    body = json.dumps(BAN_ANSWER).encode()
    status = 200

    def do_GET(self):
        StandIn.calls.append(parse_qs(urlparse(self.path).query))
        self.send_response(StandIn.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(StandIn.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def ban(settings):
    StandIn.calls, StandIn.body, StandIn.status = [], json.dumps(BAN_ANSWER).encode(), 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LOGIS_ADDRESS_API = {"URL": f"http://127.0.0.1:{server.server_port}/search/", "TIMEOUT": 2,
                                  "CACHE_SECONDS": 60, "RATE_PER_SECOND": 40}
    cache.clear()
    yield StandIn
    server.shutdown()
    server.server_close()
    cache.clear()


def test_suggestions_come_from_the_api_with_street_postcode_commune_and_point(ban, territory_slice):
    [suggestion] = addresses.suggest("8 bd du port rennes")
    assert suggestion == {"label": "8 Boulevard du Port 35000 Rennes", "street": "8 Boulevard du Port", "postcode": "35000",
                          "city": "Rennes", "citycode": "35238", "latitude": 48.111339, "longitude": -1.677793, "source": "ban"}
    assert ban.calls[0]["q"] == ["8 bd du port rennes"] and ban.calls[0]["autocomplete"] == ["1"]


def test_answers_are_cached_and_calls_rate_limited(ban, settings, territory_slice):
    addresses.suggest("8 bd du port rennes")
    addresses.suggest("8 bd du port rennes")
    assert len(ban.calls) == 1
    settings.LOGIS_ADDRESS_API = {**settings.LOGIS_ADDRESS_API, "RATE_PER_SECOND": 0}
    over_limit = addresses.suggest("10 rue de nantes rennes")
    assert len(ban.calls) == 1 and over_limit[0]["source"] == "local" and over_limit[0]["citycode"] == "35238"


@pytest.mark.parametrize("status, body", [(500, b"oops"), (200, b"<html>not json</html>"), (200, b'{"features": [{"no": 1}]}')])
def test_a_broken_api_degrades_to_the_local_communes(ban, territory_slice, status, body):
    ban.status, ban.body = status, body
    [first, *_] = addresses.suggest("3 rue de la gare 35000 rennes")
    assert first["source"] == "local" and first["city"] == "Rennes" and first["postcode"] == "35000"


def test_an_unreachable_or_silent_api_degrades_to_the_local_communes(settings, territory_slice):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    cache.clear()
    settings.LOGIS_ADDRESS_API = {"URL": f"http://127.0.0.1:{port}/search/", "TIMEOUT": 0.5, "CACHE_SECONDS": 0, "RATE_PER_SECOND": 40}
    assert addresses.suggest("Saint-Malo")[0]["citycode"] == "35288"
    silent = socket.socket()  # accepts the connection but never answers: the timeout, not the form, gives up
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    settings.LOGIS_ADDRESS_API = {**settings.LOGIS_ADDRESS_API, "URL": f"http://127.0.0.1:{silent.getsockname()[1]}/", "TIMEOUT": 0.2}
    try:
        assert addresses.suggest("st malo")[0]["citycode"] == "35288"
    finally:
        silent.close()


def test_without_configuration_the_local_communes_answer_and_short_or_huge_input_is_bounded(settings, territory_slice):
    settings.LOGIS_ADDRESS_API = {"URL": ""}
    assert addresses.suggest("cesson sévigné")[0]["citycode"] == "35051"
    assert addresses.suggest("ab") == []
    assert addresses.suggest("x" * 100_000, limit=10_000) == []


def test_the_admin_endpoint_answers_json_with_an_offline_notice(client, settings, territory_slice, django_user_model):
    settings.LOGIS_ADDRESS_API = {"URL": ""}
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "pw-de-test-42"))
    data = client.get("/admin/territories/addresses/", {"q": "rennes", "limit": "abc"}).json()
    assert data["results"][0]["citycode"] == "35238" and "indisponible" in data["notice"]
    assert client.get("/admin/territories/addresses/", {"q": "rennes"}, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
