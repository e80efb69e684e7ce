"""Postal address blocks as the French standard AFNOR NF Z10-011 lays them out.

At most six lines of at most 38 characters, from the most personal (name)
to the most general (postcode and town); the last lines in capitals without
punctuation or accents, the postcode and town on one line, a country line
only for mail abroad. The print batch of letters calls it for each envelope.
"""

import re
import unicodedata

from django.utils.translation import gettext as _

LINE_LENGTH = 38
MAX_LINES = 6


class AddressError(ValueError):
    """The address cannot be laid out (no town, too many lines)."""


def _plain(text):
    """Capitals, no accents, no punctuation but the apostrophe-free space: how the sorting machines read."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", re.sub(r"[^\w ]", " ", text)).strip().upper()


def _fit(text):
    return re.sub(r"\s+", " ", text).strip()[:LINE_LENGTH]


def address_block(name, street_lines, postcode, town, country=""):
    """The lines of an envelope's address block; :class:`AddressError` when it cannot be laid out."""
    if not town.strip() or not postcode.strip():
        raise AddressError(_("Adresse incomplète : code postal et commune sont obligatoires."))
    lines = [_fit(name).upper()]
    lines += [_plain(line)[:LINE_LENGTH] for line in street_lines if line and line.strip()]
    lines.append(f"{_plain(postcode)} {_plain(town)}"[:LINE_LENGTH])
    if country and _plain(country) != "FRANCE":
        lines.append(_plain(country)[:LINE_LENGTH])
    if len(lines) > MAX_LINES:
        raise AddressError(_("Adresse trop longue : six lignes au plus (norme NF Z10-011)."))
    return lines
