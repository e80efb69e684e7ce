"""Public page of the attestations plugin: checking a document from the code its QR carries.

No account: anyone holding the document may check it. The page shows the
issuing body, the issue date, the template version, whether the document is
still valid and the holder's initials — nothing else of the person. A forged
or unknown code answers so; attempts are counted per address to slow guessing.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from logis.security.throttling import over_limit

from plugins.attestations.issuing import key_of, state_of
from plugins.attestations.models import IssuedDocument

MAX_CHECKS_PER_HOUR = 120
STATES = {"valid": gettext_lazy("Document valide"), "expired": gettext_lazy("Document expiré"),
          "revoked": gettext_lazy("Document révoqué")}


@never_cache
@require_GET
def verify(request, code):
    if over_limit(request, "attestations-verify", MAX_CHECKS_PER_HOUR):
        return render(request, "attestations/verify.html", {"error": _("Trop de vérifications : réessayez dans une heure.")}, status=429)
    key = key_of(code)
    document = (IssuedDocument.objects.select_related("applicant", "version__template__organisation")
                .filter(key=key).first() if key else None)
    if document is None:
        return render(request, "attestations/verify.html", {"error": _(
            "Ce code de vérification ne correspond à aucun document émis : le document n'est pas authentique ou le code est mal recopié.")},
            status=404)
    state = state_of(document, timezone.localdate())
    return render(request, "attestations/verify.html", {
        "document": document, "state": state, "state_label": STATES[state], "initials": document.applicant.initials,
        "template": document.version.template, "publisher": document.version.template.organisation.name})
