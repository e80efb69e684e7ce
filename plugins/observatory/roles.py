"""The four roles of the observatory, after the confidentiality rules of USH circular 2006-09 (annex 1, §3).

An organisation's referent fills its own sheets; a federation reviews and
validates its members' sheets wherever they lie; a regional association reads
the sheets lodged in its region's departments; the national body (Union) reads
and validates all and runs the campaigns. Consolidated figures follow the same
reach, with small counts suppressed (see ``secrecy.py``).
"""

from django.utils.translation import gettext_lazy as _

from logis.accounts.roles import Reach, Role

VIEW, FILL, VALIDATE, CONSOLIDATED, EXPORT, MANAGE = (
    "observatory.view", "observatory.fill", "observatory.validate", "observatory.consolidated",
    "observatory.export", "observatory.manage",
)

ROLES = [
    Role("observatory.organisation", _("Référent de l'observatoire pour un organisme"),
         {VIEW, FILL, CONSOLIDATED, EXPORT}, Reach.OWN_ORGANISATION,
         description=_("Renseigne et transmet les fiches de son organisme, consulte ses propres chiffres.")),
    Role("observatory.federation", _("Fédération (observatoire)"),
         {VIEW, VALIDATE, CONSOLIDATED, EXPORT}, Reach.FEDERATION,
         description=_("Valide ou renvoie les fiches de ses organismes membres ; consulte leurs chiffres consolidés.")),
    Role("observatory.regional_association", _("Association régionale (observatoire)"),
         {VIEW, CONSOLIDATED, EXPORT}, Reach.TERRITORY,
         description=_("Consulte les fiches déposées dans les départements de sa région et leurs chiffres consolidés.")),
    Role("observatory.national", _("Union nationale (observatoire)"),
         {VIEW, VALIDATE, CONSOLIDATED, EXPORT, MANAGE}, Reach.NATIONAL,
         description=_("Ouvre les campagnes, valide toutes les fiches, consulte les chiffres nationaux.")),
]
