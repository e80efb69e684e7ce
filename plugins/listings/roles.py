"""The four roles of the listings plugin and what each may do.

Publishers (a landlord's staff, a reservation holder's) reach their own organisation: they alone
see its drafts and the contacts its listings receive. The territorial supervisor (the
métropole that co-finances the scheme) reads the listings of its territory, never the
applicants' messages; national piloting sees counts only.
"""

from django.utils.translation import gettext_lazy as _

from logis.accounts.roles import Reach, Role

PUBLISH = {"listings.view", "listings.change", "listings.publish", "listings.contacts", "listings.export", "listings.applicants"}

ROLES = [
    Role("listings.landlord_publisher", _("Bailleur : diffusion des annonces"), PUBLISH, Reach.OWN_ORGANISATION,
         description=_("Rédige et publie les annonces des logements vacants de son organisme, suit et traite les contacts.")),
    Role("listings.reservation_holder", _("Réservataire : diffusion des annonces"), PUBLISH - {"listings.applicants"},
         Reach.OWN_ORGANISATION,
         description=_("Publie les logements de son contingent et suit les contacts reçus par ses annonces.")),
    Role("listings.territory_supervisor", _("Collectivité : suivi des annonces du territoire"), {"listings.view", "listings.export"},
         Reach.TERRITORY,
         description=_("Consulte les annonces de son territoire et leurs chiffres, jamais les messages des candidats.")),
    Role("listings.national", _("Pilotage national des annonces"), {"listings.view"}, Reach.NATIONAL, aggregates_only=True,
         description=_("Consulte les chiffres agrégés (annonces publiées, consultations, contacts), jamais les annonces.")),
]
