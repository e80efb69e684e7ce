"""Applicants, document templates and their versions, validity by territory, issued documents, sends, print batches
and identity changes.

An applicant's personal data (names, birth date, contact, address) is marked
``audit = False``: the append-only history never holds what a GDPR erasure
must remove. An issued document keeps the template version and the merge
values it used, so that it re-renders identically, and is verified in public
by its signed code.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from logis.accounts.scoping import ScopedBy
from logis.notifications import Status
from logis.private_files import private_storage

NUMBER_VALIDATOR = RegexValidator(r"^[A-Z0-9][A-Z0-9-]{3,31}$", _("Numéro unique : lettres capitales, chiffres et tirets (4 à 32)."))


class Applicant(models.Model):
    number = models.CharField(_("numéro unique"), max_length=32, validators=[NUMBER_VALIDATOR])
    birth_name = models.CharField(_("nom de naissance"), max_length=100)
    usage_name = models.CharField(_("nom d'usage"), max_length=100, blank=True)
    first_names = models.CharField(_("prénoms"), max_length=150)
    birth_date = models.DateField(_("date de naissance"), null=True, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    email_bounced_at = models.DateTimeField(_("courriel revenu en erreur le"), null=True, blank=True)
    mobile = models.CharField(_("téléphone mobile"), max_length=16, blank=True, help_text=_("Format international E.164."))
    street = models.CharField(_("adresse"), max_length=38, blank=True)
    street_extra = models.CharField(_("complément d'adresse"), max_length=38, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    town = models.CharField(_("commune (adresse)"), max_length=60, blank=True)
    filing_date = models.DateField(_("date de dépôt initial"))
    renewal_date = models.DateField(_("date de renouvellement"), null=True, blank=True)
    accompanied = models.BooleanField(_("accompagné dans ses démarches"), default=False)
    organisation = models.ForeignKey("logis_accounts.Organisation", verbose_name=_("guichet"), on_delete=models.PROTECT,
                                     related_name="applicants")
    territory = models.ForeignKey("logis_accounts.Territory", verbose_name=_("territoire"), on_delete=models.PROTECT,
                                  related_name="applicants")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    scoping = ScopedBy(territory="territory", organisation="organisation")
    history_permission = "attestations.view"
    PERSONAL_FIELDS = ("birth_name", "usage_name", "first_names", "birth_date", "email", "mobile", "street",
                       "street_extra", "postcode", "town")
    #: Fields whose change at a counter goes through the identity-change control (the SNE fraud plan).
    IDENTITY_FIELDS = ("birth_name", "usage_name", "first_names", "birth_date", "email", "mobile")

    class Meta:
        verbose_name = _("demandeur")
        verbose_name_plural = _("demandeurs")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["number"], name="attestations_applicant_number_unique",
                                               violation_error_message=_("Ce numéro unique est déjà attribué."))]

    def __str__(self):
        return self.number  # never a name: the history's object label must hold no personal data

    @property
    def initials(self):
        return "".join(f"{part[0]}." for part in (self.first_names.split()[:1] + self.birth_name.split()[:1]) if part).upper()


for _name in Applicant.PERSONAL_FIELDS:
    Applicant._meta.get_field(_name).audit = False


class DocumentTemplate(models.Model):
    class Kind(models.TextChoices):
        ATTESTATION = "attestation", _("Attestation (PDF)")
        LETTER = "letter", _("Courrier (PDF)")
        MAIL = "mail", _("Courriel")
        SMS = "sms", _("SMS")

    slug = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("nom"), max_length=150)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    organisation = models.ForeignKey("logis_accounts.Organisation", verbose_name=_("organisme émetteur"),
                                     on_delete=models.PROTECT, related_name="document_templates")
    validity_months = models.PositiveSmallIntegerField(
        _("durée de validité (mois)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Date d'expiration = date de dépôt (ou de renouvellement) + N mois − 1 jour. Durée par défaut : "
                    "un département peut fixer la sienne (durées de validité par territoire)."))
    active = models.BooleanField(_("en service"), default=True)

    scoping = ScopedBy(organisation="organisation")
    history_permission = "attestations.templates"
    PDF_KINDS = (Kind.ATTESTATION, Kind.LETTER)
    #: Publishers laid out with the State's identity (Marianne block); others get the neutral layout.
    STATE_KINDS = ("state_service", "national_body")

    class Meta:
        verbose_name = _("modèle de document")
        verbose_name_plural = _("modèles de documents")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="attestations_template_slug_unique",
                                               violation_error_message=_("Ce code de modèle est déjà utilisé."))]

    def __str__(self):
        return self.name


class TemplateVersion(models.Model):
    """One saved state of a template, never changed afterwards: documents point at the version they used."""

    template = models.ForeignKey(DocumentTemplate, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    subject = models.CharField(_("objet"), max_length=200, blank=True)
    body = models.TextField(_("texte"), max_length=50_000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("version de modèle")
        verbose_name_plural = _("versions de modèles")
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="attestations_version_unique",
                                               violation_error_message=_("Cette version existe déjà."))]

    def __str__(self):
        return f"{self.template.slug} v{self.number}"


class TerritoryValidity(models.Model):
    """A département's own N for a template (the SNE's « dépôt + X mois (DELAI) − 1 jour »): the template's N otherwise."""

    template = models.ForeignKey(DocumentTemplate, verbose_name=_("modèle"), on_delete=models.CASCADE,
                                 related_name="territory_validities")
    territory = models.ForeignKey("logis_accounts.Territory", verbose_name=_("territoire"), on_delete=models.PROTECT,
                                  related_name="+")
    months = models.PositiveSmallIntegerField(
        _("durée de validité (mois)"), validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Remplace, pour les demandeurs de ce territoire, la durée du modèle."))

    scoping = ScopedBy(territory="territory")
    history_permission = "attestations.validity"

    class Meta:
        verbose_name = _("durée de validité d'un territoire")
        verbose_name_plural = _("durées de validité par territoire")
        ordering = ["territory__path", "template__name"]
        constraints = [models.UniqueConstraint(fields=["template", "territory"], name="attestations_validity_unique",
                                               violation_error_message=_("Ce territoire a déjà sa durée pour ce modèle."))]

    def __str__(self):
        return f"{self.template.slug} — {self.territory.name} : {self.months}"


class IssuedDocument(models.Model):
    key = models.CharField(_("clé"), max_length=24, editable=False)
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="documents")
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="documents")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(_("émis le"), auto_now_add=True)
    issue_date = models.DateField(_("date de délivrance"))
    expires_on = models.DateField(_("date d'expiration"), null=True, blank=True)
    values = models.JSONField(_("valeurs fusionnées"), default=dict)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    scoping = ScopedBy(territory="applicant__territory", organisation="applicant__organisation")
    history_permission = "attestations.view"

    class Meta:
        verbose_name = _("document émis")
        verbose_name_plural = _("documents émis")
        ordering = ["-issued_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["key"], name="attestations_document_key_unique",
                                               violation_error_message=_("Clé de document déjà utilisée."))]

    def __str__(self):
        return f"{self.version} — {self.applicant.number}"


IssuedDocument._meta.get_field("values").audit = False


class PrintBatch(models.Model):
    """The letters of one territory printed together on one day: one PDF, posted by the counter, then marked so."""

    territory = models.ForeignKey("logis_accounts.Territory", verbose_name=_("territoire"), on_delete=models.PROTECT,
                                  related_name="+")
    day = models.DateField(_("jour"))
    number = models.PositiveSmallIntegerField(_("lot n°"), default=1)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to="attestations/courrier/", max_length=200)
    letters = models.PositiveIntegerField(_("lettres"))
    created_at = models.DateTimeField(_("imprimé le"), auto_now_add=True)
    posted_at = models.DateTimeField(_("posté le"), null=True, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("posté par"))

    scoping = ScopedBy(territory="territory")
    history_permission = "attestations.print"

    class Meta:
        verbose_name = _("lot de courriers")
        verbose_name_plural = _("lots de courriers")
        ordering = ["-day", "territory__path", "-number"]
        constraints = [models.UniqueConstraint(fields=["territory", "day", "number"], name="attestations_batch_unique",
                                               violation_error_message=_("Ce lot existe déjà."))]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} — {self.territory.name} — {self.number}"


class Delivery(models.Model):
    """One attempt to reach an applicant through one channel: the applicant's history of sends."""

    class Channel(models.TextChoices):
        DOWNLOAD = "download", _("Téléchargement au guichet")
        MAIL = "mail", _("Courriel")
        SMS = "sms", _("SMS")
        POST = "post", _("Courrier postal")

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="deliveries")
    document = models.ForeignKey(IssuedDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="deliveries")
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("statut"), max_length=10, choices=Status.CHOICES)
    fallback_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("repli après"))
    text = models.TextField(_("texte envoyé"), blank=True)
    error = models.CharField(_("erreur"), max_length=500, blank=True)
    segments = models.PositiveSmallIntegerField(_("segments SMS"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)
    batch = models.ForeignKey(PrintBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries",
                              verbose_name=_("lot de courriers"))

    scoping = ScopedBy(territory="applicant__territory", organisation="applicant__organisation")
    history_permission = "attestations.view"

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_channel_display()} — {self.get_status_display()}"


Delivery._meta.get_field("text").audit = False


class IdentityChange(models.Model):
    class State(models.TextChoices):
        VALIDATED = "validated", _("Validée")
        PENDING = "pending", _("En attente de validation")
        REJECTED = "rejected", _("Refusée")

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="identity_changes")
    field = models.CharField(_("champ"), max_length=20)
    old_value = models.CharField(_("ancienne valeur"), max_length=254, blank=True)
    new_value = models.CharField(_("nouvelle valeur"), max_length=254, blank=True)
    minor = models.BooleanField(_("modification mineure"), default=False)
    state = models.CharField(_("état"), max_length=10, choices=State.choices)
    organisation = models.ForeignKey("logis_accounts.Organisation", verbose_name=_("guichet"), on_delete=models.PROTECT,
                                     related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("agent"))
    requested_at = models.DateTimeField(_("demandée le"), auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("décidée par"))
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    scoping = ScopedBy(territory="applicant__territory", organisation="applicant__organisation")
    history_permission = "attestations.monitor"

    class Meta:
        verbose_name = _("modification d'identité")
        verbose_name_plural = _("modifications d'identité")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.applicant.number} — {self.field}"


for _name in ("old_value", "new_value"):
    IdentityChange._meta.get_field(_name).audit = False
