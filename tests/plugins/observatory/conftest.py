"""Factories for the observatory's records: landlords in two regions, two federations, one campaign.

The picture: the OPH federation has members in the Rhône, the Isère and Paris
(another region); the ESH federation has members in the Rhône and the Isère;
the regional association of Auvergne-Rhône-Alpes reaches the Rhône and the Isère.
"""

import datetime

import pytest
from stdnum import luhn

from logis.accounts.models import Organisation
from plugins.observatory import demo, rules
from plugins.observatory.models import Campaign, Checkpoint, Operation, Sheet

YEAR = 2026
#: the circular's eight checkpoints: end of January, April, June, August, September, October, November, December.
CHECKPOINT_MONTHS = (1, 4, 6, 8, 9, 10, 11, 12)


def siren(seed):
    """A SIREN with a right check digit, from an eight-digit seed."""
    body = f"{seed:08d}"
    return body + luhn.calc_check_digit(body)


def month_end(year, month):
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


@pytest.fixture
def observatory(demo_territories):
    """Organisations, a campaign with its eight checkpoints and a draft sheet per landlord; the communes' EPCIs."""
    d = demo_territories
    demo.epcis()
    esh = Organisation.objects.create(name="Fédération des ESH", kind="federation", territory=d.territory("FR"))
    Organisation.objects.create(name="AR Hlm Île-de-France", kind="regional_association", territory=d.territory("FR/11"))
    landlords = {}
    for seed, (name, path, federation) in enumerate([
        ("Lyon Métropole Habitat", None, None), ("Grenoble Habitat", None, None),
        ("Paris Habitat", "FR/11/75/75056", "Fédération des OPH"),
        ("Alliade Habitat", "FR/84/69/69123", esh), ("Est Métropole Habitat", "FR/84/69/69266", esh),
        ("Isère Habitat", "FR/84/38/38185", esh),
    ], start=10000001):
        org = Organisation.objects.filter(name=name).first() or Organisation.objects.create(
            name=name, kind="social_landlord", territory=d.territory(path),
            federation=federation if isinstance(federation, Organisation) else d.organisation(federation))
        org.siren = siren(seed)
        org.save()
        landlords[name] = org
    campaign = Campaign.objects.create(code="OBS-2026", title="Observatoire de la production 2026", year=YEAR)
    campaign.organisations.set(landlords.values())
    for month in CHECKPOINT_MONTHS:
        Checkpoint.objects.create(campaign=campaign, due_on=month_end(YEAR, month))
    rules.open_sheets(campaign)
    return type("Observatory", (), {"campaign": campaign, "landlords": landlords, "territories": d,
                                    "sheet": staticmethod(lambda name: Sheet.objects.get(campaign=campaign, organisation=landlords[name]))})


def operation(reference, units=10, kind="new_build", cost=1_000_000, started_on=datetime.date(YEAR, 3, 1), finished_on=None,
              commune=None):
    return Operation(reference=reference, kind=kind, units=units, cost=cost, subsidies=cost // 4, loans=cost - cost // 4,
                     equity=0, started_on=started_on, finished_on=finished_on, commune=commune)


def validated(sheet, operations, by=None):
    """Fill, submit and validate a sheet through the rules."""
    rules.replace_operations(sheet, operations)
    rules.submit(sheet, by)
    return rules.validate(sheet, by)


OPH = {"Lyon Métropole Habitat", "Grenoble Habitat", "Paris Habitat"}
ESH = {"Alliade Habitat", "Est Métropole Habitat", "Isère Habitat"}
ARA = {"Lyon Métropole Habitat", "Grenoble Habitat", "Alliade Habitat", "Est Métropole Habitat", "Isère Habitat"}

LEVELS = {
    "ref.lmh": ("observatory.organisation", "Lyon Métropole Habitat", {"Lyon Métropole Habitat"}),
    "fed.oph": ("observatory.federation", "Fédération des OPH", OPH),
    "fed.esh": ("observatory.federation", "Fédération des ESH", ESH),
    "ar.ara": ("observatory.regional_association", "AR Hlm Auvergne-Rhône-Alpes", ARA),
    "ar.idf": ("observatory.regional_association", "AR Hlm Île-de-France", {"Paris Habitat"}),
    "union": ("observatory.national", "Union sociale pour l'habitat", OPH | ESH),
}


@pytest.fixture
def login(client, person, observatory):
    def as_(username, **assignment):
        role, holder, _seen = LEVELS[username]
        user = person(username, role, Organisation.objects.get(name=holder), **assignment)
        client.force_login(user)
        return client

    return as_
