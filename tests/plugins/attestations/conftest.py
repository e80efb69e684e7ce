import datetime
import itertools

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

_numbers = itertools.count(1)

ATTESTATION = (
    "<h2>Attestation d'enregistrement</h2><p>Nom de naissance : {{ demandeur.nom_naissance }}</p>"
    "<p>Prénoms : {{ demandeur.prenoms }}</p><p>Numéro : {{ demandeur.numero_unique }}</p>"
    "<p>Dépôt : {{ demandeur.date_depot|long }}</p><p>Expiration : {{ document.date_expiration|long }}</p>"
    "<p>Valable {{ document.validite }}</p>"
    "{% si demandeur.renouvellement %}<p>Renouvelée</p>{% sinon %}<p>Premier dépôt</p>{% finsi %}"
)


@pytest.fixture(autouse=True)
def _fast_passwords_and_local_mail(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.LOGIS_SMS = {**settings.LOGIS_SMS, "BACKEND": "file", "DIRECTORY": str(tmp_path / "sms")}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LOGIS_PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.WAGTAILADMIN_BASE_URL = "http://testserver"


@pytest.fixture
def world(demo_territories):
    return demo_territories


@pytest.fixture
def agent(person, world):
    """``agent("login", "attestations.counter_agent", "Ville de Lyon", **assignment)`` → a user who may enter the admin."""
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")

    def make(username, role, org_name, territory_path=None, **assignment):
        territory = world.territory(territory_path) if territory_path else None
        user = person(username, role, world.organisation(org_name), territory, **assignment)
        user.user_permissions.add(access)
        return user

    return make


@pytest.fixture
def roles(agent):
    return {
        "agent_lyon": agent("guichet.lyon", "attestations.counter_agent", "Ville de Lyon"),
        "agent_grenoble": agent("guichet.grenoble", "attestations.counter_agent", "Ville de Grenoble"),
        "manager_lyon": agent("manager.lyon", "attestations.counter_manager", "Ville de Lyon"),
        "gt_rhone": agent("gt.rhone", "attestations.territorial_manager", "DDETS du Rhône"),
        "gt_isere": agent("gt.isere", "attestations.territorial_manager", "DDETS de l'Isère"),
        "editor_sne": agent("modeles.sne", "attestations.editor", "GIP SNE"),
        "national": agent("national", "attestations.national", "GIP SNE"),
    }


@pytest.fixture
def make_template(world):
    from plugins.attestations.issuing import save_version
    from plugins.attestations.models import DocumentTemplate

    def make(slug="attestation", kind="attestation", body=ATTESTATION, subject="Votre attestation", org_name="GIP SNE", **fields):
        template = DocumentTemplate.objects.create(slug=slug, name=f"Modèle {slug}", kind=kind,
                                                   organisation=world.organisation(org_name), **fields)
        save_version(template, subject, body, None)
        return template

    return make


@pytest.fixture
def make_applicant(world):
    from plugins.attestations.models import Applicant

    def make(commune_path="FR/84/69/69123", org_name="Ville de Lyon", **fields):
        values = {
            "number": f"069123-2025-{next(_numbers):05d}", "birth_name": "MARTIN", "usage_name": "DURAND",
            "first_names": "Camille Louise", "birth_date": datetime.date(1990, 5, 14), "email": "camille@example.org",
            "mobile": "+33612345678", "street": "12 rue de la République", "postcode": "69002", "town": "Lyon",
            "filing_date": timezone.localdate() - datetime.timedelta(days=30),
        }
        values.update(fields)
        return Applicant.objects.create(territory=world.territory(commune_path), organisation=world.organisation(org_name), **values)

    return make
