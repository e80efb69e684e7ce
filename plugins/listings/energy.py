"""Energy labels of a French dwelling (DPE and GES) and the energy-decency calendar of a new lease.

Thresholds: arrêté du 31 mars 2021 relatif au diagnostic de performance énergétique pour les
bâtiments ou parties de bâtiments à usage d'habitation en France métropolitaine, annexe 1
(en vigueur depuis le 1er juillet 2021) — primary energy in kWh/m²/an, greenhouse-gas emissions in
kg éq. CO₂/m²/an. The DPE class is the worse of the two ("double seuil"); the GES label has its
own scale. The adjusted thresholds for dwellings under 40 m² (arrêté du 25 mars 2024) are not
applied: the diagnostician's printed class is what the publisher enters, and it prevails.

Decency: loi n° 2021-1104 du 22 août 2021 (« Climat et résilience »), art. 160, and article 3 bis
du décret n° 2002-120 du 30 janvier 2002 modifié: a dwelling must reach class F from 1 January
2025 (G excluded), E from 1 January 2028, D from 1 January 2034 in mainland France; overseas
(Guadeloupe, Martinique, Guyane, La Réunion, Mayotte) F from 1 January 2028 and E from
1 January 2031. An indecent dwelling cannot be let under a new lease.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CLASSES = ("A", "B", "C", "D", "E", "F", "G")
#: upper bound (included) of classes A–F; above F's bound: G.
ENERGY_THRESHOLDS = (70, 110, 180, 250, 330, 420)
GHG_THRESHOLDS = (6, 11, 30, 50, 70, 100)
#: shown on the scale next to each class.
ENERGY_RANGES = ("≤ 70", "71 à 110", "111 à 180", "181 à 250", "251 à 330", "331 à 420", "> 420")
GHG_RANGES = ("≤ 6", "7 à 11", "12 à 30", "31 à 50", "51 à 70", "71 à 100", "> 100")
#: the mention every ad of an F or G dwelling carries (article L. 126-33 du code de la construction et de l'habitation).
EXCESSIVE_MENTION = _("Logement à consommation énergétique excessive")
LEGAL_SOURCE = _("arrêté du 31 mars 2021 (DPE), décret n° 2002-120 art. 3 bis et loi n° 2021-1104 art. 160")

MAINLAND_BANS = {"G": datetime.date(2025, 1, 1), "F": datetime.date(2028, 1, 1), "E": datetime.date(2034, 1, 1)}
OVERSEAS_BANS = {"G": datetime.date(2028, 1, 1), "F": datetime.date(2031, 1, 1)}
#: INSEE region codes of the overseas departments (DROM), whose calendar is later.
OVERSEAS_REGIONS = frozenset({"01", "02", "03", "04", "06"})


def _class_for(value, thresholds):
    if value is None:
        return ""
    for letter, bound in zip(CLASSES, thresholds):
        if value <= bound:
            return letter
    return "G"


def energy_class(kwh):
    """The class of primary-energy use alone (kWh/m²/an)."""
    return _class_for(kwh, ENERGY_THRESHOLDS)


def ghg_class(kg):
    """The GES label (kg éq. CO₂/m²/an)."""
    return _class_for(kg, GHG_THRESHOLDS)


def dpe_class(kwh, kg):
    """The DPE label: the worse of the energy class and the emissions class (double threshold)."""
    letters = [c for c in (energy_class(kwh), ghg_class(kg)) if c]
    return max(letters) if letters else ""


def is_excessive(letter):
    return letter in ("F", "G")


@dataclass(frozen=True)
class Scale:
    """An energy scale drawn on the public page: one row per class, the dwelling's row marked.

    The official colours (green to red for the DPE, light to dark purple for the GES) are in
    ``static/listings/listings.css``: the content security policy allows no inline style.
    """

    kind: str
    title: str
    unit: str
    rows: list


def scale(kind, letter):
    ranges = ENERGY_RANGES if kind == "dpe" else GHG_RANGES
    rows = [{"letter": c, "range": r, "current": c == letter, "width": 30 + 10 * i} for i, (c, r) in enumerate(zip(CLASSES, ranges))]
    if kind == "dpe":
        return Scale(kind, _("Diagnostic de performance énergétique (DPE)"), _("kWh/m²/an"), rows)
    return Scale(kind, _("Émissions de gaz à effet de serre (GES)"), _("kg éq. CO₂/m²/an"), rows)


def banned_since(letter, overseas=False):
    """The date from which a dwelling of class ``letter`` cannot be let under a new lease; ``None`` if never (yet)."""
    return (OVERSEAS_BANS if overseas else MAINLAND_BANS).get(letter)


def is_overseas(commune_path):
    parts = (commune_path or "").split("/")
    return len(parts) > 1 and parts[0] == "FR" and parts[1] in OVERSEAS_REGIONS
