"""Demo data of the observatory (idempotent): landlords of two federations in the Rhône, the Isère and Paris,
a 2026 campaign with its eight checkpoints and sheets in every status, operations located in the communes of
three EPCIs, one account per role in two territories, and one account holding two roles (a referent who is
also a federation's member: his views are suppressed together).
"""

import datetime

from stdnum import luhn

from logis.accounts.demo import demo_user, organisation, territory
from logis.accounts.models import Organisation, Territory
from plugins.observatory import rules
from plugins.observatory.models import Campaign, Checkpoint, Operation, OperationKind, Sheet

YEAR = 2026
CHECKPOINTS = [datetime.date(YEAR, 1, 31), datetime.date(YEAR, 4, 30), datetime.date(YEAR, 6, 30), datetime.date(YEAR, 8, 31),
               datetime.date(YEAR, 9, 30), datetime.date(YEAR, 10, 31), datetime.date(YEAR, 11, 30), datetime.date(YEAR, 12, 31)]

# (name, seat, federation); their SIRENs are made up (``demo_siren``), never a real company's.
LANDLORDS = [
    ("Lyon Métropole Habitat", "FR/84/69/69123", "Fédération des OPH"),
    ("Est Métropole Habitat", "FR/84/69/69259", "Fédération des OPH"),
    ("Grenoble Habitat", "FR/84/38/38185", "Fédération des OPH"),
    ("Alpes Isère Habitat", "FR/84/38/38151", "Fédération des OPH"),
    ("Paris Habitat", "FR/11/75/75056", "Fédération des OPH"),
    ("Alliade Habitat", "FR/84/69/69123", "Fédération des ESH"),
    ("Immobilière Rhône-Alpes", "FR/84/69/69266", "Fédération des ESH"),
    ("Société Dauphinoise pour l'Habitat", "FR/84/38/38421", "Fédération des ESH"),
    ("Pluralis", "FR/84/38/38185", "Fédération des ESH"),
]

# (username, first name, last name, role, organisation)
ACCOUNTS = [
    ("obs.ref.lyon", "Lou", "Référente", "observatory.organisation", "Lyon Métropole Habitat"),
    ("obs.ref.paris", "Noé", "Référent", "observatory.organisation", "Paris Habitat"),
    ("obs.fed.oph", "Ariane", "Offices", "observatory.federation", "Fédération des OPH"),
    ("obs.fed.esh", "Basile", "Entreprises", "observatory.federation", "Fédération des ESH"),
    ("obs.ar.ara", "Chloé", "Rhône-Alpes", "observatory.regional_association", "AR Hlm Auvergne-Rhône-Alpes"),
    ("obs.ar.idf", "Dimitri", "Francilien", "observatory.regional_association", "AR Hlm Île-de-France"),
    ("obs.union", "Esther", "Union", "observatory.national", "Union sociale pour l'habitat"),
    ("obs.double.lyon", "Jo", "Double", "observatory.organisation", "Lyon Métropole Habitat"),
    ("obs.double.lyon", "Jo", "Double", "observatory.federation", "Fédération des ESH"),
]

# (SIREN, name, department, member communes): the EPCIs of the demo communes, when the official load has not made them.
EPCIS = [
    ("200046977", "Métropole de Lyon", "FR/84/69", ("69123", "69266", "69259")),
    ("200040715", "Grenoble-Alpes-Métropole", "FR/84/38", ("38185", "38151", "38421")),
    ("200054781", "Métropole du Grand Paris", "FR/11/75", ("75056",)),
]

KINDS = list(OperationKind.values)


def demo_siren(index):
    """A well-formed SIREN (Luhn key) in a range the demo keeps for itself."""
    body = f"{99_000_000 + index:08d}"
    return body + luhn.calc_check_digit(body)


def _organisations():
    Organisation.objects.get_or_create(name="Fédération des ESH", defaults={"kind": "federation", "territory": territory("FR")})
    Organisation.objects.get_or_create(name="AR Hlm Île-de-France", defaults={"kind": "regional_association", "territory": territory("FR/11")})
    landlords = []
    for index, (name, seat, federation) in enumerate(LANDLORDS):
        org, _created = Organisation.objects.get_or_create(
            name=name, defaults={"kind": "social_landlord", "territory": territory(seat), "federation": organisation(federation)})
        if not org.siren:
            org.siren = demo_siren(index)
            org.save()
        landlords.append(org)
    return landlords


def epcis():
    """The EPCIs of the demo communes (made here only where the official load has not made them)."""
    for siren, name, department, communes in EPCIS:
        epci, _created = Territory.objects.get_or_create(kind=Territory.Kind.EPCI, code=siren, parent=territory(department),
                                                         defaults={"name": name, "siren": siren})
        Territory.objects.filter(kind=Territory.Kind.COMMUNE, code__in=communes, epci__isnull=True).update(epci=epci)


def _operations(index, commune):
    operations = []
    for n in range(3):
        units = 8 + (index * 5 + n * 7) % 30
        cost = units * 150_000
        started = datetime.date(YEAR, 1 + (index + n * 4) % 11, 10)
        operations.append(Operation(reference=f"OP-{n + 1}", kind=KINDS[(index + n) % 3], units=units, cost=cost,
                                    subsidies=cost // 5, loans=cost - cost // 5 - cost // 10, equity=cost // 10, started_on=started,
                                    commune=commune,
                                    finished_on=started + datetime.timedelta(days=300) if started.month <= 2 else None))
    return operations


def load(stdout=None):
    landlords = _organisations()
    epcis()
    campaign, _created = Campaign.objects.get_or_create(code="OBS-2026", defaults={"title": "Observatoire de la production 2026", "year": YEAR})
    campaign.organisations.add(*landlords)
    for day in CHECKPOINTS:
        Checkpoint.objects.get_or_create(campaign=campaign, due_on=day)
    rules.open_sheets(campaign)
    for index, org in enumerate(landlords):
        sheet = Sheet.objects.get(campaign=campaign, organisation=org)
        if sheet.operations.exists() or sheet.status != Sheet.Status.DRAFT:
            continue
        rules.replace_operations(sheet, _operations(index, org.territory if org.territory.kind == Territory.Kind.COMMUNE else None))
        if org.name == "Lyon Métropole Habitat":
            continue  # left in draft: its referent fills and transmits it
        sheet = rules.submit(sheet, None)
        if org.name == "Paris Habitat":
            continue  # transmitted: its federation validates it
        if org.name == "Pluralis":
            rules.send_back(sheet, None, "Le coût de l'opération OP-2 paraît élevé : merci de vérifier.")
            continue
        rules.validate(sheet, None)
    for username, first, last, role, org in ACCOUNTS:
        demo_user(username, first, last, role, org)
    if stdout:
        stdout.write(f"Observatoire : campagne {campaign.code}, {campaign.sheets.count()} fiches, {len({a[0] for a in ACCOUNTS})} comptes.\n")
