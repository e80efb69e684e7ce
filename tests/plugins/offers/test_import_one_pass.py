"""The one-pass import: batch look-ups through the scope, nothing half-written, the file streamed from storage.

Files here hold more rows than a batch (500), so that the paths only a big
file takes — a key found out of scope in a later batch, a problem after
batches were written, a job stopped between two batches — are the ones tested.
"""

import tracemalloc

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from logis.accounts.scoping import scope_for
from logis.audit.models import AuditEntry
from logis.imports import BATCH
from plugins.offers.importer import ALL_OR_NOTHING, VALID_ROWS, import_offers
from plugins.offers.jobs import IMPORT_DIR, import_file
from plugins.offers.models import Offer

from .files import csv_bytes, good_row

pytestmark = pytest.mark.django_db
ROWS = BATCH + 200


def offer_history():
    return AuditEntry.objects.filter(content_type__model="offer")


def problems(report):
    return [(p["line"], p["column"], p["message"]) for p in report.problems]


@pytest.mark.parametrize("mode", [VALID_ROWS, ALL_OR_NOTHING])
def test_a_reference_held_in_another_territory_is_refused_in_a_later_batch_and_never_revealed(person, world, make_offer, mode):
    """The same organisation holds DDETS-7 in Villeurbanne; an importer of Lyon sends it on line 602, in the second batch."""
    ddets = world.organisation("DDETS du Rhône")
    elsewhere = make_offer("DDETS du Rhône", "FR/84/69/69266", reference="DDETS-7", host_name="Martine Exemple")
    history = offer_history().count()
    importer = person("coord.ddets.lyon", "offers.coordinator", ddets, world.territory("FR/84/69/69123"))
    rows = [good_row(reference=f"L-{i}") for i in range(ROWS)]
    rows[600] = good_row(reference="DDETS-7", nom_contact="Intrus", places_disponibles="0")
    report = import_offers("offres.csv", csv_bytes(rows), ddets, mode=mode, scope=scope_for(importer, "offers.import", rows=True))
    assert problems(report) == [(602, "reference", "Référence « DDETS-7 » hors de votre territoire.")]
    assert (report.to_update, report.to_create, report.updated, report.unchanged) == (0, ROWS - 1, 0, 0)
    elsewhere.refresh_from_db()
    assert (elsewhere.host_name, elsewhere.places_available, elsewhere.commune.code) == ("Martine Exemple", 3, "69266")
    written = ROWS - 1 if mode == VALID_ROWS else 0  # all or nothing: the first batch, written, is undone
    assert (report.created, report.applied) == (written, mode == VALID_ROWS)
    assert Offer.objects.filter(organisation=ddets).exclude(pk=elsewhere.pk).count() == written
    assert offer_history().count() == history + written


def test_all_or_nothing_undoes_the_batches_written_before_a_late_problem(world):
    rows = [good_row(reference=f"N-{i}") for i in range(ROWS)]
    rows[-1] = good_row(reference="LATE", places_max="beaucoup")
    report = import_offers("offres.csv", csv_bytes(rows), world.organisation("Ville de Lyon"), mode=ALL_OR_NOTHING)
    assert problems(report) == [(ROWS + 1, "places_max", "« beaucoup » n'est pas un nombre entier.")]
    assert (report.applied, report.created, report.to_create, report.valid) == (False, 0, ROWS - 1, ROWS - 1)
    assert report.summary() == "Rien n'a été enregistré : 1 problème(s) et le mode « tout ou rien » est choisi."
    assert Offer.objects.count() == 0 and offer_history().count() == 0


class Stopped(Exception):
    """The worker going away between two batches (killed, out of memory, deployment)."""


def test_an_import_that_dies_after_a_batch_was_written_leaves_nothing_half_written(world):
    def progress(done, total, message):
        if message == "Enregistrement des offres":
            assert Offer.objects.count() == BATCH  # the first batch is in the database…
            raise Stopped

    rows = [good_row(reference=f"D-{i}") for i in range(ROWS)]
    with pytest.raises(Stopped):
        import_offers("offres.csv", csv_bytes(rows), world.organisation("Ville de Lyon"), mode=VALID_ROWS, progress=progress)
    assert Offer.objects.count() == 0 and offer_history().count() == 0  # …and gone with the import's savepoint


def test_a_20_mb_file_is_streamed_from_storage_never_held_whole(world, settings, tmp_path):
    """Today's limit is 20 MB: 5,000 offers with 4 kB of remarks each. Python's peak stays far below the file."""
    settings.MEDIA_ROOT = tmp_path
    rows = [good_row(reference=f"S-{i}", remarques=f"{i} " + "Chambre calme au calme. " * 160) for i in range(5000)]
    data = csv_bytes(rows)
    size = len(data)
    assert 19 * 2**20 < size <= 20 * 2**20
    stored = default_storage.save(f"{IMPORT_DIR}/gros.csv", ContentFile(data))
    del rows, data
    tracemalloc.start()
    try:
        report = import_file(stored, "gros.csv", world.organisation("Ville de Lyon").pk, VALID_ROWS, False)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report["problems"] == [] and report["created"] == 5000
    assert peak < size / 2, f"{peak / 2**20:.1f} MiB at the peak for a {size / 2**20:.1f} MiB file"
    assert Offer.objects.get(reference="S-4999").remarks.startswith("4999 Chambre calme")


def test_numbers_repeated_on_every_row_are_read_the_same_on_each_row_refusals_included(world):
    """The per-file cache: the same coordinator number on every row, a wrong one refused on each of its rows."""
    rows = [good_row(reference=f"P-{i}", telephone_contact="12" if i % 2 else "04 65 71 00 12") for i in range(4)]
    report = import_offers("offres.csv", csv_bytes(rows), world.organisation("Ville de Lyon"), mode=VALID_ROWS)
    assert problems(report) == [(line, "telephone_contact", "« 12 » n'est pas un numéro de téléphone valide.") for line in (3, 5)]
    assert set(Offer.objects.values_list("host_phone", "coordinator_phone")) == {("+33465710012", "+33472100000")}
