"""The four roles of the offers plugin and what each may do.

Commune coordinators and department services reach their territory; the
mandated association reaches the territories it is mandated for (it updates
offers directly, the main lesson of the "logement de crise" investigation);
national piloting sees aggregates only.
"""

from django.utils.translation import gettext_lazy as _

from logis.accounts.roles import Reach, Role

ALL = {"offers.view", "offers.change", "offers.vet", "offers.allocate", "offers.import", "offers.export", "offers.host_data"}

ROLES = [
    Role("offers.coordinator", _("Coordinateur communal de l'hébergement de crise"), ALL, Reach.TERRITORY,
         description=_("Tient à jour les offres de sa commune, les qualifie, les importe et répond aux demandes RGPD.")),
    Role("offers.department_service", _("Service départemental (DDETS)"), ALL, Reach.TERRITORY,
         description=_("Pilote les offres de toutes les communes du département.")),
    Role("offers.mandated_association", _("Association mandatée (accueil et appariement)"),
         {"offers.view", "offers.change", "offers.vet", "offers.allocate", "offers.import", "offers.export"}, Reach.MANDATE,
         description=_("Qualifie et attribue les offres des territoires de son mandat, et les met à jour directement.")),
    Role("offers.national", _("Pilotage national de l'hébergement de crise"), {"offers.view", "offers.export"}, Reach.NATIONAL,
         aggregates_only=True, description=_("Consulte les chiffres agrégés par territoire, jamais les offres elles-mêmes.")),
]
