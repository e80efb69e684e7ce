"""Collection campaigns of the observatory, each organisation's sheets and their operations, and the reminders sent.

A sheet belongs to one organisation for one "lieu de dépôt" (the department
where its financing files are lodged, USH circular 2006-09, annex 1): that
department is where a regional association's reach applies, the organisation
is where a federation's applies (its members, wherever they are).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from logis.accounts.scoping import ScopedBy

#: Bounds of every figure typed into a sheet: beyond them a figure is a typing error, never a programme.
MAX_UNITS = 10_000
MAX_EUROS = 2_000_000_000
MAX_COMMENT = 2_000
FIRST_YEAR, LAST_YEAR = 2000, 2100


class OperationKind(models.TextChoices):
    NEW_BUILD = "new_build", _("Construction neuve")
    ACQUISITION_IMPROVEMENT = "acquisition_improvement", _("Acquisition-amélioration")
    REHABILITATION = "rehabilitation", _("Réhabilitation")


class Stage(models.TextChoices):
    """Which date of an operation a consolidation counts: the start of works or the delivery."""

    STARTED = "started", _("Opérations lancées")
    FINISHED = "finished", _("Opérations livrées")


class Campaign(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("Par exemple OBS-2026."))
    title = models.CharField(_("intitulé"), max_length=200)
    year = models.PositiveSmallIntegerField(_("année"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    organisations = models.ManyToManyField(
        "logis_accounts.Organisation", verbose_name=_("organisations concernées"), related_name="observatory_campaigns", blank=True,
    )
    is_open = models.BooleanField(_("collecte ouverte"), default=True)

    # No ``scoping``: a campaign is the questionnaire every participant answers, nobody's data; its screens
    # are the national role's (``observatory.manage``, national reach).
    history_permission = "observatory.manage"

    class Meta:
        verbose_name = _("campagne de l'observatoire")
        verbose_name_plural = _("campagnes de l'observatoire")
        ordering = ["-year", "code"]

    def __str__(self):
        return f"{self.code} — {self.title}"


class Checkpoint(models.Model):
    campaign = models.ForeignKey(Campaign, verbose_name=_("campagne"), on_delete=models.CASCADE, related_name="checkpoints")
    due_on = models.DateField(_("point d'étape du"))

    history_permission = "observatory.manage"

    class Meta:
        verbose_name = _("point d'étape")
        verbose_name_plural = _("points d'étape")
        ordering = ["campaign", "due_on"]
        constraints = [models.UniqueConstraint(
            fields=["campaign", "due_on"], name="observatory_checkpoint_unique",
            violation_error_message=_("Cette campagne a déjà un point d'étape à cette date."),
        )]

    def __str__(self):
        return f"{self.campaign.code} — {self.due_on:%d/%m/%Y}"


class Sheet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Transmise")
        VALIDATED = "validated", _("Validée")
        RETURNED = "returned", _("Renvoyée pour correction")

    campaign = models.ForeignKey(Campaign, verbose_name=_("campagne"), on_delete=models.PROTECT, related_name="sheets")
    organisation = models.ForeignKey(
        "logis_accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="observatory_sheets",
    )
    department = models.ForeignKey(
        "logis_accounts.Territory", verbose_name=_("lieu de dépôt (département)"), on_delete=models.PROTECT,
        related_name="observatory_sheets", limit_choices_to={"kind": "department"},
    )
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    review_comment = models.TextField(_("commentaire de la relecture"), max_length=MAX_COMMENT, blank=True)
    submitted_at = models.DateTimeField(_("transmise le"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("transmise par"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("relue le"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("relue par"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    scoping = ScopedBy(territory="department", organisation="organisation")
    history_permission = "observatory.view"
    EDITABLE = (Status.DRAFT, Status.RETURNED)

    class Meta:
        verbose_name = _("fiche de l'observatoire")
        verbose_name_plural = _("fiches de l'observatoire")
        ordering = ["campaign", "organisation__name", "department__code"]
        constraints = [models.UniqueConstraint(
            fields=["campaign", "organisation", "department"], name="observatory_sheet_unique",
            violation_error_message=_("Cette organisation a déjà une fiche pour ce lieu de dépôt dans cette campagne."),
        )]

    def __str__(self):
        return f"{self.campaign.code} — {self.organisation.name} ({self.department.code})"


class Operation(models.Model):
    sheet = models.ForeignKey(Sheet, verbose_name=_("fiche"), on_delete=models.CASCADE, related_name="operations")
    reference = models.CharField(_("référence"), max_length=40, help_text=_("Unique dans la fiche."))
    kind = models.CharField(_("nature"), max_length=24, choices=OperationKind.choices)
    units = models.PositiveIntegerField(_("logements"), validators=[MinValueValidator(1), MaxValueValidator(MAX_UNITS)])
    cost = models.PositiveBigIntegerField(_("coût total (€)"), validators=[MaxValueValidator(MAX_EUROS)])
    subsidies = models.PositiveBigIntegerField(_("subventions (€)"), default=0, validators=[MaxValueValidator(MAX_EUROS)])
    loans = models.PositiveBigIntegerField(_("prêts (€)"), default=0, validators=[MaxValueValidator(MAX_EUROS)])
    equity = models.PositiveBigIntegerField(_("fonds propres (€)"), default=0, validators=[MaxValueValidator(MAX_EUROS)])
    commune = models.ForeignKey(
        "logis_accounts.Territory", verbose_name=_("commune"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="observatory_operations", limit_choices_to={"kind": "commune"},
        help_text=_("Dans le département de la fiche ; situe l'opération dans son intercommunalité (EPCI)."),
    )
    started_on = models.DateField(_("mise en chantier le"), null=True, blank=True)
    finished_on = models.DateField(_("livraison le"), null=True, blank=True)

    scoping = ScopedBy(territory="sheet__department", organisation="sheet__organisation")
    history_permission = "observatory.view"
    FIGURES = ("units", "cost", "subsidies", "loans", "equity")

    class Meta:
        verbose_name = _("opération")
        verbose_name_plural = _("opérations")
        ordering = ["sheet", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "reference"], name="observatory_operation_unique",
                violation_error_message=_("Cette référence est déjà utilisée dans la fiche."),
            ),
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True) | Q(started_on__isnull=True) | Q(finished_on__gte=F("started_on")),
                name="observatory_operation_dates_in_order",
                violation_error_message=_("La livraison précède la mise en chantier."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} ({self.get_kind_display()}, {self.units} logements)"


class Reminder(models.Model):
    """One reminder sent about one sheet for one checkpoint: the log, and the cap (one of each kind)."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Avant le point d'étape")
        AFTER = "after", _("Après un point d'étape manqué")

    sheet = models.ForeignKey(Sheet, verbose_name=_("fiche"), on_delete=models.CASCADE, related_name="reminders")
    checkpoint = models.ForeignKey(Checkpoint, verbose_name=_("point d'étape"), on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("type"), max_length=8, choices=Kind.choices)
    channel = models.CharField(_("canal"), max_length=20)
    recipients = models.PositiveSmallIntegerField(_("destinataires"), default=0)
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    scoping = ScopedBy(territory="sheet__department", organisation="sheet__organisation")

    class Meta:
        verbose_name = _("relance")
        verbose_name_plural = _("relances")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(
            fields=["sheet", "checkpoint", "kind"], name="observatory_reminder_once",
            violation_error_message=_("Cette relance a déjà été envoyée."),
        )]

    def __str__(self):
        return f"{self.sheet} — {self.get_kind_display()} {self.checkpoint.due_on:%d/%m/%Y}"
