"""An applicant's personal data (a person without an account): export and erasure on request.

The export gathers the file, the documents issued (with the values they
printed), the sends and the identity changes. The erasure clears the personal
fields everywhere they were copied, revokes the documents and takes the
letters out of the print batch PDFs, in one transaction; the unique number and
the dates stay, as figures.
"""

from django.db import transaction
from django.utils import timezone

from logis.audit.bulk import bulk_update

from plugins.attestations.letters import withdraw_letters
from plugins.attestations.models import Applicant, Delivery, IdentityChange, IssuedDocument


def export(applicant):
    return {
        "demandeur": {"numero_unique": applicant.number, **{name: str(getattr(applicant, name) or "") for name in Applicant.PERSONAL_FIELDS},
                      "date_depot": applicant.filing_date.isoformat(), "guichet": applicant.organisation.name},
        "documents": [{"modele": d.version.template.slug, "version": d.version.number, "emis_le": d.issued_at.isoformat(),
                       "valeurs": d.values} for d in applicant.documents.select_related("version__template")],
        "envois": [{"canal": d.channel, "statut": d.status, "le": d.created_at.isoformat(), "texte": d.text}
                   for d in applicant.deliveries.all()],
        "modifications_identite": [{"champ": c.field, "avant": c.old_value, "apres": c.new_value, "etat": c.state}
                                   for c in applicant.identity_changes.all()],
    }


@transaction.atomic
def erase(applicant):
    """Clear ``applicant``'s personal data wherever it was copied; counts of what was cleared."""
    for name in Applicant.PERSONAL_FIELDS:
        setattr(applicant, name, None if name == "birth_date" else "")
    applicant.birth_name, applicant.first_names = "EFFACÉ", "EFFACÉ"
    applicant.email_bounced_at = None
    applicant.save()
    return {
        "print_batches": withdraw_letters(applicant),
        "documents": bulk_update(IssuedDocument.objects.filter(applicant=applicant), {"values": {}, "revoked_at": timezone.now()}),
        "deliveries": Delivery.objects.filter(applicant=applicant).update(text=""),  # the history of sends is not audited
        "identity_changes": bulk_update(IdentityChange.objects.filter(applicant=applicant), {"old_value": "", "new_value": ""}),
    }
