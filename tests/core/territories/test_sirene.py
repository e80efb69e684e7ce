"""The optional Sirene look-up: off by default, answers from a local stand-in, never blocks when it fails."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import cache

from logis.territories import sirene

ANSWER = {"results": [{"siren": "732829320", "nom_complet": "EXEMPLE SA",
                       "siege": {"adresse": "1 RUE DE L'EXEMPLE 75008 PARIS"}}], "total_results": 1}


class StandIn(BaseHTTPRequestHandler):
    body = json.dumps(ANSWER).encode()

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(StandIn.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def api(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.LOGIS_SIRENE_API = {"URL": f"http://127.0.0.1:{server.server_port}/search", "TIMEOUT": 2, "CACHE_SECONDS": 60}
    cache.clear()
    yield StandIn
    server.shutdown()
    server.server_close()
    cache.clear()


def test_off_by_default():
    assert sirene.lookup("732829320") is None


def test_a_known_siren_gives_the_name_and_address(api):
    assert sirene.lookup("732829320") == {"siren": "732829320", "name": "EXEMPLE SA", "address": "1 RUE DE L'EXEMPLE 75008 PARIS"}
    assert sirene.lookup("552100554") is None  # the API answered about another company


def test_garbage_or_hostile_input_never_reaches_the_api_and_failures_return_none(api, settings):
    assert sirene.lookup("../../etc") is None and sirene.lookup(None) is None
    api.body = b"<html>"
    cache.clear()
    assert sirene.lookup("732829320") is None
    settings.LOGIS_SIRENE_API = {**settings.LOGIS_SIRENE_API, "URL": "http://127.0.0.1:9/search", "TIMEOUT": 0.5}
    assert sirene.lookup("732829320") is None


def test_the_admin_endpoint_checks_the_number_offline_then_asks_sirene(api, admin_client):
    url = "/admin/territories/organisation/"
    assert admin_client.get(url, {"siren": "732 829 320"}).json() == {
        "valid": True, "siren": "732829320",
        "organisation": {"siren": "732829320", "name": "EXEMPLE SA", "address": "1 RUE DE L'EXEMPLE 75008 PARIS"}}
    refused = admin_client.get(url, {"siren": "732829321"})
    assert refused.status_code == 400 and "clé de contrôle" in refused.json()["error"]
    assert admin_client.get(url, {"siren": "x" * 10_000}).status_code == 400


def test_the_admin_endpoint_works_with_the_look_up_off(admin_client):
    assert admin_client.get("/admin/territories/organisation/", {"siren": "35600000000048"}).json() == {
        "valid": True, "siren": "35600000000048", "organisation": None}
