"""DPE and GES classes follow the official thresholds (arrêté du 31 mars 2021), the DPE taking the worse of the two."""

import datetime

import pytest

from plugins.listings import energy


@pytest.mark.parametrize("kwh, letter", [(0, "A"), (70, "A"), (71, "B"), (110, "B"), (111, "C"), (180, "C"), (181, "D"),
                                         (250, "D"), (251, "E"), (330, "E"), (331, "F"), (420, "F"), (421, "G"), (2000, "G")])
def test_energy_class_follows_the_official_primary_energy_bounds(kwh, letter):
    assert energy.energy_class(kwh) == letter


@pytest.mark.parametrize("kg, letter", [(6, "A"), (7, "B"), (11, "B"), (12, "C"), (30, "C"), (31, "D"), (50, "D"), (51, "E"),
                                        (70, "E"), (71, "F"), (100, "F"), (101, "G")])
def test_ghg_class_follows_the_official_emission_bounds(kg, letter):
    assert energy.ghg_class(kg) == letter


def test_the_dpe_label_is_the_worse_of_energy_and_emissions():
    assert energy.dpe_class(60, 80) == "F"   # energy A, emissions F
    assert energy.dpe_class(400, 5) == "F"   # energy F, emissions A
    assert energy.dpe_class(None, None) == ""


def test_new_leases_are_banned_by_class_on_the_legal_calendar():
    assert energy.banned_since("G") == datetime.date(2025, 1, 1)
    assert energy.banned_since("F") == datetime.date(2028, 1, 1)
    assert energy.banned_since("E") == datetime.date(2034, 1, 1)
    assert energy.banned_since("D") is None
    assert energy.banned_since("G", overseas=True) == datetime.date(2028, 1, 1)


def test_overseas_departments_are_told_from_their_region_code():
    assert energy.is_overseas("FR/04/974/97411")
    assert not energy.is_overseas("FR/84/69/69123")
    assert not energy.is_overseas("BE/03000/60000/62063")


def test_the_drawn_scale_marks_the_dwelling_class_only():
    rows = energy.scale("dpe", "E").rows
    assert [r["letter"] for r in rows if r["current"]] == ["E"]
    assert [r["letter"] for r in rows] == list("ABCDEFG")
