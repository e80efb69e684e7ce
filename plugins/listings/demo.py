"""Demo listings in the Rhône and the Isère, their photos and contacts, and one account per listings role (idempotent)."""

import datetime
import io
from decimal import Decimal

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PillowImage
from wagtail.images.models import Image

from logis.accounts.demo import demo_user, organisation, territory
from plugins.listings import rules
from plugins.listings.models import Contact, Listing, ListingPhoto

# (username, first name, last name, role, organisation)
ACCOUNTS = [
    ("annonces.lmh", "Maëlle", "Diffusion", "listings.landlord_publisher", "Lyon Métropole Habitat"),
    ("annonces.grenoble-habitat", "Yanis", "Diffusion", "listings.landlord_publisher", "Grenoble Habitat"),
    ("reservataire.lyon", "Rose", "Contingent", "listings.reservation_holder", "Ville de Lyon"),
    ("reservataire.grenoble", "Malo", "Contingent", "listings.reservation_holder", "Ville de Grenoble"),
    ("suivi.annonces.rhone", "Nour", "Suivi", "listings.territory_supervisor", "DDETS du Rhône"),
    ("suivi.annonces.isere", "Élie", "Suivi", "listings.territory_supervisor", "DDETS de l'Isère"),
    ("pilotage.annonces", "Charlie", "Chiffres", "listings.national", "Union sociale pour l'habitat"),
]
# (organisation, reference, commune path, postcode, type, kind, surface, rent, charges, kwh, kg, status, neighbourhood, lat, lon)
LISTINGS = [
    ("Lyon Métropole Habitat", "LMH-2026-001", "FR/84/69/69123", "69008", "T4", "flat", 78, 366, 118, 150, 20, "published", "Mermoz", 45.7352, 4.8844),
    ("Lyon Métropole Habitat", "LMH-2026-002", "FR/84/69/69259", "69200", "T3", "flat", 64, 410, 95, 240, 45, "published", "Minguettes", 45.7101, 4.8770),
    ("Lyon Métropole Habitat", "LMH-2026-003", "FR/84/69/69266", "69100", "T2", "flat", 46, 330, 70, 300, 65, "published", "Saint-Jean", 45.7779, 4.8995),
    ("Lyon Métropole Habitat", "LMH-2026-004", "FR/84/69/69123", "69009", "T5", "house", 95, 620, 80, 360, 80, "published", "La Duchère", 45.7867, 4.7980),
    ("Lyon Métropole Habitat", "LMH-2026-005", "FR/84/69/69123", "69008", "T1", "flat", 28, 250, 60, 120, 15, "draft", "Mermoz", None, None),
    ("Lyon Métropole Habitat", "LMH-2025-090", "FR/84/69/69259", "69200", "T3", "flat", 66, 395, 90, 200, 30, "expired", "Minguettes", None, None),
    ("Ville de Lyon", "VDL-RES-01", "FR/84/69/69123", "69007", "T2", "flat", 48, 345, 75, 95, 10, "published", "Gerland", 45.7318, 4.8330),
    ("Grenoble Habitat", "GH-2026-011", "FR/84/38/38185", "38100", "T3", "flat", 67, 390, 110, 170, 25, "published", "Villeneuve", 45.1630, 5.7340),
    ("Grenoble Habitat", "GH-2026-012", "FR/84/38/38151", "38130", "T4", "flat", 81, 455, 120, 230, 40, "published", "Village Sud", 45.1460, 5.7130),
    ("Grenoble Habitat", "GH-2026-013", "FR/84/38/38421", "38400", "T2", "flat", 44, 300, 65, 480, 90, "draft", "Renaudie", 45.1690, 5.7600),
    ("Grenoble Habitat", "GH-2025-070", "FR/84/38/38185", "38000", "T1", "flat", 30, 260, 50, 140, 18, "let", "Mistral", None, None),
    ("Ville de Grenoble", "VDG-RES-01", "FR/84/38/38185", "38100", "T6", "house", 120, 690, 130, 250, 50, "published", "Teisseire", 45.1710, 5.7410),
]
PHOTO_COLOURS = [(190, 210, 230), (220, 200, 170), (200, 225, 200)]
DESCRIPTION = ("<p>Logement rénové au {floor} étage d'une résidence {lift}. Exposé sud-ouest, sans vis-à-vis, proche des transports "
               "en commun et des écoles. Chauffage collectif.</p>")
APPLICANTS = [("Awa Exemple", "awa.exemple@exemple.org", "06 12 34 56 78", "Bonjour, ce logement m'intéresse : est-il possible de le visiter ?"),
              ("Jules Démo", "jules.demo@exemple.org", "", "Le logement est-il encore disponible en septembre ?")]


def _demo_image(index):
    title = f"Annonce — démonstration {index + 1}"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = io.BytesIO()
    PillowImage.new("RGB", (800, 533), PHOTO_COLOURS[index % len(PHOTO_COLOURS)]).save(buffer, "PNG")
    return Image.objects.create(title=title, file=ImageFile(buffer, name=f"annonce-demo-{index + 1}.png"))


def _values(row, today):
    (_org, _ref, path, postcode, kind, building, surface, rent, charges, kwh, kg, status, quarter, lat, lon) = row
    window = {"published": (today - datetime.timedelta(days=5), today + datetime.timedelta(days=55)),
              "expired": (today - datetime.timedelta(days=90), today - datetime.timedelta(days=30)),
              "let": (today - datetime.timedelta(days=120), today - datetime.timedelta(days=60)),
              "draft": (today + datetime.timedelta(days=3), today + datetime.timedelta(days=63))}[status]
    floor = 2 if building == "flat" else 0
    return {
        "title": f"{kind} {'lumineux' if building == 'flat' else 'avec jardin'} — {quarter}", "dwelling_type": kind, "building_kind": building,
        "description": DESCRIPTION.format(floor="2e" if floor else "rez-de-chaussée", lift="équipée d'un ascenseur" if floor else "de plain-pied"),
        "neighbourhood": quarter, "surface": Decimal(surface), "floor": floor, "lift": building == "flat", "step_free": building == "house",
        "rent": Decimal(rent), "charges": Decimal(charges), "deposit": Decimal(rent), "street": f"{10 + len(quarter)} rue de l'Exemple",
        "postcode": postcode, "commune": territory(path), "latitude": lat, "longitude": lon, "energy_kwh": kwh, "ghg_kg": kg,
        "energy_cost_min": kwh * surface // 20, "energy_cost_max": kwh * surface // 14, "contact_name": "Service location",
        "contact_email": "location@demo.logis.invalid", "contact_phone": "04 72 00 00 00",
        "visible_from": window[0], "visible_until": window[1],
    }


def load(stdout=None):
    for username, first, last, role, org_name in ACCOUNTS:
        demo_user(username, first, last, role, org_name)
    today = timezone.localdate()
    created = 0
    for index, row in enumerate(LISTINGS):
        values = _values(row, today)
        labelled = rules.apply_energy_labels(Listing(**values))
        values.update(energy_class=labelled.energy_class, ghg_class=labelled.ghg_class)
        listing, was_created = Listing.objects.get_or_create(organisation=organisation(row[0]), reference=row[1], defaults=values)
        created += was_created
        if not was_created:
            continue
        for position in range(1 + index % 3):
            ListingPhoto.objects.create(listing=listing, image=_demo_image(index + position), sort_order=position,
                                        alt_text=f"Pièce principale du {row[4]}, vue {position + 1}")
        status = row[11]
        if status == "published":
            rules.publish(listing, today=today)
            for name, email, phone, message in APPLICANTS[:1 + index % 2]:
                Contact.objects.create(listing=listing, name=name, email=email, phone=phone, message=message, consent_at=timezone.now())
        elif status in ("expired", "let"):
            Listing.objects.filter(pk=listing.pk).update(status=status, published_at=timezone.now() - datetime.timedelta(days=100))
    if stdout is not None:
        stdout.write(f"Annonces : {created} annonce(s) de démonstration créée(s).")

