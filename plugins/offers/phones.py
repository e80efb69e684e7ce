"""Phone numbers in any usual French or Belgian form, stored as E.164 (``+33612345678``).

The country of the offer's commune decides how a national number is read:
``04 76 12 34 56`` is a Grenoble landline in France, ``0476 12 34 56`` a
Belgian mobile.
"""

from functools import lru_cache

import phonenumbers
from django.utils.translation import gettext as _

SUPPORTED_REGIONS = ("FR", "BE")


class InvalidPhone(ValueError):
    pass


@lru_cache(maxsize=8192)
def normalise_phone(value, region="FR"):
    """E.164 form of ``value`` read in ``region``; raise :class:`InvalidPhone` with a French message.

    Cached: an import repeats the coordinator's number on every row.
    """
    text = (value or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, region if region in SUPPORTED_REGIONS else "FR")
    except phonenumbers.NumberParseException:
        raise InvalidPhone(_("« %(value)s » n'est pas un numéro de téléphone.") % {"value": text}) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(_("« %(value)s » n'est pas un numéro de téléphone valide.") % {"value": text})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164):
    """The stored number written the way people of its country read it."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
