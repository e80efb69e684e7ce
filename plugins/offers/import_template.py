"""The import template: the expected columns, one example row, and the accepted values of every coded column.

The CSV is the header and the example (semicolons, BOM, as French Excel
opens it); the XLSX adds a sheet "Valeurs acceptées" and a drop-down list on
each coded column pointing at it, so a file made from it passes the import.
"""

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from logis.exports import XLSX_CONTENT_TYPE, download
from plugins.offers.models import AccommodationKind, ProviderKind
from plugins.offers.upload import CANONICAL_COLUMNS, REQUIRED_COLUMNS

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
    coded = accepted_values()
    notes = {
        "commune": _("code INSEE (France) ou NIS (Belgique), ou nom de la commune"),
        "disponible_du": _("date jj/mm/aaaa"), "disponible_au": _("date jj/mm/aaaa"),
        "places_max": _("nombre entier, au moins 1"), "places_disponibles": _("nombre entier, 0 ou plus"),
        "code_postal": _("5 chiffres (France), 4 chiffres (Belgique)"),
        "telephone_contact": _("de préférence au format international (+33…, +32…)"),
        "telephone_coordinateur": _("de préférence au format international (+33…, +32…)"),
    }
    for column, values in coded.items():
        notes[column] = _("une de ces valeurs : %(values)s") % {"values": ", ".join(values)}
    return [(column, column in REQUIRED_COLUMNS, notes.get(column, _("texte libre"))) for column in CANONICAL_COLUMNS]


def template_csv():
    return download(list(CANONICAL_COLUMNS), [[EXAMPLE[c] for c in CANONICAL_COLUMNS]], "modele-import-offres", "csv")


def template_xlsx():
    """The template workbook, built in memory (a few kB)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Offres")
    sheet.append(list(CANONICAL_COLUMNS))
    sheet.append([EXAMPLE[c] for c in CANONICAL_COLUMNS])
    values_sheet = book.create_sheet(_("Valeurs acceptées"))
    for index, (column, required, note) in enumerate(column_notes(), start=1):
        values_sheet.cell(row=1, column=index, value=column)
        values_sheet.cell(row=2, column=index, value=(_("obligatoire") if required else _("facultatif")) + " — " + note)
    for column, values in accepted_values().items():
        index = CANONICAL_COLUMNS.index(column) + 1
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=3):
            values_sheet.cell(row=row, column=index, value=value)
        source = f"{quote_sheetname(values_sheet.title)}!${letter}$3:${letter}${2 + len(values)}"
        validation = DataValidation(type="list", formula1=source, allow_blank=column not in REQUIRED_COLUMNS,
                                    error=_("Choisissez une valeur de la liste."), showErrorMessage=True)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}10000")
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="modele-import-offres.xlsx"'
    return response
