"""The roles of the attestations plugin and what each may do.

Counter agents issue documents and message the applicants of their counter's
territory and record identity changes; only a counter manager or the
territorial manager (GT) validates a change that is not minor (the SNE fraud
plan). Counters print and post the day's letters of their territory; the
territorial manager sets the département's validity (the SNE's « X mois »).
Template editors write the templates of their organisation; national
piloting counts, never reads a file.
"""

from django.utils.translation import gettext_lazy as _

from logis.accounts.roles import Reach, Role

AGENT = {"attestations.view", "attestations.issue", "attestations.send", "attestations.change_identity", "attestations.print"}
MANAGER = AGENT | {"attestations.validate_identity", "attestations.monitor", "attestations.export", "attestations.applicant_data"}
TERRITORIAL_MANAGER = MANAGER | {"attestations.validity"}

ROLES = [
    Role("attestations.counter_agent", _("Agent de guichet enregistreur"), AGENT, Reach.TERRITORY,
         description=_("Délivre les attestations, écrit aux demandeurs, saisit les modifications d'identité, "
                       "imprime et poste les lots de courriers.")),
    Role("attestations.counter_manager", _("Guichet manager"), MANAGER, Reach.TERRITORY,
         description=_("Valide les modifications d'identité non mineures de son territoire et suit les anomalies.")),
    Role("attestations.territorial_manager", _("Gestionnaire territorial"), TERRITORIAL_MANAGER, Reach.TERRITORY,
         description=_("Contrôle les modifications d'identité de son département, reçoit le récapitulatif, "
                       "fixe la durée de validité des attestations de son département.")),
    Role("attestations.editor", _("Rédacteur de modèles de documents"), {"attestations.templates"}, Reach.OWN_ORGANISATION,
         description=_("Écrit et versionne les modèles d'attestation, de courrier, de courriel et de SMS de son organisme.")),
    Role("attestations.national", _("Pilotage national des attestations"), {"attestations.view"}, Reach.NATIONAL,
         aggregates_only=True, description=_("Consulte les nombres de documents et d'envois, jamais les dossiers.")),
]
