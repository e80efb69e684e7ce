"""Demo data of the attestations plugin (idempotent): one account per role in the Rhône and the Isère,
templates of the SNE attestation, a letter, a mail and an SMS, the Isère's own validity, applicants with
documents, sends, identity changes and a print batch, so that every screen has something to show."""

import datetime

from django.utils import timezone

from logis.accounts.demo import demo_user, organisation, territory

from plugins.attestations import identity
from plugins.attestations.issuing import save_version
from plugins.attestations.letters import print_batches
from plugins.attestations.models import Applicant, DocumentTemplate, IdentityChange, TerritoryValidity
from plugins.attestations.sending import issue_and_send

# (username, first name, last name, role, organisation)
ACCOUNTS = [
    ("attest.guichet.lyon", "Inès", "Guichet", "attestations.counter_agent", "Ville de Lyon"),
    ("attest.guichet.grenoble", "Hugo", "Guichet", "attestations.counter_agent", "Ville de Grenoble"),
    ("attest.manager.lyon", "Lina", "Manager", "attestations.counter_manager", "Ville de Lyon"),
    ("attest.manager.grenoble", "Théo", "Manager", "attestations.counter_manager", "Ville de Grenoble"),
    ("attest.gt.rhone", "Maëlle", "Gestion", "attestations.territorial_manager", "DDETS du Rhône"),
    ("attest.gt.isere", "Yanis", "Gestion", "attestations.territorial_manager", "DDETS de l'Isère"),
    ("attest.modeles.sne", "Rose", "Modèles", "attestations.editor", "GIP SNE"),
    ("attest.modeles.grenoble", "Jules", "Modèles", "attestations.editor", "Ville de Grenoble"),
    ("attest.national", "Nora", "Pilotage", "attestations.national", "GIP SNE"),
]

ATTESTATION = """<h2>Attestation simplifiée d'enregistrement départemental d'une demande de logement locatif social</h2>
<p>Nom de naissance du demandeur : <b>{{ demandeur.nom_naissance }}</b></p>
<p>Nom d'usage du demandeur : {{ demandeur.nom_usage }}</p>
<p>Prénoms du demandeur : {{ demandeur.prenoms }}</p>
<p>Numéro de votre demande : <b>{{ demandeur.numero_unique }}</b></p>
<p>Date de dépôt initial : {{ demandeur.date_depot|long }}</p>
{% si demandeur.renouvellement %}<p>Date de renouvellement : {{ demandeur.date_renouvellement|long }}</p>{% finsi %}
<p>Date d'expiration : {{ document.date_expiration|long }}</p>
<p>Date de délivrance : {{ document.date_delivrance|long }}</p>
<p><b>Valable {{ document.validite }}</b></p>
<p>La version intégrale de cette attestation d'enregistrement est disponible sur le site https://www.demande-logement-social.gouv.fr. Depuis ce site, il vous est aussi possible d'actualiser et de renouveler votre demande de logement social.</p>
<p>Afin d'accroître vos chances, vous pouvez dès maintenant consulter des offres de logement social sur Bienveo (https://www.bienveo.fr) et, si vous êtes salarié, AL'in (https://www.al-in.fr).</p>
{% si demandeur.accompagne %}<p><i>Un exemplaire vous est également adressé par courrier.</i></p>{% finsi %}"""

# (slug, name, kind, organisation, subject, body)
TEMPLATES = [
    ("attestation-enregistrement", "Attestation simplifiée d'enregistrement", "attestation", "GIP SNE",
     "Votre attestation d'enregistrement", ATTESTATION),
    ("sms-nouveau-courrier", "SMS : nouveau courrier disponible", "sms", "GIP SNE", "",
     "Un nouveau courrier est disponible dans votre espace demandeur, demande {{ demandeur.numero_unique }}."),
    ("courriel-renouvellement", "Courriel : pensez à renouveler", "mail", "GIP SNE", "Votre demande expire le {{ document.date_expiration }}",
     "<p>Bonjour {{ demandeur.prenoms }},</p><p>Votre demande {{ demandeur.numero_unique }} expire le {{ document.date_expiration|long }}. "
     "Pensez à la renouveler.</p>"),
    ("courrier-rendez-vous", "Courrier : rendez-vous au guichet", "letter", "Ville de Grenoble", "Rendez-vous",
     "<p>Madame, Monsieur {{ demandeur.nom_naissance }},</p><p>Nous vous recevrons au guichet au sujet de votre demande "
     "{{ demandeur.numero_unique }}.</p>{% si demandeur.accompagne %}<p>Votre accompagnant est le bienvenu.</p>{% finsi %}"),
]

# (number, birth name, usage name, first names, email, mobile, street, postcode, town, territory, organisation, filed days ago,
#  accompanied)
APPLICANTS = [
    ("069123-2024-00042", "MARTIN", "DURAND", "Camille Louise", "camille.martin@example.org", "+33612345678",
     "12 rue de la République", "69002", "Lyon", "FR/84/69/69123", "Ville de Lyon", 900, False),
    ("069123-2025-00107", "NGUYEN", "", "Thi Mai", "", "+33698765432", "4 quai Perrache", "69002", "Lyon",
     "FR/84/69/69123", "Ville de Lyon", 200, True),
    ("069266-2025-00013", "BENALI", "", "Karim", "karim.benali@example.org", "", "8 cours Émile Zola", "69100",
     "Villeurbanne", "FR/84/69/69266", "Ville de Lyon", 60, False),
    ("038185-2023-00501", "LEFÈVRE", "ROUX", "Anne-Sophie", "anne.roux@example.org", "+33611223344", "3 place Grenette",
     "38000", "Grenoble", "FR/84/38/38185", "Ville de Grenoble", 1100, False),
    ("038185-2025-00777", "DIALLO", "", "Aminata", "", "", "21 avenue Alsace-Lorraine", "38000", "Grenoble",
     "FR/84/38/38185", "Ville de Grenoble", 30, False),
]


def load(stdout=None):
    users = {username: demo_user(username, first, last, role, org) for username, first, last, role, org in ACCOUNTS}
    templates = {}
    for slug, name, kind, org, subject, body in TEMPLATES:
        template, _created = DocumentTemplate.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "organisation": organisation(org)})
        if not template.versions.exists():
            save_version(template, subject, body, users["attest.modeles.sne"])
        templates[slug] = template
    # The Isère counts its attestations on 6 months (the SNE's « X mois » set by the département); the Rhône keeps the template's 12.
    TerritoryValidity.objects.get_or_create(template=templates["attestation-enregistrement"], territory=territory("FR/84/38"),
                                            defaults={"months": 6})
    today = timezone.localdate()
    for number, birth, usage, first, email, mobile, street, postcode, town, path, org, days, accompanied in APPLICANTS:
        applicant, created = Applicant.objects.get_or_create(number=number, defaults={
            "birth_name": birth, "usage_name": usage, "first_names": first, "email": email, "mobile": mobile,
            "street": street, "postcode": postcode, "town": town, "territory": territory(path), "organisation": organisation(org),
            "filing_date": today - datetime.timedelta(days=days), "accompanied": accompanied,
            "birth_date": datetime.date(1985, 6, 1)})
        if not created:
            continue
        agent = users["attest.guichet.lyon" if path.startswith("FR/84/69") else "attest.guichet.grenoble"]
        issue_and_send(templates["attestation-enregistrement"], applicant, agent, "mail")
        if mobile:
            issue_and_send(templates["sms-nouveau-courrier"], applicant, agent, "sms")
        # A minor correction (accents and case) and, on old files, a change waiting for validation.
        identity.request_change(applicant, "birth_name", birth.title(), agent, applicant.organisation)
        if days > 365:
            identity.request_change(applicant, "birth_name", "DUPONT", agent, applicant.organisation)
    batches = print_batches()   # the letters of applicants without an e-mail address, waiting to be posted
    if stdout:
        stdout.write(f"Attestations : {Applicant.objects.count()} demandeurs, {len(batches)} lot(s) de courriers imprimé(s), "
                     f"{IdentityChange.objects.filter(state=IdentityChange.State.PENDING).count()} modification(s) en attente.\n")
