"""``logis attestations issue --template SLUG --applicant NUMBER [--channel download|mail|sms|post] [--out FILE.pdf]
[--user LOGIN] [--json]``: issue one document as the API and the admin do.

``--user`` names who issues (history, and the scope: an applicant outside it
is "introuvable"); without it the command acts as the platform. ``--json``
prints the verification code and URL. Exit code 1 when nothing was issued.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.http import Http404

from logis.accounts.scoping import Scope
from logis.middleware import acting_as

from plugins.attestations.issuing import code_for, document_pdf, verification_url
from plugins.attestations.models import Applicant, DocumentTemplate
from plugins.attestations.sending import issue_and_send


class Command(BaseCommand):
    help = "Attestations et envois : émettre un document depuis la ligne de commande."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="actions")
        issue = actions.add_parser("issue", help="Émet un document pour un demandeur et l'envoie.")
        issue.add_argument("--template", required=True, help="Code du modèle.")
        issue.add_argument("--applicant", required=True, help="Numéro unique du demandeur.")
        issue.add_argument("--channel", default="download", choices=["download", "mail", "sms", "post"])
        issue.add_argument("--out", help="Écrit le PDF dans ce fichier.")
        issue.add_argument("--user", help="Identifiant de connexion de la personne qui émet (historique, périmètre).")
        issue.add_argument("--json", action="store_true", help="Affiche le code et l'URL de vérification en JSON.")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"Utilisateur « {options['user']} » introuvable ou inactif.")
        template = DocumentTemplate.objects.filter(slug=options["template"][:50], active=True).select_related("organisation").first()
        if template is None or not template.versions.exists():
            raise CommandError(f"Modèle « {options['template'][:50]} » introuvable ou sans version.")
        applicants = Applicant.objects.select_related("territory", "organisation")
        try:
            applicant = (Scope.for_user(user, "attestations.issue").get(applicants, number=options["applicant"][:32]) if user
                         else applicants.get(number=options["applicant"][:32]))
        except (Http404, Applicant.DoesNotExist):
            raise CommandError(f"Demandeur « {options['applicant'][:32]} » introuvable.") from None
        with acting_as(user), transaction.atomic():
            document, deliveries = issue_and_send(template, applicant, user, options["channel"])
        if options["out"] and template.kind in DocumentTemplate.PDF_KINDS:
            Path(options["out"]).write_bytes(document_pdf(document))
        result = {"document": document.pk, "verification_code": code_for(document.key), "verification_url": verification_url(document.key),
                  "deliveries": [{"channel": d.channel, "status": d.status} for d in deliveries]}
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(f"Document {document.pk} émis — vérification : {result['verification_url']}")
