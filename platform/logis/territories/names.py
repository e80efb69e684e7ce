"""Place names folded for matching: "St-Étienne", "saint etienne" and "SAINT ETIENNE" are one key.

Accents, case, hyphens and apostrophes are dropped and the usual abbreviations
(St, Ste) spelled out, because people type names the way the post office
prints them, not the way INSEE spells them.
"""

import re
import unicodedata

ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text):
    """Lower case ASCII words separated by single spaces, abbreviations expanded."""
    ascii_text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode().lower()
    return " ".join(ABBREVIATIONS.get(word, word) for word in NOT_ALNUM.sub(" ", ascii_text).split())


def search_text(names, code, postcodes=""):
    """The text a territory is found by: every name, its code and postcodes, space-delimited at both ends."""
    words = []
    for name in names:
        for word in fold(name).split():
            if word not in words:
                words.append(word)
    # "|" ends the names, so that "exactly this name" is a prefix test (see ``TerritoryQuerySet.search``).
    return f" {' '.join(words)} | {code.lower()} {postcodes} ".replace("  ", " ")[:400]
