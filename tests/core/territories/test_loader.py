"""``logis territories load``: the official lists written in bulk, idempotent, with their history."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from logis.accounts.models import FormerCode, Territory
from logis.territories import loader, sources


def test_a_slice_loads_every_commune_of_its_departments_with_region_postcodes_and_epci(territory_slice):
    rennes = Territory.objects.get(kind="commune", code="35238")
    assert rennes.path == "FR/53/35/35238"
    assert rennes.parent.name == "Ille-et-Vilaine" and rennes.parent.parent.name == "Bretagne"
    assert "35000" in rennes.postcodes.split() and rennes.population > 200_000 and rennes.siren == "213502388"
    assert rennes.epci.name == "Rennes Métropole" and rennes.epci.kind == "epci"
    assert Territory.objects.filter(kind="commune", parent__code="35").count() == 332
    assert Territory.objects.filter(kind="commune", parent__code="44").count() == 207
    assert not Territory.objects.filter(kind="commune", parent__code="29").exists()
    assert territory_slice.created["commune"] == 539 and territory_slice.created["epci"] > 20


def test_a_second_load_writes_nothing_and_reports_everything_unchanged(territory_slice, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        again = loader.load("FR", only=["35", "44"])
    assert not again.created and not again.updated and not again.former_codes
    assert sum(again.unchanged.values()) == sum(territory_slice.created.values())


def test_a_renamed_territory_is_updated_and_a_dry_run_only_counts(territory_slice):
    Territory.objects.filter(code="35238", kind="commune").update(name="Renne", postcodes="")
    dry = loader.load("FR", only=["35"], dry_run=True)
    assert dry.updated == {"commune": 1}
    assert Territory.objects.get(code="35238", kind="commune").name == "Renne"
    real = loader.load("FR", only=["35"])
    assert real.updated == {"commune": 1}
    rennes = Territory.objects.get(code="35238", kind="commune")
    assert rennes.name == "Rennes" and "35000" in rennes.postcodes and Territory.objects.search("rennes")[0] == rennes


def test_merged_communes_keep_their_old_codes_and_delegated_communes_hang_from_the_new_one(territory_slice):
    # Val-Couesnon (35004) took over Antrain (35004, now delegated) and three other codes in 2019.
    val_couesnon = Territory.objects.get(kind="commune", code="35004")
    assert set(FormerCode.objects.filter(territory=val_couesnon).values_list("code", flat=True)) == {"35113", "35303", "35341"}
    assert Territory.objects.get(kind="delegated_commune", code="35004").parent == val_couesnon
    delegated = Territory.objects.filter(kind="delegated_commune", path__startswith="FR/53/35/").select_related("parent")
    assert delegated.count() > 20
    for commune in delegated[:5]:
        assert commune.parent.kind == "commune" and commune.path == f"{commune.parent.path}/{commune.code}"
    assert territory_slice.former_codes and all(path.startswith(("FR/53/", "FR/52/")) for path in territory_slice.former_codes.values())


def test_the_command_reports_in_json_and_refuses_an_unknown_department(db):
    out = StringIO()
    call_command("territories", "load", "--country", "FR", "--only", "2A", "--json", stdout=out)
    report = json.loads(out.getvalue())[0]
    assert report["source"]["version"] and report["totals"]["created"] > 100 and report["dry_run"] is False
    assert Territory.objects.get(kind="commune", code="2A004").name == "Ajaccio"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="inconnu"):
        call_command("territories", "load", "--country", "FR", "--only", "99", stdout=StringIO())


def test_belgium_loads_regions_provinces_and_communes_with_postcodes_brussels_without_province(db):
    report = loader.load("BE")
    assert report.created["commune"] == 565 and report.created["department"] == 10
    liege = Territory.objects.get(kind="commune", code="62063")
    assert liege.path == "BE/03000/60000/62063" and "4000" in liege.postcodes.split()
    brussels = Territory.objects.get(kind="commune", code="21004")
    assert brussels.parent.kind == "region" and brussels.parent.code == "04000"
    assert Territory.objects.filter(kind="commune").search("antwerpen")[0].code == "11002"  # found by its Dutch name too


def test_the_demo_territories_typed_by_hand_are_taken_over_not_duplicated(demo_territories):
    loader.load("FR", only=["69"])
    assert Territory.objects.filter(code="69123", kind="commune").count() == 1
    lyon = Territory.objects.get(code="69123", kind="commune")
    assert Territory.objects.filter(kind="municipal_district", parent=lyon).count() == 9


def test_refresh_rebuilds_the_compact_file_from_a_package_directory(tmp_path, monkeypatch):
    package = tmp_path / "package"
    (package / "data").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"version": "99.0.0"}))
    for name, content in {
        "regions.json": [{"code": "53", "nom": "Bretagne"}],
        "departements.json": [{"code": "35", "region": "53", "nom": "Ille-et-Vilaine"}],
        "communes.json": [{"code": "35238", "nom": "Rennes", "type": "commune-actuelle", "departement": "35", "region": "53",
                           "codesPostaux": ["35000"], "population": 1, "siren": "213502388"}],
        "epci.json": [{"code": "243500139", "nom": "Rennes Métropole", "type": "METRO", "membres": [{"code": "35238"}]}],
    }.items():
        (package / "data" / name).write_text(json.dumps(content))
    monkeypatch.setattr(sources, "DATA_DIR", tmp_path)
    out = StringIO()
    call_command("territories", "refresh", "FR", str(tmp_path), stdout=out)
    assert "99.0.0" in out.getvalue()
    rebuilt = sources.read("FR")
    assert rebuilt["source"]["version"] == "99.0.0" and rebuilt["epci"][0][3] == "35"


@pytest.mark.django_db(transaction=False)
def test_all_of_france_loads_every_commune_of_the_current_cog_with_department_region_and_epci():
    """The one test that loads the whole country (the bench measures it)."""
    report = loader.load("FR")
    communes = Territory.objects.filter(kind="commune", path__startswith="FR/")
    assert communes.count() == report.created["commune"] > 34_000
    assert not communes.exclude(path__regex=r"^FR/[0-9]{2,3}/[0-9AB]{2,3}/[0-9AB]{5}$").exists()
    assert communes.filter(epci__isnull=False).count() > 34_000
    assert Territory.objects.filter(kind="department").count() == 109
    assert Territory.objects.filter(kind="municipal_district").count() == 45
