"""``logis offers``: organisations a user may import into, imports on behalf of a user, exit status scripts can read."""

import json

import pytest

from logis.audit.models import AuditEntry
from plugins.offers.models import Offer

from .files import csv_bytes, good_row


@pytest.fixture
def logis(capsys):
    from logis.cli import main

    def run(*argv):
        try:
            main(["offers", *argv])
            code = 0
        except SystemExit as leaving:
            code = leaving.code
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.mark.django_db(transaction=True)
def test_organisations_lists_where_a_user_may_import_as_json(roles, logis, world):
    code, out, _err = logis("organisations", "--user", "ddets.rhone", "--json")
    names = {row["name"]: row["id"] for row in json.loads(out)}
    assert code == 0 and names["Ville de Lyon"] == world.organisation("Ville de Lyon").pk
    assert "Ville de Grenoble" not in names
    code, _out, err = logis("organisations", "--user", "national")
    assert code == 1 and "n'a pas de rôle" in err
    assert logis("organisations", "--user", "personne")[0] == 1


@pytest.mark.django_db(transaction=True)
def test_import_exits_non_zero_when_refused_and_records_the_user(roles, logis, world, tmp_path):
    lyon = str(world.organisation("Ville de Lyon").pk)
    path = tmp_path / "offres.csv"
    path.write_bytes(csv_bytes([good_row(), good_row(reference="R-2", places_max="beaucoup")]))
    code, _out, err = logis("import", str(path), "--organisation", lyon, "--all-or-nothing", "--user", "coord.lyon")
    assert code == 1 and "Rien n'a été enregistré" in err and Offer.objects.count() == 0
    grenoble = str(world.organisation("Ville de Grenoble").pk)
    assert logis("import", str(path), "--organisation", grenoble, "--user", "coord.lyon")[0] == 1
    code, _out, _err = logis("import", str(path), "--organisation", lyon, "--user", "coord.lyon")
    assert code == 0 and Offer.objects.count() == 1
    entry = AuditEntry.objects.filter(content_type__model="offer", action="create").get()
    assert entry.user_repr == "coord.lyon"
    (tmp_path / "vide.csv").write_bytes(b"")
    assert logis("import", str(tmp_path / "vide.csv"), "--organisation", lyon)[0] == 1
