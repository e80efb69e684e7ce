"""SIREN/SIRET and Belgian enterprise numbers, validated by python-stdnum."""

import pytest
from django.core.exceptions import ValidationError

from logis.accounts.company_numbers import normalise_company_number, validate_siren, validate_siret
from logis.accounts.models import Organisation


def test_valid_siren_and_siret_are_kept_without_spaces():
    assert normalise_company_number("732 829 320") == "732829320"
    assert normalise_company_number("732 829 320 00074") == "73282932000074"
    validate_siren("732829320")
    validate_siret("73282932000074")


@pytest.mark.parametrize("value", ["732829321", "73282932000075", "12345678"])
def test_a_wrong_key_or_length_is_a_french_error(value):
    with pytest.raises(ValidationError) as error:
        normalise_company_number(value)
    assert "clé" in error.value.messages[0] or "chiffres" in error.value.messages[0]


def test_la_poste_siret_follows_its_own_rule_not_luhn():
    # La Poste (SIREN 356 000 000): its establishments' SIRET fail Luhn but pass the sum-of-digits rule.
    validate_siret("35600000000048")
    with pytest.raises(ValidationError):
        validate_siret("35600000000049")


def test_siren_and_siret_validators_refuse_each_others_length():
    with pytest.raises(ValidationError):
        validate_siren("73282932000074")
    with pytest.raises(ValidationError):
        validate_siret("732829320")


def test_a_belgian_organisation_gets_its_enterprise_number_checked(demo_territories):
    liege = demo_territories.territory("BE/03000/60000/62063")
    org = Organisation(name="CPAS de Liège", kind="operator", territory=liege, siren="0403.170.701")
    org.clean()
    assert org.siren == "0403170701"
    org.siren = "0403.170.702"
    with pytest.raises(ValidationError) as error:
        org.clean()
    assert "siren" in error.value.message_dict


def test_a_french_organisation_with_a_bad_siren_is_refused(demo_territories):
    org = Organisation(name="Asso", kind="association", territory=demo_territories.territory("FR/84/69"), siren="123456789")
    with pytest.raises(ValidationError) as error:
        org.clean()
    assert "clé" in error.value.message_dict["siren"][0]
