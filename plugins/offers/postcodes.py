"""Postcodes checked against the country of the offer's commune: five digits in France, four in Belgium.

Only the format is checked here; whether the code belongs to the commune
needs the official list of postcodes, which the reference data will bring.
"""

import re

from django.utils.translation import gettext as _

FORMATS = {"FR": (re.compile(r"^\d{5}$"), "5"), "BE": (re.compile(r"^[1-9]\d{3}$"), "4")}


def postcode_problem(postcode, country_code):
    """A French message when ``postcode`` is not written as ``country_code`` writes postcodes, else ``None``."""
    text = (postcode or "").strip()
    if not text or country_code not in FORMATS:
        return None
    pattern, digits = FORMATS[country_code]
    if pattern.match(text):
        return None
    return _("Le code postal « %(value)s » n'a pas le format attendu pour cette commune (%(digits)s chiffres).") % {
        "value": text, "digits": digits}
