"""Demo territories, organisations and one account per core role (idempotent)."""

from django.contrib.auth import get_user_model

from logis.accounts.models import Organisation, RoleAssignment, Territory

DEMO_PASSWORD = "demo-logis-2026"

# (kind, code, name, parent code path)
TERRITORIES = [
    ("country", "FR", "France", None),
    ("region", "84", "Auvergne-Rhône-Alpes", "FR"),
    ("region", "11", "Île-de-France", "FR"),
    ("department", "69", "Rhône", "FR/84"),
    ("department", "38", "Isère", "FR/84"),
    ("department", "75", "Paris", "FR/11"),
    ("commune", "69123", "Lyon", "FR/84/69"),
    ("commune", "69266", "Villeurbanne", "FR/84/69"),
    ("commune", "69259", "Vénissieux", "FR/84/69"),
    ("commune", "38185", "Grenoble", "FR/84/38"),
    ("commune", "38151", "Échirolles", "FR/84/38"),
    ("commune", "38421", "Saint-Martin-d'Hères", "FR/84/38"),
    ("commune", "75056", "Paris", "FR/11/75"),
    ("country", "BE", "Belgique", None),
    ("region", "03000", "Région wallonne", "BE"),
    ("department", "60000", "Province de Liège", "BE/03000"),
    ("commune", "62063", "Liège", "BE/03000/60000"),
    ("commune", "62096", "Seraing", "BE/03000/60000"),
]

# (name, kind, territory path, federation name)
ORGANISATIONS = [
    ("GIP SNE", "national_body", "FR", None),
    ("Union sociale pour l'habitat", "national_body", "FR", None),
    ("Fédération des OPH", "federation", "FR", None),
    ("AR Hlm Auvergne-Rhône-Alpes", "regional_association", "FR/84", None),
    ("Lyon Métropole Habitat", "social_landlord", "FR/84/69/69123", "Fédération des OPH"),
    ("Grenoble Habitat", "social_landlord", "FR/84/38/38185", "Fédération des OPH"),
    ("DDETS du Rhône", "state_service", "FR/84/69", None),
    ("DDETS de l'Isère", "state_service", "FR/84/38", None),
    ("Ville de Lyon", "commune", "FR/84/69/69123", None),
    ("Ville de Villeurbanne", "commune", "FR/84/69/69266", None),
    ("Ville de Grenoble", "commune", "FR/84/38/38185", None),
    ("Ville de Liège", "commune", "BE/03000/60000/62063", None),
    ("Ville de Seraing", "commune", "BE/03000/60000/62096", None),
    ("Forum Réfugiés", "association", "FR/84/69", None),
    ("Union des villes et communes de Wallonie", "publisher", "BE/03000", None),
]

# (username, first name, last name, role, organisation)
ACCOUNTS = [
    ("redacteur", "Camille", "Rédaction", "core.editor", "GIP SNE"),
    ("relecteur", "Dominique", "Relecture", "core.moderator", "GIP SNE"),
    ("pro.lyon", "Sacha", "Guichet", "core.professional", "Lyon Métropole Habitat"),
    ("superviseur.rhone", "Claude", "Contrôle", "core.supervisor", "DDETS du Rhône"),
    ("acces.lyon", "Alex", "Habilitations", "core.role_manager", "Ville de Lyon"),
]


def territory(path):
    return Territory.objects.get(path=path)


def organisation(name):
    return Organisation.objects.get(name=name)


def demo_user(username, first_name, last_name, role=None, organisation_name=None, territory_path=None):
    """Create (or keep) a demo account holding ``role`` in an organisation."""
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@demo.logis.invalid", "is_staff": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    if role:
        RoleAssignment.objects.get_or_create(
            user=user, role=role, organisation=organisation(organisation_name),
            territory=territory(territory_path) if territory_path else None,
        )
    return user


def load(stdout=None):
    for kind, code, name, parent_path in TERRITORIES:
        parent = territory(parent_path) if parent_path else None
        Territory.objects.get_or_create(kind=kind, code=code, parent=parent, defaults={"name": name})
    for name, kind, path, federation in ORGANISATIONS:
        Organisation.objects.get_or_create(
            name=name,
            defaults={"kind": kind, "territory": territory(path), "federation": organisation(federation) if federation else None},
        )
    admin, created = get_user_model().objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@demo.logis.invalid"}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for username, first, last, role, org in ACCOUNTS:
        demo_user(username, first, last, role, org)
