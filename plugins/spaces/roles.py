"""The roles of the spaces plugin: who may take part in spaces, who creates and runs them.

Taking part (``spaces.view``) opens nothing by itself: a space is read by its
members only (:mod:`plugins.spaces.rules`). Running spaces (``spaces.manage``)
reaches the spaces of one's territory, or every space for the national team.
"""

from django.utils.translation import gettext_lazy as _

from logis.accounts.roles import Reach, Role

VIEW = "spaces.view"
MANAGE = "spaces.manage"

ROLES = [
    Role("spaces.participant", _("Participant aux espaces collaboratifs"), {VIEW}, Reach.OWN_ORGANISATION,
         description=_("Lit et alimente les espaces dont il ou elle est membre.")),
    Role("spaces.territorial_lead", _("Animateur ou animatrice territoriale des espaces"), {VIEW, MANAGE}, Reach.TERRITORY,
         description=_("Crée les espaces de son territoire, dont l'espace par défaut, et en gère les membres.")),
    Role("spaces.national_lead", _("Animation nationale des espaces (GT national)"), {VIEW, MANAGE}, Reach.NATIONAL,
         description=_("Crée et anime les espaces nationaux, gère les espaces de tous les territoires.")),
]
