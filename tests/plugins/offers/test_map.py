"""The offers map: points from GPS or the commune centre, coloured by status with a text legend, no external request without tiles."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db
# What a browser loads by itself (scripts, styles, images, frames, fonts), not the links a person may follow.
EXTERNAL = re.compile(r"""<(?:script|img|iframe|link|source|embed|object|video|audio)\b[^>]*\b(?:src|href|data)\s*=\s*["']?(?:https?:)?//"""
                      r"""|url\(\s*["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//""", re.I)


def map_data(page, element_id="offers-map-data"):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_the_list_maps_each_offer_from_its_point_or_its_commune_centre_with_a_text_legend(client, roles, make_offer, centres):
    make_offer(reference="GPS", latitude=45.76, longitude=4.85)
    make_offer("Ville de Villeurbanne", "FR/84/69/69266", reference="NO-GPS", status="submitted", vetted_at=None)
    client.force_login(roles["department_rhone"])
    page = client.get("/admin/offers/").content.decode()
    data = map_data(page)
    points = {p["label"].split(" — ")[0]: p for p in data["points"]}
    assert (points["GPS"]["lat"], points["GPS"]["basis"]) == (45.76, "point GPS de l'offre")
    assert (points["NO-GPS"]["lat"], points["NO-GPS"]["basis"]) == (45.7719, "centre de la commune de l'offre (pas de point GPS)")
    assert points["GPS"]["colour"] != points["NO-GPS"]["colour"]
    assert "Disponible : 1" in page and "Proposée : 1" in page  # the legend says it in words, not colour alone
    assert {c["name"] for c in data["communes"]} == {"Lyon", "Villeurbanne"}


def test_without_a_tile_server_the_page_references_no_external_host(client, roles, make_offer, centres, settings):
    settings.OFFERS_MAP_TILES = ""
    make_offer(latitude=45.76, longitude=4.85)
    client.force_login(roles["department_rhone"])
    page = client.get("/admin/offers/").content.decode()
    assert map_data(page)["tiles"] is None and "fond uni avec le nom des communes" in page
    assert EXTERNAL.findall(page) == []
    assert '/static/logis/vendor/leaflet/leaflet.js' in page and finders.find("logis/vendor/leaflet/leaflet.js")
    assert finders.find("logis/vendor/leaflet/LICENSE") and "1.9.4" in open(finders.find("logis/vendor/leaflet/README.md")).read()
    for asset in ("logis/vendor/leaflet/leaflet.css", "offers/offers-map.css", "offers/offers-map.js"):
        assert EXTERNAL.findall(open(finders.find(asset)).read()) == []


def test_a_configured_tile_server_is_used(client, roles, make_offer, settings):
    settings.OFFERS_MAP_TILES = "https://tuiles.exemple.fr/{z}/{x}/{y}.png"
    settings.OFFERS_MAP_ATTRIBUTION = "© contributeurs"
    make_offer()
    client.force_login(roles["department_rhone"])
    data = map_data(client.get("/admin/offers/").content.decode())
    assert data["tiles"] == {"url": "https://tuiles.exemple.fr/{z}/{x}/{y}.png", "attribution": "© contributeurs"}


def test_the_list_map_shows_only_the_offers_in_scope(client, roles, make_offer, centres):
    make_offer(reference="LYON")
    make_offer("Ville de Grenoble", "FR/84/38/38185", reference="GRENOBLE")
    client.force_login(roles["coordinator_lyon"])
    data = map_data(client.get("/admin/offers/").content.decode())
    assert [p["label"].split(" — ")[0] for p in data["points"]] == ["LYON"]


def test_the_matching_screen_maps_its_results(client, roles, make_offer, centres, world):
    make_offer(reference="MATCH-ME")
    client.force_login(roles["coordinator_lyon"])
    query = {"adults": "1", "children": "0", "territory": str(world.territory("FR/84/69/69123").pk), "radius_km": "10"}
    page = client.get("/admin/offres/attribution/", query).content.decode()
    assert [p["label"].split(" — ")[0] for p in map_data(page)["points"]] == ["MATCH-ME"]
    assert EXTERNAL.findall(page) == []
