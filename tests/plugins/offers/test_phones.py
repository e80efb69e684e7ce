"""Phone numbers read without the general parser are the numbers the general parser reads, valid or not."""

import itertools

import phonenumbers
import pytest

from plugins.offers.phones import _national


@pytest.mark.parametrize("region, lengths", [("FR", (9,)), ("BE", (8, 9))])
def test_a_national_number_read_fast_is_valid_exactly_when_phonenumbers_says_so(region, lengths):
    """Every three-digit prefix, each length the country dials, a few endings: the patterns joined accept what the walk accepts."""
    checked = valid = 0
    for prefix, length, ending in itertools.product(range(100, 1000), lengths, ("000000", "123456", "999999", "505050")):
        text = "0" + (str(prefix) + ending)[:length]
        parsed = phonenumbers.parse(text, region)
        expected = parsed if phonenumbers.is_valid_number(parsed) else None
        assert _national(text, region) == expected, text
        checked, valid = checked + 1, valid + (expected is not None)
    assert valid > checked // 10  # the sample holds many valid numbers, not only refusals
