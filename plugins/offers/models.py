"""Crisis-housing offers, their allocations, daily statistics and the plugin's settings.

The personal data of a host (name, email, phone, street, free remarks) lives only on
:class:`Offer` and is left out of the audit history (``audit = False`` on the
fields) so that erasing it after the retention period really erases it; the
history still records every other change.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from logis.accounts.scoping import ScopedBy


class ProviderKind(models.TextChoices):
    CITIZEN = "citizen", _("Particulier")
    COMMUNE = "commune", _("Commune")
    SHELTER = "shelter", _("Structure d'hébergement (CHU…)")
    HOTEL = "hotel", _("Hôtel")
    HOLIDAY_CENTRE = "holiday_centre", _("Centre de vacances")
    COMPANY = "company", _("Locaux d'entreprise")
    ASSOCIATION = "association", _("Association")


class AccommodationKind(models.TextChoices):
    ROOM = "room", _("Chambre")
    FLAT = "flat", _("Appartement")
    HOUSE = "house", _("Maison")
    COLLECTIVE = "collective", _("Structure collective")
    HOTEL_ROOM = "hotel_room", _("Chambre d'hôtel")
    OTHER = "other", _("Autre")


class OfferQuerySet(models.QuerySet):
    def allocatable(self):
        """Vetted offers that still have places: the list of available places."""
        return self.filter(status=Offer.Status.AVAILABLE, places_available__gt=0)


class Offer(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Proposée")
        VETTING = "vetting", _("En cours de qualification")
        AVAILABLE = "available", _("Disponible")
        FULL = "full", _("Complète")
        WITHDRAWN = "withdrawn", _("Retirée")
        EXPIRED = "expired", _("Expirée")

    organisation = models.ForeignKey(
        "logis_accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="offers",
    )
    reference = models.CharField(
        _("référence"), max_length=64, help_text=_("Unique dans l'organisation : un nouvel envoi du même fichier met l'offre à jour."),
    )
    provider_kind = models.CharField(_("type d'hébergeur"), max_length=20, choices=ProviderKind.choices)
    accommodation_kind = models.CharField(_("type de logement"), max_length=20, choices=AccommodationKind.choices)
    street = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    commune = models.ForeignKey(
        "logis_accounts.Territory", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="offers",
        limit_choices_to={"kind": "commune"},
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)])
    places_max = models.PositiveIntegerField(_("places au maximum"), validators=[MinValueValidator(1)])
    places_available = models.PositiveIntegerField(_("places disponibles"))
    available_from = models.DateField(_("disponible du"))
    available_until = models.DateField(_("disponible jusqu'au"), null=True, blank=True)
    step_free = models.BooleanField(_("accessible PMR"), default=False)
    pets_allowed = models.BooleanField(_("animaux acceptés"), default=False)
    children_welcome = models.BooleanField(_("enfants bienvenus"), default=False)
    bedrooms = models.PositiveSmallIntegerField(_("chambres"), null=True, blank=True)
    private_kitchen = models.BooleanField(_("cuisine privative"), default=False)
    private_bathroom = models.BooleanField(_("salle de bain privative"), default=False)
    near_transport = models.BooleanField(_("proche des transports en commun"), default=False)
    host_name = models.CharField(_("nom de l'hébergeur"), max_length=150, blank=True)
    host_email = models.EmailField(_("courriel de l'hébergeur"), blank=True)
    host_phone = models.CharField(_("téléphone de l'hébergeur"), max_length=20, blank=True, help_text=_("Format international E.164."))
    coordinator_email = models.EmailField(_("courriel du coordinateur"), help_text=_("De préférence une boîte partagée."))
    coordinator_phone = models.CharField(_("téléphone du coordinateur"), max_length=20, help_text=_("Professionnel, joignable 24 h/24 et 7 j/7."))
    remarks = models.TextField(_("remarques"), blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    visit_done = models.BooleanField(_("visite effectuée"), default=False)
    sanitation_checked = models.BooleanField(_("salubrité vérifiée"), default=False)
    features_checked = models.BooleanField(_("caractéristiques vérifiées"), default=False)
    host_checked = models.BooleanField(_("hébergeur vérifié"), default=False)
    vetted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("qualifiée par"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    vetted_at = models.DateTimeField(_("qualifiée le"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("données personnelles effacées le"), null=True, blank=True)
    availability_asked_at = models.DateTimeField(_("disponibilité demandée à l'hébergeur le"), null=True, blank=True)
    availability_confirmed_at = models.DateTimeField(_("disponibilité confirmée par l'hébergeur le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    scoping = ScopedBy(territory="commune", organisation="organisation")
    history_permission = "offers.view"
    # Erased after the retention period and kept out of the history; free-text remarks may name people.
    PERSONAL_FIELDS = ("host_name", "host_email", "host_phone", "street", "remarks")
    CHECKLIST_FIELDS = ("visit_done", "sanitation_checked", "features_checked", "host_checked")

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre d'hébergement")
        verbose_name_plural = _("offres d'hébergement")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="offers_reference_unique_per_organisation",
                violation_error_message=_("Cette référence est déjà utilisée par une autre offre de l'organisation."),
            ),
            models.CheckConstraint(
                condition=Q(places_available__lte=F("places_max")), name="offers_available_within_max",
                violation_error_message=_("Il ne peut pas y avoir plus de places disponibles que de places au maximum."),
            ),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True) | Q(available_until__gte=F("available_from")), name="offers_period_in_order",
                violation_error_message=_("La fin de disponibilité précède son début."),
            ),
        ]
        indexes = [models.Index(fields=["status", "available_until"])]

    def __str__(self):
        return f"{self.reference} — {self.commune.name if self.commune_id else ''}"

    @property
    def vetted(self):
        return self.vetted_at is not None and all(getattr(self, f) for f in self.CHECKLIST_FIELDS)


# Statuses of an offer that is over: no allocation, no figure, retention applies.
CLOSED = (Offer.Status.WITHDRAWN, Offer.Status.EXPIRED)

for _name in Offer.PERSONAL_FIELDS:
    Offer._meta.get_field(_name).audit = False


class AllocationQuerySet(models.QuerySet):
    def current(self):
        """Allocations still holding their places (not ended, not cancelled)."""
        return self.filter(ended_at__isnull=True)


class Allocation(models.Model):
    """Which household went where: only what the match needed, no name or contact.

    An allocation ends (the household left or moved on) or is cancelled (it
    never came); either way its places come back to the offer and the row
    stays, with who ended it and why, for the history and the figures.
    """

    class End(models.TextChoices):
        ENDED = "ended", _("Terminée (le ménage est parti)")
        CANCELLED = "cancelled", _("Annulée (le ménage n'est pas venu)")

    offer = models.ForeignKey(Offer, verbose_name=_("offre"), on_delete=models.PROTECT, related_name="allocations")
    household_reference = models.CharField(
        _("référence du ménage"), max_length=64, blank=True, help_text=_("Numéro de dossier de l'association, sans donnée nominative."),
    )
    adults = models.PositiveSmallIntegerField(_("adultes"), validators=[MinValueValidator(1)])
    children = models.PositiveSmallIntegerField(_("enfants"), default=0)
    pets = models.BooleanField(_("animaux"), default=False)
    reduced_mobility = models.BooleanField(_("mobilité réduite"), default=False)
    date_from = models.DateField(_("du"))
    date_until = models.DateField(_("au"), null=True, blank=True)
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    allocated_at = models.DateTimeField(_("attribuée le"), auto_now_add=True)
    override_reason = models.TextField(
        _("motif de la dérogation"), blank=True,
        help_text=_("Renseigné quand l'offre ne correspond pas au ménage et que l'attribution est faite quand même."),
    )
    ended_at = models.DateTimeField(_("fin le"), null=True, blank=True, db_index=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    end_kind = models.CharField(_("fin"), max_length=10, choices=End.choices, blank=True)
    end_reason = models.TextField(_("motif de la fin"), blank=True)

    scoping = ScopedBy(territory="offer__commune", organisation="offer__organisation")
    history_permission = "offers.view"

    objects = AllocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("attribution")
        verbose_name_plural = _("attributions")
        ordering = ["-allocated_at", "-pk"]

    def __str__(self):
        return f"{self.places} place(s) — {self.offer.reference}"

    @property
    def places(self):
        return self.adults + self.children


class UsedAvailabilityLink(models.Model):
    """A "still available?" link already answered: the record that makes each signed link single-use."""

    nonce = models.CharField(_("jeton"), max_length=32, unique=True)
    offer = models.ForeignKey(Offer, verbose_name=_("offre"), on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("réponse"), max_length=12)
    used_at = models.DateTimeField(_("utilisé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("lien de disponibilité utilisé")
        verbose_name_plural = _("liens de disponibilité utilisés")


class ImportMapping(models.Model):
    """An organisation's own column headers → the import's columns, remembered from one file to the next."""

    organisation = models.OneToOneField(
        "logis_accounts.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="offers_import_mapping",
    )
    columns = models.JSONField(_("correspondance des colonnes"), default=dict)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("correspondance des colonnes d'import")
        verbose_name_plural = _("correspondances des colonnes d'import")

    def __str__(self):
        return str(self.organisation)


class CommuneCentre(models.Model):
    """Where a commune lies, for the radius of a household's wished territory (no network geocoding)."""

    commune = models.OneToOneField(
        "logis_accounts.Territory", verbose_name=_("commune"), on_delete=models.CASCADE, related_name="offers_centre",
        limit_choices_to={"kind": "commune"},
    )
    latitude = models.FloatField(_("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)])

    class Meta:
        verbose_name = _("centre de commune")
        verbose_name_plural = _("centres des communes")

    def __str__(self):
        return str(self.commune)


class DailySnapshot(models.Model):
    """Places per commune on one day, written by the daily job, for the charts over time."""

    date = models.DateField(_("date"))
    commune = models.ForeignKey("logis_accounts.Territory", on_delete=models.PROTECT, related_name="+")
    offers = models.PositiveIntegerField(_("offres"), default=0)
    places_offered = models.PositiveIntegerField(_("places offertes"), default=0)
    places_available = models.PositiveIntegerField(_("places disponibles"), default=0)
    places_allocated = models.PositiveIntegerField(_("places attribuées"), default=0)

    scoping = ScopedBy(territory="commune")

    class Meta:
        verbose_name = _("relevé quotidien")
        verbose_name_plural = _("relevés quotidiens")
        ordering = ["date", "commune__path"]
        constraints = [models.UniqueConstraint(fields=["date", "commune"], name="offers_one_snapshot_per_commune_and_day")]


@register_setting(icon="time")
class OffersSettings(BaseGenericSetting):
    retention_days = models.PositiveIntegerField(
        _("conservation des données personnelles (jours)"), default=90, validators=[MinValueValidator(1)],
        help_text=_("Après ce délai, le nom, le courriel, le téléphone et l'adresse de l'hébergeur d'une offre retirée ou expirée sont effacés."),
    )
    max_upload_mb = models.PositiveIntegerField(
        _("taille maximale d'un fichier d'import (Mo)"), default=20, validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    ask_after_days = models.PositiveIntegerField(
        _("demander à l'hébergeur après (jours sans mise à jour)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("L'hébergeur reçoit un courriel « toujours disponible ? » quand son offre n'a pas changé depuis ce délai."),
    )
    remind_before_end_days = models.PositiveIntegerField(
        _("prévenir avant la fin de disponibilité (jours)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    link_valid_days = models.PositiveIntegerField(
        _("validité des liens envoyés aux hébergeurs (jours)"), default=7, validators=[MinValueValidator(1), MaxValueValidator(30)],
    )

    saved_message = _("Réglages des offres d'hébergement mis à jour.")  # the settings screen's message, agreed in gender and number

    class Meta:
        verbose_name = _("réglages des offres d'hébergement")
