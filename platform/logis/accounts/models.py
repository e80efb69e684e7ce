"""Territories, organisations and the roles people hold in them."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from logis.accounts.company_numbers import normalise_company_number
from logis.accounts.scoped_by import ScopedBy
from logis.accounts.territory_codes import code_error
from logis.territories.names import search_text
from logis.territories.queries import TerritoryQuerySet


class Territory(models.Model):
    """A node of the country → region → department → commune hierarchy, from the official codes.

    ``path`` holds the codes from the country down (``FR/84/69/69123``) so
    that "everything in this department" is one indexed prefix filter. Below a
    commune sit its arrondissements municipaux and its communes déléguées; an
    EPCI sits in the department holding most of its people, and each commune
    points at its EPCI (``epci``), which scoping follows for EPCI-wide roles.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Pays")
        REGION = "region", _("Région")
        DEPARTMENT = "department", _("Département / province")
        EPCI = "epci", _("Intercommunalité (EPCI)")
        COMMUNE = "commune", _("Commune")
        MUNICIPAL_DISTRICT = "municipal_district", _("Arrondissement municipal")
        DELEGATED_COMMUNE = "delegated_commune", _("Commune déléguée ou associée")

    # Which levels a territory of each kind may hang from (Brussels' communes have no province).
    PARENT_KINDS = {
        Kind.COUNTRY: (), Kind.REGION: (Kind.COUNTRY,), Kind.DEPARTMENT: (Kind.REGION,), Kind.EPCI: (Kind.DEPARTMENT,),
        Kind.COMMUNE: (Kind.DEPARTMENT, Kind.REGION), Kind.MUNICIPAL_DISTRICT: (Kind.COMMUNE,),
        Kind.DELEGATED_COMMUNE: (Kind.COMMUNE,),
    }

    kind = models.CharField(_("niveau"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code officiel"), max_length=12, help_text=_("INSEE (France), SIREN (EPCI) ou NIS (Belgique)."))
    name = models.CharField(_("nom"), max_length=150)
    parent = models.ForeignKey(
        "self", verbose_name=_("territoire parent"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(max_length=80, unique=True, editable=False, db_index=True)
    postcodes = models.CharField(_("codes postaux"), max_length=200, blank=True, help_text=_("Séparés par des espaces."))
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    epci = models.ForeignKey(
        "self", verbose_name=_("intercommunalité (EPCI)"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="members", limit_choices_to={"kind": "epci"},
    )
    # Name(s), code and postcodes without accents or hyphens, for the autocompletes.
    search_text = models.CharField(max_length=400, editable=False, default="")

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["kind", "code", "parent"], name="territory_unique_code")]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        if self.kind not in self.PARENT_KINDS:
            return  # an empty or unknown kind: the field's own check already says so, in French
        allowed = self.PARENT_KINDS[self.kind]
        if not allowed and self.parent_id:
            raise ValidationError({"parent": _("Un pays n'a pas de territoire parent.")})
        if self.kind == self.Kind.COMMUNE and self.parent and self.parent.country_code != "BE":
            allowed = (self.Kind.DEPARTMENT,)  # only Brussels' communes hang from a region
        if allowed and (self.parent is None or self.parent.kind not in allowed):
            raise ValidationError({"parent": _("Le parent d'un territoire doit être du niveau immédiatement supérieur.")})
        error = code_error(self.kind, self.code, self.parent)
        if error:
            raise ValidationError({"code": error})

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path}/{self.code}" if self.parent_id else self.code
        self.search_text = search_text([self.name], self.code, self.postcodes)
        super().save(*args, **kwargs)

    @property
    def country_code(self):
        return self.path.split("/", 1)[0]

    def ancestors_and_self(self):
        parts = self.path.split("/")
        paths = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return Territory.objects.filter(path__in=paths)

    def contains(self, other):
        if other is None:
            return False
        if self.kind == self.Kind.EPCI:
            return Territory.objects.filter(pk=other.pk).filter(Territory.objects.reach_q(self)).exists()
        return other.path == self.path or other.path.startswith(self.path + "/")


class FormerCode(models.Model):
    """An official code that no longer names a commune of its own (merged into a commune nouvelle).

    Kept so that a file written before the merger still resolves to the commune of today.
    """

    code = models.CharField(_("ancien code officiel"), max_length=12, db_index=True)
    territory = models.ForeignKey(Territory, verbose_name=_("commune actuelle"), on_delete=models.CASCADE, related_name="former_codes")

    class Meta:
        verbose_name = _("ancien code de commune")
        verbose_name_plural = _("anciens codes de communes")
        constraints = [models.UniqueConstraint(
            fields=["code", "territory"], name="former_code_unique",
            violation_error_message=_("Cet ancien code est déjà rattaché à cette commune."),
        )]

    def __str__(self):
        return f"{self.code} → {self.territory}"


class Organisation(models.Model):
    """A body whose people use Logis: commune, State service, association, landlord..."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        STATE_SERVICE = "state_service", _("Service déconcentré de l'État (DDETS...)")
        ASSOCIATION = "association", _("Association")
        SOCIAL_LANDLORD = "social_landlord", _("Bailleur social")
        OPERATOR = "operator", _("Opérateur / structure d'hébergement")
        FEDERATION = "federation", _("Fédération")
        REGIONAL_ASSOCIATION = "regional_association", _("Association régionale")
        NATIONAL_BODY = "national_body", _("Organisme national")
        PUBLISHER = "publisher", _("Éditeur de contenus")

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    territory = models.ForeignKey(Territory, verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="organisations")
    federation = models.ForeignKey(
        "self", verbose_name=_("fédération"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="members", limit_choices_to={"kind": Kind.FEDERATION},
    )
    mandated_territories = models.ManyToManyField(
        Territory, verbose_name=_("territoires de mandat"), blank=True, related_name="mandated_organisations",
        help_text=_("Pour une association mandatée : les territoires dont elle met à jour les données."),
    )
    siren = models.CharField(
        _("SIREN / n° d'entreprise"), max_length=14, blank=True,
        help_text=_("SIREN ou SIRET en France, numéro d'entreprise (BCE) en Belgique ; la clé de contrôle est vérifiée."),
    )
    email = models.EmailField(_("courriel"), blank=True)

    scoping = ScopedBy(territory="territory", organisation="pk")
    history_permission = "accounts.manage_roles"

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        """A federation's members are what its people see: membership must point at a federation."""
        if self.federation_id and self.federation_id == self.pk:
            raise ValidationError({"federation": _("Une organisation ne peut pas être membre d'elle-même.")})
        if self.federation_id and self.federation.kind != self.Kind.FEDERATION:
            raise ValidationError({"federation": _("Seule une fédération peut avoir des organisations membres.")})
        if self.siren:
            country = self.territory.country_code if self.territory_id else "FR"
            try:
                self.siren = normalise_company_number(self.siren, country)
            except ValidationError as error:
                raise ValidationError({"siren": error.messages}) from error


def default_valid_until():
    """The admin proposes one year of validity, as the e-Gov role manager does."""
    return timezone.localdate() + datetime.timedelta(days=365)


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return (
            self.filter(valid_from__lte=on).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
            .filter(revoked_at__isnull=True, pending=False)
        )

    def in_state(self, state, on=None):
        """Assignments in one of :class:`RoleAssignment.State` on a day (today by default)."""
        on = on or timezone.localdate()
        live = self.filter(revoked_at__isnull=True, pending=False)
        return {
            RoleAssignment.State.PENDING: lambda: self.filter(revoked_at__isnull=True, pending=True),
            RoleAssignment.State.CURRENT: lambda: self.current(on),
            RoleAssignment.State.FUTURE: lambda: live.filter(valid_from__gt=on),
            RoleAssignment.State.EXPIRED: lambda: live.filter(valid_until__lt=on),
            RoleAssignment.State.REVOKED: lambda: self.filter(revoked_at__isnull=False),
        }[state]()


class RoleAssignment(models.Model):
    """A user holds a role for an organisation (and optionally a narrower territory) for a period."""

    class State(models.TextChoices):
        PENDING = "pending", _("En attente d'acceptation")
        CURRENT = "current", _("En cours")
        FUTURE = "future", _("À venir")
        EXPIRED = "expired", _("Expirée")
        REVOKED = "revoked", _("Révoquée")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("utilisateur"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rôle"), max_length=60)
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="role_assignments")
    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire couvert"), null=True, blank=True, on_delete=models.PROTECT,
        help_text=_("Vide : le territoire de l'organisation."),
    )
    valid_from = models.DateField(_("valide du"), default=timezone.localdate)
    valid_until = models.DateField(_("valide jusqu'au"), default=default_valid_until, null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("attribué par"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    pending = models.BooleanField(
        _("en attente d'acceptation"), default=False,
        help_text=_("Rôle demandé pour le compte d'une autre organisation : sans effet tant que la personne ne l'a pas "
                    "accepté ou qu'un administrateur ne l'a pas validé."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    # A pending grant is nobody's business but the person's and the administrators' (see logis.accounts.consent).
    scoping = ScopedBy(organisation="organisation", withheld=Q(pending=True))
    history_permission = "accounts.manage_roles"

    class Meta:
        verbose_name = _("attribution de rôle")
        verbose_name_plural = _("attributions de rôles")
        ordering = ["user__username", "role"]

    def __str__(self):
        return f"{self.user} — {self.role_label} ({self.organisation})"

    @property
    def role_label(self):
        from logis.accounts.roles import role_registry

        role = role_registry().get(self.role)
        return role.label if role else self.role

    @staticmethod
    def history_value(field_name, value):
        """The history shows a role's label, not its code (see :mod:`logis.audit.display`)."""
        from logis.accounts.roles import role_registry

        role = role_registry().get(value) if field_name == "role" else None
        return str(role.label) if role else None

    @property
    def scope_territory(self):
        return self.territory or self.organisation.territory

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return (
            self.revoked_at is None
            and not self.pending
            and self.valid_from <= on
            and (self.valid_until is None or self.valid_until >= on)
        )

    def state(self, on=None):
        on = on or timezone.localdate()
        if self.revoked_at:
            return self.State.REVOKED
        if self.pending:
            return self.State.PENDING
        if self.valid_from > on:
            return self.State.FUTURE
        if self.valid_until and self.valid_until < on:
            return self.State.EXPIRED
        return self.State.CURRENT

    def clean(self):
        from logis.accounts.roles import role_registry

        if self.role not in role_registry():
            raise ValidationError({"role": _("Rôle inconnu : %(role)s.") % {"role": self.role}})
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("La fin de validité précède son début.")})
        if self.territory_id and self.organisation_id and not (
            self.organisation.territory.contains(self.territory) or self.territory.contains(self.organisation.territory)
        ):
            if not self.organisation.mandated_territories.filter(pk=self.territory_id).exists():
                raise ValidationError({"territory": _("Ce territoire est hors du ressort de l'organisation.")})
