"""Offers in the real search service: each role finds exactly the offers of its scope, and bulk writes reach the index."""

import datetime

import pytest
from django.utils import timezone

from logis.jobs.queue import run_periodic
from plugins.offers.importer import import_offers
from plugins.offers.matching import Household, allocate
from search import service

from .files import csv_bytes, good_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(make_offer, run_jobs, django_capture_on_commit_callbacks):
    """Four offers saved through the ORM; the search jobs the saves queue are run by a real worker."""
    with django_capture_on_commit_callbacks(execute=True):
        offers = {
            "LYON": make_offer("Ville de Lyon", "FR/84/69/69123", reference="LYON"),
            "VILLEURBANNE": make_offer("Ville de Villeurbanne", "FR/84/69/69266", reference="VILLEURBANNE"),
            "GRENOBLE": make_offer("Ville de Grenoble", "FR/84/38/38185", reference="GRENOBLE"),
            "LIEGE": make_offer("Ville de Liège", "BE/03000/60000/62063", reference="LIEGE"),
        }
    run_jobs("search")
    return offers


def found(user, query="appartement"):
    return sorted(hit.slug for hit in service.search(query, user=user, per_page=50).hits if hit.type == "offers.offer")


@pytest.mark.parametrize("role,expected", [
    ("coordinator_lyon", ["LYON"]),
    ("coordinator_grenoble", ["GRENOBLE"]),
    ("department_rhone", ["LYON", "VILLEURBANNE"]),
    ("association", ["GRENOBLE", "LYON", "VILLEURBANNE"]),
    ("national", []),
])
def test_each_role_finds_only_the_offers_of_its_scope(roles, indexed, role, expected):
    assert found(roles[role]) == expected


def test_aggregates_only_expired_and_anonymous_users_find_no_offer(person, world, indexed):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    expired = person("ancien", "offers.coordinator", world.organisation("Ville de Lyon"), valid_from=yesterday - datetime.timedelta(days=30), valid_until=yesterday)
    assert found(expired) == [] and found(None) == []
    national = person("stats", "offers.national", world.organisation("GIP SNE"))
    assert service.search("appartement", user=national).facets["types"].get("offers.offer", 0) == 0


def test_no_personal_data_is_searchable(roles, indexed):
    assert found(roles["coordinator_lyon"], "martine") == []
    assert found(roles["coordinator_lyon"], "essai") == []  # the street, "3 rue de l'Essai"


def test_imports_allocations_and_the_daily_expiry_reach_the_index(roles, world, indexed, run_jobs, django_capture_on_commit_callbacks):
    coordinator = roles["coordinator_lyon"]
    with django_capture_on_commit_callbacks(execute=True):
        import_offers("offres.csv", csv_bytes([good_row(reference="IMPORTEE", disponible_au="31/12/2099")]), world.organisation("Ville de Lyon"))
    run_jobs("search")
    assert found(coordinator) == ["IMPORTEE", "LYON"]

    with django_capture_on_commit_callbacks(execute=True):
        allocate(indexed["LYON"].pk, Household(adults=2), coordinator)
    run_jobs("search")
    assert "1 place(s) sur 3" in [hit.title for hit in service.search("lyon", user=coordinator).hits if hit.slug == "LYON"][0]

    lyon = indexed["LYON"]
    lyon.available_until = timezone.localdate() - datetime.timedelta(days=2)
    lyon.available_from = lyon.available_until - datetime.timedelta(days=10)
    lyon.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_periodic("plugins.offers.jobs.daily")["expired"] == 1
    run_jobs("search")
    assert found(coordinator) == ["IMPORTEE"]
