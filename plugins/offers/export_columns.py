"""The columns of each offers export, written once as ``(label, accessor)`` for :func:`logis.exports.download_table`.

Labels are French and lazy (translated when the file is written); codes are
exported as their labels, phones as people read them.
"""

from django.utils.translation import gettext_lazy as _

from plugins.offers.phones import display_phone

#: The offers list, as the admin list shows it (same filters, same scope).
OFFER_COLUMNS = (
    (_("Référence"), "reference"),
    (_("Organisation"), "organisation.name"),
    (_("Statut"), lambda o: o.get_status_display()),
    (_("Type d'hébergeur"), lambda o: o.get_provider_kind_display()),
    (_("Type de logement"), lambda o: o.get_accommodation_kind_display()),
    (_("Adresse"), "street"),
    (_("Code postal"), "postcode"),
    (_("Commune"), "commune.name"),
    (_("Places au maximum"), "places_max"),
    (_("Places disponibles"), "places_available"),
    (_("Disponible du"), "available_from"),
    (_("Disponible au"), "available_until"),
    (_("Accessible PMR"), "step_free"),
    (_("Animaux acceptés"), "pets_allowed"),
    (_("Enfants bienvenus"), "children_welcome"),
    (_("Chambres"), "bedrooms"),
    (_("Nom de l'hébergeur"), "host_name"),
    (_("Courriel de l'hébergeur"), "host_email"),
    (_("Téléphone de l'hébergeur"), lambda o: display_phone(o.host_phone)),
    (_("Courriel du coordinateur"), "coordinator_email"),
    (_("Téléphone du coordinateur"), lambda o: display_phone(o.coordinator_phone)),
    (_("Remarques"), "remarks"),
    (_("Modifiée le"), "updated_at"),
)

#: The dashboard's figures by commune (rows of :func:`plugins.offers.stats.by_commune`).
COMMUNE_FIGURES_COLUMNS = (
    (_("Département"), "department"),
    (_("Commune"), "commune"),
    (_("Code"), "code"),
    (_("Offres"), "offers"),
    (_("Places offertes"), "places_offered"),
    (_("Places disponibles"), "places_available"),
    (_("Places attribuées"), "places_allocated"),
)

#: Everything held about one host, for the host's own request.
HOST_DATA_COLUMNS = (
    (_("Référence"), "reference"),
    (_("Commune"), "commune.name"),
    (_("Adresse"), "street"),
    (_("Nom"), "host_name"),
    (_("Courriel"), "host_email"),
    (_("Téléphone"), lambda o: display_phone(o.host_phone)),
    (_("Statut"), lambda o: o.get_status_display()),
    (_("Disponible du"), "available_from"),
    (_("Disponible au"), "available_until"),
    (_("Remarques"), "remarks"),
)

#: Capacity over time, per territory and day (rows of :func:`plugins.offers.capacity.history`).
CAPACITY_COLUMNS = (
    (_("Date du relevé"), "date"),
    (_("Code"), "code"),
    (_("Territoire"), "territory"),
    (_("Places offertes"), "places_offered"),
    (_("Places disponibles (qualifiées)"), "places_available"),
    (_("Places attribuées"), "places_allocated"),
)
