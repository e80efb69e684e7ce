"""The columns of an offers file: names, which are required, the synonyms of coded values, the template's example.

The one place that says what an offers file holds; the importer reads it
through the core kit (:mod:`logis.imports`), the upload screen and the
template list it.
"""

from django.utils.translation import gettext as _

from logis.imports import column_notes as kit_column_notes
from logis.imports import template_csv as kit_template_csv
from logis.imports import template_xlsx as kit_template_xlsx
from plugins.offers.models import AccommodationKind, ProviderKind

CANONICAL_COLUMNS = (
    "reference", "type_hebergeur", "type_logement", "adresse", "code_postal", "commune", "places_max",
    "places_disponibles", "disponible_du", "disponible_au", "nom_contact", "email_contact", "telephone_contact",
    "email_coordinateur", "telephone_coordinateur", "pmr", "animaux", "enfants", "remarques",
)
REQUIRED_COLUMNS = (
    "reference", "type_hebergeur", "type_logement", "commune", "places_max", "places_disponibles",
    "disponible_du", "email_coordinateur", "telephone_coordinateur",
)
PROVIDER_SYNONYMS = {
    "particulier": ProviderKind.CITIZEN, "citoyen": ProviderKind.CITIZEN, "prive": ProviderKind.CITIZEN,
    "structure": ProviderKind.SHELTER, "chu": ProviderKind.SHELTER, "operateur": ProviderKind.SHELTER,
    "centre_d_hebergement": ProviderKind.SHELTER, "entreprise": ProviderKind.COMPANY, "hotel": ProviderKind.HOTEL,
    "centre_de_vacances": ProviderKind.HOLIDAY_CENTRE, "commune": ProviderKind.COMMUNE, "association": ProviderKind.ASSOCIATION,
}
ACCOMMODATION_SYNONYMS = {
    "chambre": AccommodationKind.ROOM, "appartement": AccommodationKind.FLAT, "studio": AccommodationKind.FLAT,
    "maison": AccommodationKind.HOUSE, "collectif": AccommodationKind.COLLECTIVE, "structure_collective": AccommodationKind.COLLECTIVE,
    "chambre_d_hotel": AccommodationKind.HOTEL_ROOM, "hotel": AccommodationKind.HOTEL_ROOM, "autre": AccommodationKind.OTHER,
}
#: column → model field, for the free text columns.
TEXT_FIELDS = {"adresse": "street", "code_postal": "postcode", "nom_contact": "host_name", "remarques": "remarks"}
#: column → model field, for the oui/non columns.
BOOL_FIELDS = {"pmr": "step_free", "animaux": "pets_allowed", "enfants": "children_welcome"}
YES_NO = ("oui", "non")
EXAMPLE = {
    "reference": "OFFRE-001", "type_hebergeur": str(ProviderKind.CITIZEN.label), "type_logement": str(AccommodationKind.FLAT.label),
    "adresse": "12 rue des Lilas", "code_postal": "69003", "commune": "69123", "places_max": "4", "places_disponibles": "4",
    "disponible_du": "01/03/2026", "disponible_au": "30/06/2026", "nom_contact": "Hélène Exemple",
    "email_contact": "helene@exemple.org", "telephone_contact": "+33 4 65 71 00 12", "email_coordinateur": "crise@mairie.exemple.fr",
    "telephone_coordinateur": "+33 4 72 10 00 00", "pmr": "non", "animaux": "oui", "enfants": "oui", "remarques": "",
}


def accepted_values():
    """``{column: (values...)}`` for the coded columns; the other columns take free text, numbers or dates."""
    return {
        "type_hebergeur": tuple(str(label) for label in ProviderKind.labels),
        "type_logement": tuple(str(label) for label in AccommodationKind.labels),
        "pmr": YES_NO, "animaux": YES_NO, "enfants": YES_NO,
    }


def column_notes():
    """One French line per column: required or not, and what it accepts (the upload page lists them too)."""
    phone = _("de préférence au format international (+33…, +32…)")
    notes = {
        "commune": _("code INSEE (France) ou NIS (Belgique), ou nom de la commune"),
        "disponible_du": _("date jj/mm/aaaa"), "disponible_au": _("date jj/mm/aaaa"),
        "places_max": _("nombre entier, au moins 1"), "places_disponibles": _("nombre entier, 0 ou plus"),
        "code_postal": _("5 chiffres (France), 4 chiffres (Belgique)"),
        "telephone_contact": phone, "telephone_coordinateur": phone,
    }
    return kit_column_notes(CANONICAL_COLUMNS, REQUIRED_COLUMNS, notes, accepted_values())


def template_csv():
    return kit_template_csv(CANONICAL_COLUMNS, EXAMPLE, "modele-import-offres")


def template_xlsx():
    return kit_template_xlsx(CANONICAL_COLUMNS, EXAMPLE, column_notes(), accepted_values(), "modele-import-offres", _("Offres"))
