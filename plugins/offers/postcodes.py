"""Postcodes checked against the country of the offer's commune: five digits in France, four in Belgium.

The format is always checked; whether the code belongs to the commune is
checked once the reference data gives the commune its postcodes
(``Territory.postcodes``, space-separated), and skipped before.
"""

import re

from django.utils.translation import gettext as _

FORMATS = {"FR": (re.compile(r"^\d{5}$"), "5"), "BE": (re.compile(r"^[1-9]\d{3}$"), "4")}


def postcode_problem(postcode, commune):
    """A French message when ``postcode`` is not a postcode of ``commune`` (or of France when no commune), else ``None``."""
    text = (postcode or "").strip()
    country_code = commune.country_code if commune is not None else "FR"
    if not text or country_code not in FORMATS:
        return None
    pattern, digits = FORMATS[country_code]
    if not pattern.match(text):
        return _("Le code postal « %(value)s » n'a pas le format attendu pour cette commune (%(digits)s chiffres).") % {
            "value": text, "digits": digits}
    known = (getattr(commune, "postcodes", "") or "").split()
    if known and text not in known:
        return _("Le code postal « %(value)s » n'est pas celui de %(commune)s (%(known)s).") % {
            "value": text, "commune": commune.name, "known": ", ".join(known)}
    return None
