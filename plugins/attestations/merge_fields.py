"""The merge fields the plugin declares (``logis_merge_fields``): the applicant and the document being issued.

Each field reads the context built by :func:`plugins.attestations.issuing.context_for`;
its sample is what the live preview shows, never a real person.
"""

import datetime

from django.utils.translation import gettext_lazy as _

from logis.documents import MergeField


def _applicant(name):
    return lambda ctx: getattr(ctx["applicant"], name)


def _document(name):
    return lambda ctx: ctx["document"][name]


FIELDS = [
    MergeField("demandeur.numero_unique", _("Numéro unique de la demande"), _applicant("number"), "069123-2026-00042"),
    MergeField("demandeur.nom_naissance", _("Nom de naissance"), _applicant("birth_name"), "MARTIN"),
    MergeField("demandeur.nom_usage", _("Nom d'usage"), _applicant("usage_name"), "DURAND"),
    MergeField("demandeur.prenoms", _("Prénoms"), _applicant("first_names"), "Camille Louise"),
    MergeField("demandeur.date_naissance", _("Date de naissance"), _applicant("birth_date"), datetime.date(1990, 5, 14)),
    MergeField("demandeur.courriel", _("Courriel"), _applicant("email"), "camille.martin@example.org"),
    MergeField("demandeur.date_depot", _("Date de dépôt initial"), _applicant("filing_date"), datetime.date(2025, 3, 12)),
    MergeField("demandeur.date_renouvellement", _("Date de renouvellement"), _applicant("renewal_date"), None),
    MergeField("demandeur.renouvellement", _("Demande renouvelée (condition)"), lambda ctx: bool(ctx["applicant"].renewal_date), False),
    MergeField("demandeur.accompagne", _("Demandeur accompagné (condition)"), _applicant("accompanied"), False),
    MergeField("document.date_delivrance", _("Date de délivrance"), _document("issue_date"), datetime.date(2026, 3, 12)),
    MergeField("document.date_expiration", _("Date d'expiration (dépôt + N mois − 1 jour)"), _document("expires_on"),
               datetime.date(2026, 3, 11)),
    MergeField("document.validite", _("Durée de validité"), _document("validity"), "1 an"),
    MergeField("document.lien_verification", _("Lien de vérification"), _document("verification_url"),
               "https://exemple.invalid/verifier/…/"),
]
