"""One test per rule of the plugin."""

import datetime

import pytest

from plugins.attestations.rules import channel_chain, expiry_for, is_minor_change, validity_label

D = datetime.date


class _Applicant:
    def __init__(self, filing, renewal=None, email="a@example.org", bounced=None):
        self.filing_date, self.renewal_date, self.email, self.email_bounced_at, self.street = filing, renewal, email, bounced, "x"


class _Template:
    def __init__(self, months=12, kind="attestation"):
        self.validity_months, self.kind = months, kind


def test_expiry_counts_from_the_renewal_when_there_is_one():
    assert expiry_for(_Applicant(D(2024, 2, 29)), 12) == D(2025, 2, 28)
    assert expiry_for(_Applicant(D(2020, 1, 1), renewal=D(2026, 1, 31)), 1) == D(2026, 2, 28)


def test_validity_is_stated_in_years_or_months():
    assert [validity_label(m) for m in (12, 24, 6, 18)] == ["1 an", "2 ans", "6 mois", "18 mois"]


def test_the_channel_chain_follows_the_sne_rules():
    applicant, template = _Applicant(D(2025, 1, 1)), _Template()
    assert channel_chain(applicant, template, "mail") == ["mail", "post"]
    assert channel_chain(applicant, template, "sms") == ["sms", "mail", "post"]
    assert channel_chain(applicant, template, "post") == ["post"]
    assert channel_chain(applicant, template, "download") == ["download"]


@pytest.mark.parametrize("field,old,new,minor", [
    ("birth_name", "LEFEVRE", "Lefèvre", True),          # accents and case
    ("birth_name", "SAINT MARTIN", "SAINT-MARTIN", True),  # spaces and hyphens
    ("first_names", "Anne Sophie", "Anne-Sofie", True),    # one letter
    ("birth_name", "MARTIN", "MARTINEZ", True),            # two letters
    ("birth_name", "MARTIN", "MARTINEAU", False),          # three
    ("birth_name", "MARTIN", "DUPONT", False),
    ("email", "a.martin@example.org", "A.Martin@example.org", True),
    ("email", "", "nouveau@example.org", False),           # filling an empty contact is checked
    ("birth_date", "1990-05-14", "1990-05-15", False),     # a birth date change never is minor
])
def test_a_minor_identity_change_is_accents_case_spaces_hyphens_or_two_letters(field, old, new, minor):
    assert is_minor_change(field, old, new) is minor
