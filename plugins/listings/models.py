"""Listings of vacant social homes, their photos and the contacts applicants send through the public page.

A listing belongs to the publishing organisation (landlord or reservation holder) and sits in
a commune; it is public only while published *and* inside its diffusion window
(:meth:`ListingQuerySet.public`). A contact holds an applicant's personal data (no account):
those fields are kept out of the history and erased after the retention period.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from logis.accounts.scoping import ScopedBy
from plugins.listings import energy

#: the rich-text features of a description: Wagtail's editor whitelist keeps nothing else.
DESCRIPTION_FEATURES = ["bold", "italic", "ol", "ul", "link"]
MAX_RENT = 100_000
MAX_SURFACE = 10_000
MAX_KWH = 2_000
MAX_KG = 500


class DwellingType(models.TextChoices):
    T1 = "T1", _("T1")
    T2 = "T2", _("T2")
    T3 = "T3", _("T3")
    T4 = "T4", _("T4")
    T5 = "T5", _("T5")
    T6 = "T6", _("T6 et plus")


class BuildingKind(models.TextChoices):
    FLAT = "flat", _("Appartement")
    HOUSE = "house", _("Maison")


class EnergyClass(models.TextChoices):
    A, B, C, D, E, F, G = ((c, c) for c in energy.CLASSES)


class ListingQuerySet(models.QuerySet):
    def public(self, today=None):
        """What anyone may see: published, and today inside the diffusion window (a draft or an expired one never)."""
        today = today or timezone.localdate()
        return self.filter(status=Listing.Status.PUBLISHED, visible_from__lte=today, visible_until__gte=today)


class Listing(ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PUBLISHED = "published", _("Publiée")
        EXPIRED = "expired", _("Expirée")
        LET = "let", _("Louée")

    organisation = models.ForeignKey(
        "logis_accounts.Organisation", verbose_name=_("organisation qui publie"), on_delete=models.PROTECT, related_name="listings",
    )
    reference = models.CharField(_("référence"), max_length=64, help_text=_("Unique dans l'organisation."))
    dwelling_reference = models.CharField(
        _("référence du logement"), max_length=64, blank=True, help_text=_("Identifiant du logement dans le patrimoine du bailleur."),
    )
    title = models.CharField(_("titre"), max_length=160)
    description = RichTextField(_("description"), features=DESCRIPTION_FEATURES, blank=True)
    dwelling_type = models.CharField(_("typologie"), max_length=2, choices=DwellingType.choices)
    building_kind = models.CharField(_("type de bien"), max_length=8, choices=BuildingKind.choices, default=BuildingKind.FLAT)
    shared_rooms = models.PositiveSmallIntegerField(
        _("chambres en colocation"), default=0, validators=[MaxValueValidator(20)], help_text=_("0 : location classique."),
    )
    neighbourhood = models.CharField(_("quartier"), max_length=120, blank=True)
    surface = models.DecimalField(
        _("surface habitable (m²)"), max_digits=7, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SURFACE)],
    )
    floor = models.SmallIntegerField(_("étage"), null=True, blank=True, validators=[MinValueValidator(-5), MaxValueValidator(100)])
    lift = models.BooleanField(_("ascenseur"), default=False)
    step_free = models.BooleanField(_("accessible aux personnes à mobilité réduite"), default=False)
    accessibility = models.CharField(_("précisions sur l'accessibilité"), max_length=255, blank=True)
    rent = models.DecimalField(
        _("loyer hors charges (€/mois)"), max_digits=8, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RENT)],
    )
    charges = models.DecimalField(
        _("charges (€/mois)"), max_digits=8, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RENT)],
    )
    deposit = models.DecimalField(
        _("dépôt de garantie (€)"), max_digits=8, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RENT)],
    )
    street = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    commune = models.ForeignKey(
        "logis_accounts.Territory", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="listings",
        limit_choices_to={"kind": "commune"},
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)])
    energy_kwh = models.PositiveIntegerField(
        _("consommation d'énergie primaire (kWh/m²/an)"), null=True, blank=True, validators=[MaxValueValidator(MAX_KWH)],
    )
    ghg_kg = models.PositiveIntegerField(
        _("émissions de gaz à effet de serre (kg éq. CO₂/m²/an)"), null=True, blank=True, validators=[MaxValueValidator(MAX_KG)],
    )
    energy_class = models.CharField(_("classe énergie (DPE)"), max_length=1, choices=EnergyClass.choices, blank=True)
    ghg_class = models.CharField(_("classe climat (GES)"), max_length=1, choices=EnergyClass.choices, blank=True)
    energy_cost_min = models.PositiveIntegerField(_("dépenses annuelles d'énergie estimées, de (€)"), null=True, blank=True,
                                                  validators=[MaxValueValidator(MAX_RENT)])
    energy_cost_max = models.PositiveIntegerField(_("à (€)"), null=True, blank=True, validators=[MaxValueValidator(MAX_RENT)])
    contact_name = models.CharField(_("nom du contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("courriel du contact"), help_text=_("Reçoit les messages des candidats ; de préférence une boîte partagée."))
    contact_phone = models.CharField(_("téléphone du contact"), max_length=20, blank=True)
    visible_from = models.DateField(_("diffusion du"), null=True, blank=True)
    visible_until = models.DateField(_("diffusion jusqu'au"), null=True, blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("publiée par"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    view_count = models.PositiveIntegerField(_("consultations"), default=0, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    scoping = ScopedBy(territory="commune", organisation="organisation")
    history_permission = "listings.view"

    objects = ListingQuerySet.as_manager()

    class Meta:
        verbose_name = _("annonce")
        verbose_name_plural = _("annonces")
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="listings_reference_unique_per_organisation",
                violation_error_message=_("Cette référence est déjà utilisée par une autre annonce de l'organisation."),
            ),
            models.CheckConstraint(
                condition=Q(visible_until__isnull=True) | Q(visible_from__isnull=True) | Q(visible_until__gte=F("visible_from")),
                name="listings_window_in_order", violation_error_message=_("La fin de diffusion précède son début."),
            ),
        ]
        indexes = [models.Index(fields=["status", "visible_from", "visible_until"])]

    def __str__(self):
        return f"{self.reference} — {self.title}"

    @property
    def total_rent(self):
        if self.rent is None:
            return None
        return self.rent + (self.charges or 0)

    @property
    def excessive(self):
        return energy.is_excessive(self.energy_class)


class ListingPhoto(Orderable):
    listing = ParentalKey(Listing, related_name="photos", on_delete=models.CASCADE)
    image = models.ForeignKey("wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(
        _("texte alternatif"), max_length=250, help_text=_("Ce que montre la photo, pour qui ne la voit pas (obligatoire)."),
    )

    scoping = ScopedBy(territory="listing__commune", organisation="listing__organisation")
    history_permission = "listings.view"

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["sort_order", "pk"]
        constraints = [models.CheckConstraint(
            condition=~Q(alt_text=""), name="listings_photo_alt_required",
            violation_error_message=_("Chaque photo a besoin d'un texte alternatif."),
        )]

    def __str__(self):
        return self.alt_text


class ContactQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status=Contact.Status.CLOSED)


class Contact(models.Model):
    """A message an applicant sent from the public page: traced, seen by the publishing organisation only."""

    class Status(models.TextChoices):
        NEW = "new", _("Nouveau")
        ANSWERED = "answered", _("Répondu")
        CLOSED = "closed", _("Clos")

    listing = models.ForeignKey(Listing, verbose_name=_("annonce"), on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("courriel"), max_length=254)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    message = models.TextField(_("message"), max_length=3000)
    consent_at = models.DateTimeField(_("consentement donné le"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("traité par"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(_("données personnelles effacées le"), null=True, blank=True)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)

    scoping = ScopedBy(territory="listing__commune", organisation="listing__organisation")
    history_permission = "listings.contacts"
    #: the applicant's data: out of the history, erased after the retention period or on request.
    PERSONAL_FIELDS = ("name", "email", "phone", "message")

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.listing.reference} — {self.created_at:%d/%m/%Y}"


for _name in Contact.PERSONAL_FIELDS:
    Contact._meta.get_field(_name).audit = False
