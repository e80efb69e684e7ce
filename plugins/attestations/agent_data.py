"""What the attestations plugin holds about an agent (a user account), for the core's GDPR rights.

Documents issued, messages sent, identity changes requested or decided, template
versions written. The export lists them (limited to what the given
organisations hold); the erasure unlinks the account — the records stay, the
audit history keeps who did what.
"""

from django.utils.translation import gettext as _

from logis.audit.bulk import bulk_update

from plugins.attestations.models import Delivery, IdentityChange, IssuedDocument, TemplateVersion


def _held(queryset, path, organisations):
    return queryset if organisations is None else queryset.filter(**{f"{path}__in": organisations})


def personal_data(user, erase, organisations=None):
    issued = _held(IssuedDocument.objects.filter(issued_by=user), "applicant__organisation", organisations)
    sent = _held(Delivery.objects.filter(sent_by=user), "applicant__organisation", organisations)
    requested = _held(IdentityChange.objects.filter(requested_by=user), "organisation", organisations)
    decided = _held(IdentityChange.objects.filter(decided_by=user), "applicant__organisation", organisations)
    written = _held(TemplateVersion.objects.filter(created_by=user), "template__organisation", organisations)
    if not any(q.exists() for q in (issued, sent, requested, decided, written)):
        return None
    if erase:
        # Audited rows change through the audit service; sends and versions are histories themselves.
        return {"documents_issued": bulk_update(issued, {"issued_by": None}), "messages_sent": sent.update(sent_by=None),
                "identity_changes_requested": bulk_update(requested, {"requested_by": None}),
                "identity_changes_decided": bulk_update(decided, {"decided_by": None}),
                "template_versions": written.update(created_by=None)}
    return {
        _("Documents émis"): [{"applicant": d.applicant.number, "issued_at": d.issued_at.isoformat()}
                              for d in issued.select_related("applicant")],
        _("Envois"): [{"applicant": d.applicant.number, "channel": d.channel, "at": d.created_at.isoformat()}
                      for d in sent.select_related("applicant")],
        _("Modifications d'identité saisies"): [{"applicant": c.applicant.number, "field": c.field, "at": c.requested_at.isoformat()}
                                                for c in requested.select_related("applicant")],
        _("Modifications d'identité décidées"): [{"applicant": c.applicant.number, "field": c.field, "state": c.state}
                                                 for c in decided.select_related("applicant")],
        _("Versions de modèles écrites"): [{"template": v.template.slug, "version": v.number} for v in written.select_related("template")],
    }
