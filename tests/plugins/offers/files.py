"""Spreadsheet files for the import tests, written the way Excel and LibreOffice write them."""

import io


def csv_bytes(rows, header=None, delimiter=";", encoding="utf-8-sig"):
    """A CSV file as a spreadsheet writes it, from canonical column dicts."""
    from plugins.offers.import_columns import CANONICAL_COLUMNS

    header = header or list(CANONICAL_COLUMNS)
    lines = [delimiter.join(header)]
    for row in rows:
        lines.append(delimiter.join(str(row.get(column, "")) for column in header))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def good_row(**overrides):
    row = {
        "reference": "R-1", "type_hebergeur": "Particulier", "type_logement": "Appartement", "adresse": "12 rue des Lilas",
        "code_postal": "69003", "commune": "Lyon", "places_max": "4", "places_disponibles": "4",
        "disponible_du": "01/03/2026", "disponible_au": "30/06/2026", "nom_contact": "Hélène Hôte",
        "email_contact": "helene@exemple.org", "telephone_contact": "04 65 71 00 12",
        "email_coordinateur": "crise@lyon.exemple.fr", "telephone_coordinateur": "04 72 10 00 00",
        "pmr": "oui", "animaux": "non", "enfants": "Oui", "remarques": "Calme",
    }
    row.update(overrides)
    return row


def xlsx_bytes(rows, header=None):
    from openpyxl import Workbook

    from plugins.offers.import_columns import CANONICAL_COLUMNS

    header = header or list(CANONICAL_COLUMNS)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column, "") for column in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(response):
    """The text of a CSV download (the core streams it)."""
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return b"".join(response.streaming_content).decode("utf-8-sig")
