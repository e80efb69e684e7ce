"""Official territory codes: INSEE for France, NIS for Belgium.

A typo in a code silently breaks every "this commune and what lies below"
filter, so the admin checks the form of each code against its level, and that
a French commune's INSEE code starts with its department's (69123 is in the
Rhône, 69; 97101 in Guadeloupe, 971). Other countries' codes are taken as given.
"""

import re

from django.utils.translation import gettext as _, gettext_lazy

FORMATS = {
    ("FR", "region"): (r"\d{2}|97[5-8]|98[4-9]", gettext_lazy("deux chiffres, ou le code d'une collectivité d'outre-mer (ex. 84, 975)")),
    ("FR", "department"): (r"\d{2}|2[AB]|97[1-8]|98[4-9]", gettext_lazy("deux chiffres, 2A, 2B ou 971 à 989 (ex. 69)")),
    ("FR", "epci"): (r"\d{9}", gettext_lazy("le SIREN de l'EPCI, neuf chiffres (ex. 243500139)")),
    ("FR", "commune"): (r"\d{5}|2[AB]\d{3}", gettext_lazy("cinq caractères INSEE (ex. 69123, 2A004)")),
    ("BE", "region"): (r"0[234]000", gettext_lazy("02000, 03000 ou 04000")),
    ("BE", "department"): (r"\d{5}", gettext_lazy("cinq chiffres NIS (ex. 60000)")),
    ("BE", "commune"): (r"\d{5}", gettext_lazy("cinq chiffres NIS (ex. 62063)")),
}


def code_error(kind, code, parent):
    """A French message saying what is wrong with ``code``, or ``None`` when it is well formed."""
    if kind == "country":
        return None if re.fullmatch(r"[A-Z]{2}", code) else _("Le code d'un pays est son code ISO à deux lettres (ex. FR, BE).")
    if parent is None:
        return None
    country = parent.path.split("/", 1)[0]
    expected = FORMATS.get((country, kind))
    if expected and not re.fullmatch(expected[0], code):
        return _("Code officiel attendu : %(format)s.") % {"format": expected[1]}
    if country == "FR" and kind == "commune" and not code.startswith(parent.code):
        return _("Un code INSEE de commune commence par le code de son département (%(code)s).") % {"code": parent.code}
    return None
