"""Phone numbers in any usual French or Belgian form, stored as E.164 (``+33612345678``).

The country of the offer's commune decides how a national number is read:
``04 76 12 34 56`` is a Grenoble landline in France, ``0476 12 34 56`` a
Belgian mobile.

``phonenumbers`` takes a third of a second to import: the functions that read a
number import it, not the loading of the offers API (every ``logis`` command).
"""

import functools
import re

from django.utils.translation import gettext as _

SUPPORTED_REGIONS = ("FR", "BE")
COUNTRY_CODES = {"FR": 33, "BE": 32}
#: A national number as people write it: 0, then 8 or 9 digits, in groups or not.
_NATIONAL = re.compile(r"^0[1-9][0-9]{7,8}$")
_SEPARATORS = re.compile(r"[\s./()-]+")


class InvalidPhone(ValueError):
    pass


def _written_as(text, region):
    """Whether a national number is grouped the way ``region`` writes it (pairs in France; "/" or 4-2-2-2 in Belgium)."""
    groups = [g for g in _SEPARATORS.split(text) if g]
    if len(groups) == 1:
        return True  # digits only: no notation to contradict the commune's country
    if region == "FR":
        return "/" not in text and all(len(g) == 2 for g in groups)
    return "/" in text or len(groups[0]) in (3, 4)


def _ambiguous(text, number, region):
    """A national number valid in both countries and written in the other country's notation: do not guess."""
    import phonenumbers

    if text.startswith(("+", "00")) or _written_as(text, region):
        return False
    other = "BE" if region == "FR" else "FR"
    try:
        alternative = phonenumbers.parse(text, other)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(alternative) and alternative != number


def _national(text, region):
    """A valid national number (``0`` and 8 or 9 digits) of ``region`` read without the general parser, else ``None``.

    The general parser takes three times as long and an import reads a number
    on every row. When the digits after the 0 make a valid number,
    ``phonenumbers.parse`` reads that same number; any other text goes through it.
    """
    import phonenumbers

    digits = _SEPARATORS.sub("", text)
    if region not in COUNTRY_CODES or not _NATIONAL.match(digits):
        return None
    significant = digits[1:]
    if not _valid_pattern(region, len(significant)).fullmatch(significant):
        return None
    return phonenumbers.PhoneNumber(country_code=COUNTRY_CODES[region], national_number=int(significant))


@functools.cache
def _valid_pattern(region, length):
    """The national numbers of ``length`` digits ``phonenumbers.is_valid_number`` accepts in ``region``, as one pattern.

    Its test walks the region's metadata: the general description, then each
    type of number (ten of them) one pattern at a time, a sixth of an import's
    reading of a row. The same patterns joined match the same numbers: valid
    means the general pattern and at least one type's, each where its possible
    lengths allow ``length``.
    """
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)

    def fits(desc):
        return bool(desc and desc.national_number_pattern and (not desc.possible_length or length in desc.possible_length))

    types = [desc.national_number_pattern for desc in (
        metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip, metadata.personal_number,
        metadata.pager, metadata.uan, metadata.voicemail, metadata.fixed_line, metadata.mobile) if fits(desc)]
    if not fits(metadata.general_desc) or not types:
        return re.compile(r"(?!)")  # nothing of that length is valid there
    return re.compile(f"(?=(?:{metadata.general_desc.national_number_pattern})\\Z)(?:{'|'.join(f'(?:{p})' for p in types)})")


def normalise_phone(value, region="FR"):
    """E.164 form of ``value`` read in ``region``; raise :class:`InvalidPhone` with a French message.

    Not cached here: an import keeps its own cache for the length of the file
    (:func:`logis.imports.cells.cached`), so no worker holds numbers after it.
    """
    import phonenumbers

    text = (value or "").strip()
    if not text:
        return ""
    national = _national(text, region)
    number = national or _parsed(text, region)
    if region in SUPPORTED_REGIONS and _ambiguous(text, number, region):
        raise InvalidPhone(_("« %(value)s » peut être un numéro français ou belge : écrivez-le au format international "
                             "(+33… ou +32…).") % {"value": text})
    if national:  # country code and digits, nothing else: E.164 written without the formatter's metadata look-ups
        return f"+{number.country_code}{number.national_number}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _parsed(text, region):
    """Any other writing, through the general parser."""
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region if region in SUPPORTED_REGIONS else "FR")
    except phonenumbers.NumberParseException:
        raise InvalidPhone(_("« %(value)s » n'est pas un numéro de téléphone.") % {"value": text}) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(_("« %(value)s » n'est pas un numéro de téléphone valide.") % {"value": text})
    return number


def display_phone(e164):
    """The stored number written the way people of its country read it."""
    import phonenumbers

    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
