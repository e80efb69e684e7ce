"""The offers import finds communes through the core resolver, with the official codes of Ille-et-Vilaine."""

import pytest

from logis.accounts.models import Organisation, Territory
from plugins.offers.importer import import_offers
from plugins.offers.models import Offer

from .files import csv_bytes, good_row


@pytest.fixture
def ddets_35(territory_slice):
    return Organisation.objects.create(name="DDETS 35", kind="state_service", territory=Territory.objects.get(kind="department", code="35"))


def run(organisation, rows):
    return import_offers("offres.csv", csv_bytes(rows), organisation).as_dict()


def row(reference, commune, postcode=""):
    return good_row(reference=reference, commune=commune, code_postal=postcode, telephone_contact="02 99 00 00 00",
                    telephone_coordinateur="02 99 00 00 01")


def test_insee_codes_and_postcode_with_name_find_their_communes(ddets_35):
    report = run(ddets_35, [row("A", "35238"), row("B", "Cesson-Sévigné", "35510"), row("C", "saint malo", "35400")])
    assert report["problems"] == [] and report["created"] == 3
    assert dict(Offer.objects.values_list("reference", "commune__code")) == {"A": "35238", "B": "35051", "C": "35288"}


def test_an_ambiguous_postcode_is_refused_with_the_communes_listed(ddets_35):
    shared = next(p for p in ("35160", "35310", "35850")
                  if Territory.objects.filter(kind="commune", postcodes__contains=p, path__startswith="FR/53/35/").count() > 1)
    report = run(ddets_35, [row("A", "Commune inconnue", shared)])
    [problem] = report["problems"]
    assert problem["column"] == "commune" and "(35" in problem["message"] and report["created"] == 0


def test_a_pre_merger_code_resolves_to_the_commune_nouvelle_and_the_report_says_so(ddets_35):
    report = run(ddets_35, [row("A", "35303")])
    assert report["problems"] == [] and report["created"] == 1
    assert Offer.objects.get(reference="A").commune.code == "35004"
    [note] = report["notes"]
    assert note["line"] == 2 and "35303" in note["message"] and "Val-Couesnon" in note["message"]


def test_a_commune_of_another_department_is_not_found(ddets_35):
    report = run(ddets_35, [row("A", "44109"), row("B", "Nantes", "44000")])
    assert [p["line"] for p in report["problems"]] == [2, 3] and report["created"] == 0
