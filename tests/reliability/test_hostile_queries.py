"""Hostile query strings on every route without path parameters: never a 5xx, and API refusals in French.

The routes come from the URL resolver (a new plugin's routes are tried as
soon as it is installed). Every public and API route gets every hostile value
in every usual paging and search parameter; the admin screens, many and
slower, get a sample of them (seeded, printed on failure).
"""

import os
import random
import time

import pytest

from logis.testing.report import record
from logis.testing.routes import static_routes

PARAMS = ["page", "p", "offset", "limit", "per_page", "search", "q"]
HOSTILE = {
    "beyond 64 bits": str(2**70),
    "negative": "-1",
    "unterminated quote": '"unterminated',
    "NUL": "\x00",
    "FTS operators": "NEAR(a b) OR * ^ AND",
}
ADMIN_SAMPLE = int(os.environ.get("LOGIS_HOSTILE_ADMIN_SAMPLE", "6"))
ENGLISH = ("Input should", "must be", "cannot be", "Field required", "is not a valid")


def _routes():
    routes = static_routes()
    public = [r for r in routes if not r.route.startswith("admin/")]
    admin = [r for r in routes if r.route.startswith("admin/") and r.name not in ("wagtailadmin_login",)]
    seed = int(os.environ.get("LOGIS_CRAWL_SEED", "2026"))
    if ADMIN_SAMPLE and ADMIN_SAMPLE < len(admin):
        admin = random.Random(seed).sample(admin, ADMIN_SAMPLE)
    return public + admin, seed


@pytest.mark.django_db
def test_hostile_query_strings_never_give_a_server_error(client, django_user_model):
    client.raise_request_exception = False
    client.force_login(django_user_model.objects.create_superuser("fuzz", "fuzz@example.org", "mot-de-passe-42"))
    routes, seed = _routes()
    failures, tried, start = [], 0, time.perf_counter()
    for route in routes:
        url = route.fill({})
        for param in PARAMS:
            for label, value in HOSTILE.items():
                response = client.get(url, {param: value})
                tried += 1
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} {url}?{param}=<{label}>")
                elif route.is_api and 400 <= response.status_code < 500 and "json" in response.get("Content-Type", ""):
                    body = response.content.decode(errors="replace")
                    if any(english in body for english in ENGLISH):
                        failures.append(f"{response.status_code} en anglais {url}?{param}=<{label}> : {body[:120]}")
    record("chaînes de requête hostiles", routes=len(routes), requêtes=tried, erreurs_5xx=sum(f[0] == "5" for f in failures),
           durée_s=round(time.perf_counter() - start, 1))
    assert not failures, f"graine LOGIS_CRAWL_SEED={seed}\n" + "\n".join(failures)


@pytest.mark.django_db
def test_offer_filters_beyond_64_bits_or_over_long_are_refused_in_french_not_a_500(client, demo_territories):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("racine-filtres", password="x"))
    for url in ("/api/offers/allocations/current?offer=" + "9" * 30, "/api/offers/?commune=" + "7" * 500):
        response = client.get(url)
        assert response.status_code in (400, 422), (url, response.status_code)
