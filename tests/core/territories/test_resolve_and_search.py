"""Finding a commune from what a file or a person typed: code, postcode and name, name alone."""

import pytest

from logis.accounts.models import Territory
from logis.territories.resolve import Unresolved


@pytest.fixture
def brittany(territory_slice):
    return Territory.objects.filter(path__startswith="FR/53/35/")


def test_an_insee_code_resolves_and_a_code_out_of_scope_does_not(brittany):
    assert brittany.resolve(code="35238").commune.name == "Rennes"
    with pytest.raises(Unresolved, match="44109"):
        brittany.resolve(code="44109")  # Nantes exists, but not for Ille-et-Vilaine


def test_a_postcode_and_a_name_resolve_whatever_the_accents_and_hyphens(brittany):
    assert brittany.resolve(postcode="35510", name="cesson sevigne").commune.code == "35051"
    assert brittany.resolve(postcode="35000", name="RENNES").commune.code == "35238"


def test_an_ambiguous_postcode_is_a_french_error_listing_the_communes(brittany):
    shared = next(p for p in ("35160", "35310", "35850") if len([c for c in brittany.filter(kind="commune") if p in c.postcodes.split()]) > 1)
    with pytest.raises(Unresolved, match="plusieurs communes") as error:
        brittany.resolve(postcode=shared)
    assert "(35" in str(error.value)
    with pytest.raises(Unresolved, match="n'a pas le code postal"):
        brittany.resolve(postcode="35000", name="Fougères")


def test_a_pre_merger_code_resolves_to_the_commune_nouvelle_with_a_note(brittany):
    resolution = brittany.resolve(code="35303")
    assert resolution.commune.code == "35004" and "35303" in resolution.note and "Val-Couesnon" in resolution.note


def test_a_name_alone_resolves_when_unambiguous_in_scope(territory_slice):
    everywhere = Territory.objects.filter(path__startswith="FR/")
    assert everywhere.resolve(name="Saint-Malo").commune.code == "35288"
    with pytest.raises(Unresolved, match="Aucune commune"):
        everywhere.resolve(name="Atlantis")
    with pytest.raises(Unresolved):
        everywhere.resolve()


def test_hostile_input_is_refused_with_a_message_not_a_crash(brittany):
    for code in ["' OR 1=1 --", "9" * 10_000, "<script>"]:
        with pytest.raises(Unresolved):
            brittany.resolve(code=code)


def test_search_ignores_accents_hyphens_and_abbreviations_and_finds_postcodes_and_codes(territory_slice):
    Territory.objects.create(kind="commune", code="42218", name="Saint-Étienne", parent=Territory.objects.create(
        kind="department", code="42", name="Loire", parent=Territory.objects.get(code="53", kind="region")),
        population=170000, postcodes="42000 42100")
    assert Territory.objects.search("st etienne")[0].code == "42218"
    assert Territory.objects.search("SAINT-ÉTIENNE")[0].code == "42218"
    assert Territory.objects.search("35000")[0].code == "35238"
    assert Territory.objects.search("44109")[0].name == "Nantes"
    assert Territory.objects.search("ces sev")[0].code == "35051"  # word beginnings
    assert not Territory.objects.search("  -- ").exists()


def test_resolver_messages_are_french_with_an_english_catalogue(brittany):
    from django.utils import translation

    with translation.override("en"), pytest.raises(Unresolved, match="No commune of your territory has the code 44109"):
        brittany.resolve(code="44109")
