"""Demo offers in the Rhône, the Isère and around Liège, and one account per offers role (idempotent)."""

import datetime
import random

from django.utils import timezone
from django.utils.text import slugify

from logis.accounts.demo import demo_user, organisation, territory
from logis.accounts.models import Organisation
from plugins.offers.models import CommuneCentre, DailySnapshot, Offer
from plugins.offers.rules import take_snapshot

# commune path → (latitude, longitude) of the town hall, for the matching radius.
CENTRES = {
    "FR/84/69/69123": (45.7676, 4.8344), "FR/84/69/69266": (45.7719, 4.8902), "FR/84/69/69259": (45.6973, 4.8856),
    "FR/84/38/38185": (45.1885, 5.7245), "FR/84/38/38151": (45.1436, 5.7183), "FR/84/38/38421": (45.1672, 5.7653),
    "BE/03000/60000/62063": (50.6412, 5.5718), "BE/03000/60000/62096": (50.5833, 5.5000),
}
# commune path → its main postcode (the reference data checks the postcode belongs to the commune).
POSTCODES = {
    "FR/84/69/69123": "69001", "FR/84/69/69266": "69100", "FR/84/69/69259": "69200", "FR/84/38/38185": "38000",
    "FR/84/38/38151": "38130", "FR/84/38/38421": "38400", "BE/03000/60000/62063": "4000", "BE/03000/60000/62096": "4100",
}
# organisation → communes of its offers, coordinator mailbox and 24/7 phone.
PROVIDERS = [
    ("Ville de Lyon", ["FR/84/69/69123"], "hebergement-crise@lyon.exemple.fr", "+33472100000"),
    ("Ville de Villeurbanne", ["FR/84/69/69266"], "crise@villeurbanne.exemple.fr", "+33478030000"),
    ("DDETS du Rhône", ["FR/84/69/69259", "FR/84/69/69123"], "ddets-hebergement@rhone.exemple.fr", "+33478630000"),
    ("Ville de Grenoble", ["FR/84/38/38185"], "accueil-crise@grenoble.exemple.fr", "+33476763636"),
    ("DDETS de l'Isère", ["FR/84/38/38151", "FR/84/38/38421"], "ddets-hebergement@isere.exemple.fr", "+33476700000"),
    ("Ville de Liège", ["BE/03000/60000/62063", "BE/03000/60000/62096"], "housing-tool@liege.exemple.be", "+3242218111"),
]
ACCOUNTS = [
    ("coord.lyon", "Lou", "Coordination", "offers.coordinator", "Ville de Lyon", None),
    ("coord.grenoble", "Noa", "Coordination", "offers.coordinator", "Ville de Grenoble", None),
    ("coord.liege", "Maxime", "Coordination", "offers.coordinator", "Ville de Liège", None),
    ("ddets.rhone", "Jo", "Pilotage", "offers.department_service", "DDETS du Rhône", None),
    ("ddets.isere", "Eden", "Pilotage", "offers.department_service", "DDETS de l'Isère", None),
    ("asso.appariement", "Sasha", "Appariement", "offers.mandated_association", "Forum Réfugiés", None),
    ("pilotage.national", "Andrea", "Statistiques", "offers.national", "DIHAL", None),
]
FIRST_NAMES = ["Martine", "Karim", "Sophie", "Yann", "Inès", "Luc", "Fatou", "Pierre", "Anne", "Hugo"]
LAST_NAMES = ["Exemple", "Démo", "Fictif", "Essai"]


def _offers(rng):
    today = timezone.localdate()
    for org_name, communes, mailbox, phone in PROVIDERS:
        for index in range(4):
            path = communes[index % len(communes)]
            lat, lon = CENTRES[path]
            citizen = index % 2 == 0
            places_max = rng.randint(1, 6) if citizen else rng.randint(8, 40)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            belgian = path.startswith("BE")
            yield org_name, {
                "reference": f"DEMO-{path.rsplit('/', 1)[1]}-{org_name[:4].upper()}-{index + 1}",
                "provider_kind": "citizen" if citizen else rng.choice(["shelter", "hotel", "holiday_centre", "association"]),
                "accommodation_kind": rng.choice(["room", "flat", "house"]) if citizen else rng.choice(["collective", "hotel_room"]),
                "street": f"{rng.randint(1, 120)} rue de l'Exemple", "postcode": POSTCODES[path],
                "commune": territory(path), "latitude": round(lat + rng.uniform(-0.03, 0.03), 5),
                "longitude": round(lon + rng.uniform(-0.03, 0.03), 5), "places_max": places_max,
                "places_available": places_max if index != 3 else 0,
                "available_from": today - datetime.timedelta(days=rng.randint(1, 20)),
                "available_until": today + datetime.timedelta(days=rng.randint(15, 120)),
                "step_free": rng.random() < 0.4, "pets_allowed": rng.random() < 0.5, "children_welcome": rng.random() < 0.7,
                "bedrooms": rng.randint(1, 3) if citizen else None, "private_kitchen": citizen, "private_bathroom": rng.random() < 0.5,
                "near_transport": rng.random() < 0.6,
                "host_name": f"{first} {last}" if citizen else "", "host_email": f"{slugify(first)}.{slugify(last)}@exemple.org" if citizen else "",
                "host_phone": (f"+32470{rng.randint(100000, 999999)}" if belgian else f"+3346571{rng.randint(1000, 9999)}") if citizen else "",
                "coordinator_email": mailbox, "coordinator_phone": phone,
                "status": ["available", "submitted", "available", "full"][index],
            }


def load(stdout=None):
    Organisation.objects.get_or_create(
        name="DIHAL", defaults={"kind": Organisation.Kind.NATIONAL_BODY, "territory": territory("FR")},
    )
    organisation("Forum Réfugiés").mandated_territories.add(territory("FR/84/69"), territory("FR/84/38"))
    for path, (lat, lon) in CENTRES.items():
        CommuneCentre.objects.update_or_create(commune=territory(path), defaults={"latitude": lat, "longitude": lon})
    rng = random.Random(2026)
    now = timezone.now()
    created = 0
    for org_name, values in _offers(rng):
        vetted = values["status"] in ("available", "full")
        checklist = {name: vetted for name in Offer.CHECKLIST_FIELDS}
        _offer, was_created = Offer.objects.get_or_create(
            organisation=organisation(org_name), reference=values.pop("reference"),
            defaults={**values, **checklist, "vetted_at": now if vetted else None},
        )
        created += was_created
    for username, first, last, role, org_name, path in ACCOUNTS:
        demo_user(username, first, last, role, org_name, path)  # the admin opens through the role, never a group
    if not DailySnapshot.objects.exists():
        today = timezone.localdate()
        for days_ago in range(13, -1, -1):
            take_snapshot(today - datetime.timedelta(days=days_ago))
    if stdout is not None:
        stdout.write(f"Offres d'hébergement : {created} offre(s) de démonstration créée(s).")
