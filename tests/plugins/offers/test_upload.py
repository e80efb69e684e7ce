"""Bulk upload: good files as spreadsheets write them, broken files and their row-by-row report."""

import json

import pytest
from django.core.management import call_command

from logis.audit.models import AuditEntry
from plugins.offers.importer import ALL_OR_NOTHING, VALID_ROWS, import_offers
from plugins.offers.models import Offer

from .files import csv_bytes, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(world, data, name="offres.csv", mode=ALL_OR_NOTHING, dry_run=False, org="Ville de Lyon"):
    return import_offers(name, data, world.organisation(org), mode=mode, dry_run=dry_run).as_dict()


def problems(report):
    return [(p["line"], p["column"], p["message"]) for p in report["problems"]]


@pytest.mark.parametrize("encoding,delimiter", [("utf-8-sig", ";"), ("utf-8", ","), ("cp1252", ";")])
def test_a_good_csv_in_any_usual_encoding_and_separator_is_imported(world, encoding, delimiter):
    rows = [good_row(), good_row(reference="R-2", commune="69266", places_max="2", places_disponibles="0",
                                 disponible_du="2026-03-01", disponible_au="", telephone_contact="+33 4 65 71 00 13")]
    report = run(world, csv_bytes(rows, delimiter=delimiter, encoding=encoding), org="DDETS du Rhône")
    assert problems(report) == []
    assert (report["created"], report["updated"], report["applied"]) == (2, 0, True)
    first = Offer.objects.get(reference="R-1")
    assert (first.commune.name, first.host_name, first.host_phone, first.coordinator_phone) == (
        "Lyon", "Hélène Hôte", "+33465710012", "+33472100000")
    assert (first.step_free, first.pets_allowed, first.children_welcome, first.status) == (True, False, True, "submitted")
    assert first.available_from.isoformat() == "2026-03-01" and first.available_until.isoformat() == "2026-06-30"
    assert Offer.objects.get(reference="R-2").commune.name == "Villeurbanne"
    assert AuditEntry.objects.filter(content_type__model="offer", action="create").count() == 2


def test_headers_match_whatever_their_case_and_accents(world):
    header = ["Référence", "Type_Hébergeur", "TYPE LOGEMENT", "Commune", "Places max", "Places disponibles",
              "Disponible du", "Email coordinateur", "Téléphone coordinateur"]
    row = dict(zip(header, ["H-1", "Hôtel", "Chambre d'hôtel", "Villeurbanne", "10", "8", "01/04/2026",
                            "crise@villeurbanne.exemple.fr", "04 78 03 00 00"]))
    report = run(world, csv_bytes([row], header=header), org="Ville de Villeurbanne")
    assert problems(report) == [] and report["created"] == 1
    offer = Offer.objects.get(reference="H-1")
    assert (offer.provider_kind, offer.accommodation_kind) == ("hotel", "hotel_room")


def test_an_xlsx_file_is_imported_with_belgian_phone_numbers(world):
    from datetime import datetime

    row = good_row(reference="BE-1", commune="Liège", code_postal="4000", telephone_contact="0470 12 34 56",
                   telephone_coordinateur="04 221 81 11", disponible_du=datetime(2026, 3, 2))
    report = run(world, xlsx_bytes([row]), name="offres.xlsx", org="Ville de Liège")
    assert problems(report) == []
    offer = Offer.objects.get(reference="BE-1")
    assert (offer.host_phone, offer.coordinator_phone, offer.available_from.isoformat()) == ("+32470123456", "+3242218111", "2026-03-02")


def test_free_text_cells_starting_like_a_formula_are_stored_as_typed_and_coded_columns_still_refuse(world):
    rows = [good_row(nom_contact="=1+1"), good_row(reference="R-2", remarques="-1 lit, appeler le +33 6 12 34 56 78"),
            good_row(reference="@R-3", adresse="+ bâtiment B"), good_row(reference="R-4", places_max="=2+2")]
    report = run(world, xlsx_bytes(rows), name="offres.xlsx")
    assert [(line, column) for line, column, _message in problems(report)] == [(5, "places_max")]
    report = run(world, xlsx_bytes(rows[:3]), name="offres.xlsx")
    assert report["applied"] is True
    stored = dict(Offer.objects.values_list("reference", "remarks"))
    assert stored["R-2"] == "-1 lit, appeler le +33 6 12 34 56 78"
    assert Offer.objects.get(reference="R-1").host_name == "=1+1"
    assert Offer.objects.get(reference="@R-3").street == "+ bâtiment B"


def test_postcodes_and_phones_in_the_other_countrys_notation_are_reported_not_guessed(world):
    rows = [good_row(code_postal="3500"), good_row(reference="R-2", telephone_contact="0470/12.34.56")]
    found = problems(run(world, csv_bytes(rows)))
    assert (2, "code_postal", "Le code postal « 3500 » n'a pas le format attendu pour cette commune (5 chiffres).") in found
    [phone] = [p for p in found if p[0] == 3]
    assert phone[1] == "telephone_contact" and phone[2].startswith("« 0470/12.34.56 » peut être un numéro français ou belge")


@pytest.mark.django_db(transaction=True)
def test_the_logis_command_line_prints_the_report_as_json(world, tmp_path, capsys):
    """Through ``logis`` itself, which closes the database connections when it ends (hence a real transaction)."""
    from logis.cli import main

    path = tmp_path / "offres.csv"
    path.write_bytes(csv_bytes([good_row(), good_row(reference="R-2", places_disponibles="-1")]))
    main(["offers", "import", str(path), "--organisation", str(world.organisation("Ville de Lyon").pk), "--dry-run", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert problems(report) == [(3, "places_disponibles", "Le nombre doit être au moins 0 (« -1 »).")]
    assert (report["rows"], report["valid"], report["to_create"], Offer.objects.count()) == (2, 1, 1, 0)


def test_uploading_the_same_file_again_updates_by_reference(world, make_offer):
    data = csv_bytes([good_row()])
    run(world, data)
    offer = Offer.objects.get(reference="R-1")
    offer.status = Offer.Status.AVAILABLE
    offer.save()
    report = run(world, csv_bytes([good_row(places_disponibles="0")]))
    assert (report["created"], report["updated"]) == (0, 1)
    offer.refresh_from_db()
    assert (Offer.objects.filter(reference="R-1").count(), offer.places_available, offer.status) == (1, 0, "full")
    update = AuditEntry.objects.for_object(offer).filter(action="update", user_repr="système").first()
    assert update.changes["places_available"] == [4, 0]
    entries = AuditEntry.objects.for_object(offer).count()
    report = run(world, csv_bytes([good_row(places_disponibles="0", remarques="Calme", nom_contact="Hélène Hôte")]))
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 1)
    assert report["summary"] == "0 offre(s) créée(s), 0 mise(s) à jour, 1 inchangée(s), 0 ligne(s) écartée(s)."
    assert AuditEntry.objects.for_object(offer).count() == entries
    report = run(world, csv_bytes([good_row(places_disponibles="0", nom_contact="Hélène Autre")]))
    assert (report["updated"], Offer.objects.get(reference="R-1").host_name) == (1, "Hélène Autre")


def test_a_broken_file_gets_a_row_by_row_report_in_french_and_nothing_is_written(world):
    rows = [
        good_row(reference="OK-1"),
        good_row(reference="BAD-DATE", disponible_du="31/02/2026", disponible_au="demain"),
        good_row(reference="BAD-MAIL", email_contact="helene@", email_coordinateur="pas un courriel"),
        good_row(reference="NEG", places_max="-2", places_disponibles="-1"),
        good_row(reference="OK-1"),
        good_row(reference="FORMULA", nom_contact='=HYPERLINK("http://x","clic")', remarques="@SUM(A1)"),
        good_row(reference="TOO-MANY", places_max="2", places_disponibles="5"),
        good_row(reference="ELSEWHERE", commune="Grenoble"),
        good_row(reference="PHONE", telephone_contact="12"),
    ]
    report = run(world, csv_bytes(rows))
    assert report["applied"] is False and report["rows"] == 9 and report["valid"] == 2
    found = problems(report)
    assert (3, "disponible_du", "Date « 31/02/2026 » invalide : écrivez jj/mm/aaaa (ou aaaa-mm-jj).") in found
    assert (3, "disponible_au", "Date « demain » invalide : écrivez jj/mm/aaaa (ou aaaa-mm-jj).") in found
    assert (4, "email_contact", "Adresse électronique « helene@ » invalide.") in found
    assert (4, "email_coordinateur", "Adresse électronique « pas un courriel » invalide.") in found
    assert (5, "places_max", "Le nombre doit être au moins 1 (« -2 »).") in found
    assert (5, "places_disponibles", "Le nombre doit être au moins 0 (« -1 »).") in found
    assert (6, "reference", "Référence « OK-1 » déjà utilisée ligne 2 du fichier.") in found
    assert not [p for p in found if p[0] == 7]  # free text starting like a formula is a value (neutralised on export)
    assert (8, "places_disponibles", "Plus de places disponibles (5) que de places au maximum (2).") in found
    assert (9, "commune", "Aucune commune de votre territoire ne s'appelle « Grenoble ».") in found
    assert (10, "telephone_contact", "« 12 » n'est pas un numéro de téléphone valide.") in found
    assert report["summary"].startswith("Rien n'a été enregistré")
    assert Offer.objects.count() == 0 and AuditEntry.objects.filter(content_type__model="offer").count() == 0


def test_valid_rows_only_mode_writes_the_good_rows_and_skips_the_others(world):
    rows = [good_row(reference="OK-1"), good_row(reference="BAD", places_max="beaucoup"), good_row(reference="OK-2")]
    report = run(world, csv_bytes(rows), mode=VALID_ROWS)
    assert problems(report) == [(3, "places_max", "« beaucoup » n'est pas un nombre entier.")]
    assert report["applied"] and (report["created"], report["invalid"]) == (2, 1)
    assert sorted(Offer.objects.values_list("reference", flat=True)) == ["OK-1", "OK-2"]


def test_dry_run_reports_without_writing(world):
    report = run(world, csv_bytes([good_row(), good_row(reference="R-2")]), dry_run=True)
    assert (report["to_create"], report["applied"], Offer.objects.count()) == (2, False, 0)


@pytest.mark.parametrize("data,name,message", [
    ("reference;type_hebergeur\r\nR;particulier\r\n".encode("utf-16"), "offres.csv", "n'est pas un texte CSV lisible"),
    (b"PK\x03\x04 not really", "offres.csv", "n'est pas un texte CSV lisible"),
    (b"reference;commune\r\n", "offres.xlsx", "n'est pas un classeur Excel"),
    (b"PK\x03\x04 broken zip", "offres.xlsx", "illisible ou endommagé"),
    (b"reference\r\n", "offres.pdf", "Seuls les fichiers .csv et .xlsx"),
    (b"reference;commune\r\nR\x81\x8d;Lyon\r\n", "offres.csv", "Encodage du fichier non reconnu"),
])
def test_files_that_are_not_what_they_claim_are_refused(world, data, name, message):
    report = run(world, data, name=name)
    assert report["applied"] is False
    assert message in report["problems"][0]["message"]


def test_unknown_and_missing_columns_stop_the_import(world):
    header = ["reference", "type_hebergeur", "type_logement", "commune", "places_max", "places_disponibles",
              "disponible_du", "email_coordinateur", "couleur_volets"]
    report = run(world, csv_bytes([good_row()], header=header), mode=VALID_ROWS)
    found = problems(report)
    assert found[0][:2] == (1, "couleur_volets") and found[0][2].startswith("Colonne inconnue.")
    assert (1, "telephone_coordinateur", "Colonne obligatoire absente.") in found
    assert report["applied"] is False and Offer.objects.count() == 0


def test_ten_thousand_rows_import_in_one_go(world):
    rows = [good_row(reference=f"N-{i}", telephone_contact="") for i in range(10_000)]
    report = run(world, csv_bytes(rows))
    assert (report["created"], report["problem_count"]) == (10_000, 0)
    assert Offer.objects.count() == 10_000
    assert AuditEntry.objects.filter(content_type__model="offer", action="create").count() == 10_000


def test_the_command_prints_the_same_report_as_json(world, tmp_path, capsys):
    path = tmp_path / "offres.csv"
    path.write_bytes(csv_bytes([good_row(), good_row(reference="X", commune="Atlantis")]))
    org = world.organisation("Ville de Lyon")
    call_command("offers", "import", str(path), "--organisation", str(org.pk), "--dry-run", "--json")
    report = json.loads(capsys.readouterr().out)
    assert problems(report) == [(3, "commune", "Aucune commune de votre territoire ne s'appelle « Atlantis ».")]
    assert (report["dry_run"], report["to_create"], Offer.objects.count()) == (True, 1, 0)
    call_command("offers", "import", str(path), "--organisation", str(org.pk))
    assert list(Offer.objects.values_list("reference", flat=True)) == ["R-1"]
