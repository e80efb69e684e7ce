"""Spaces, their members, and what members share in them: documents, discussions, events, tickets.

A space belongs to a territory and an organisation (who manages it); who may
read it is its membership (:mod:`plugins.spaces.rules`), never its territory.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField

from logis.accounts.models import Organisation, Territory
from logis.accounts.scoping import ScopedBy
from logis.private_files import private_storage
from plugins.spaces.blocks import WikiBodyBlock

USER = settings.AUTH_USER_MODEL


def new_token():
    return secrets.token_urlsafe(32)


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Privé : ses membres seulement")
    LISTED = "listed", _("Répertorié : nom visible des professionnels, contenu réservé aux membres")
    OPEN = "open", _("Ouvert à tous les professionnels")


#: What membership grants: reading the space (``plugins.spaces.roles.VIEW``).
MEMBER_PERMISSION = "spaces.view"


def in_space(space):
    """The scoping of a record inside a space (``space``: the path to it): the space's territory and organisation,
    and its members wherever they work (:class:`~logis.accounts.scoped_by.ScopedBy`); an open space's records to all."""
    return ScopedBy(territory=f"{space}__territory", organisation=f"{space}__organisation", members=f"{space}__memberships",
                    member_permission=MEMBER_PERMISSION, open_to_all=Q(**{f"{space}__visibility": Visibility.OPEN}))


class Space(models.Model):
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("adresse"), max_length=80, unique=True)
    description = models.TextField(_("présentation"), blank=True, max_length=2000)
    territory = models.ForeignKey(Territory, verbose_name=_("territoire"), on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation qui l'anime"), on_delete=models.PROTECT,
                                     related_name="+")
    visibility = models.CharField(_("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE)
    is_default = models.BooleanField(_("espace par défaut du territoire"), default=False)
    ical_token = models.CharField(max_length=64, default=new_token, editable=False)
    ical_token.audit = False  # a secret: never copied into the append-only history
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Its name is shown to every professional when it is listed or open.
    scoping = ScopedBy(territory="territory", organisation="organisation", members="memberships", member_permission=MEMBER_PERMISSION,
                       open_to_all=Q(visibility__in=[Visibility.OPEN, Visibility.LISTED]))
    history_permission = "spaces.manage"

    class Meta:
        verbose_name = _("espace collaboratif")
        verbose_name_plural = _("espaces collaboratifs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person, or everyone holding a current role in an organisation, belongs to a space."""

    space = models.ForeignKey(Space, verbose_name=_("espace"), on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(USER, verbose_name=_("personne"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="space_memberships")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation entière"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="+")
    is_moderator = models.BooleanField(_("modérateur ou modératrice"), default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    scoping = in_space("space")
    history_permission = "spaces.manage"

    class Meta:
        verbose_name = _("membre d'un espace")
        verbose_name_plural = _("membres des espaces")
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False, organisation__isnull=True) | Q(user__isnull=True, organisation__isnull=False),
                                   name="spaces_member_one_kind",
                                   violation_error_message=_("Un membre est une personne ou une organisation, pas les deux.")),
            models.UniqueConstraint(fields=["space", "user"], name="spaces_member_user_once",
                                    violation_error_message=_("Cette personne est déjà membre de l'espace.")),
            models.UniqueConstraint(fields=["space", "organisation"], name="spaces_member_org_once",
                                    violation_error_message=_("Cette organisation est déjà membre de l'espace.")),
        ]

    def __str__(self):
        return str(self.user or self.organisation)


class SpaceRecord(models.Model):
    """What every record inside a space shares: the space, who created it, when."""

    space = models.ForeignKey(Space, verbose_name=_("espace"), on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(USER, verbose_name=_("créé par"), null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    scoping = in_space("space")
    history_permission = "spaces.manage"

    class Meta:
        abstract = True


class Document(SpaceRecord):
    folder = models.CharField(_("dossier"), max_length=120, blank=True)
    title = models.CharField(_("titre"), max_length=200)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["folder", "title"]
        indexes = [models.Index(fields=["space", "-updated_at"], name="spaces_document_recent")]
        constraints = [models.UniqueConstraint(fields=["space", "folder", "title"], name="spaces_document_title_once",
                                               violation_error_message=_("Un document de ce titre existe déjà dans ce dossier."))]

    def __str__(self):
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file of a document; versions are kept, the newest is the document's content."""

    document = models.ForeignKey(Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("fichier"), storage=private_storage, upload_to="spaces/%Y/%m/", max_length=200)
    original_name = models.CharField(_("nom du fichier"), max_length=150)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, verbose_name=_("déposé par"), null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    scoping = in_space("document__space")

    class Meta:
        verbose_name = _("version de document")
        verbose_name_plural = _("versions de documents")
        ordering = ["document", "-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="spaces_version_number_once",
                                               violation_error_message=_("Cette version existe déjà."))]

    def __str__(self):
        return f"{self.document} v{self.number}"


class Thread(SpaceRecord):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        ANNOUNCEMENT = "announcement", _("Annonce")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("sujet"), max_length=200)
    last_activity = models.DateTimeField(_("dernière activité"), auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(_("résolue le"), null=True, blank=True)
    resolved_by = models.ForeignKey(USER, verbose_name=_("résolue par"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-last_activity", "-pk"]
        indexes = [models.Index(fields=["space", "-last_activity"], name="spaces_thread_recent")]

    def __str__(self):
        return self.title


class Post(models.Model):
    thread = models.ForeignKey(Thread, verbose_name=_("discussion"), on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(USER, verbose_name=_("auteur"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    body = models.TextField(_("message"), max_length=20000)
    attachment = models.ForeignKey(DocumentVersion, verbose_name=_("pièce jointe"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)
    hidden_at = models.DateTimeField(_("masqué par la modération le"), null=True, blank=True)

    scoping = in_space("thread__space")
    history_permission = "spaces.manage"

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.thread} — {self.pk}"


class Event(SpaceRecord):
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    location = models.CharField(_("lieu"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    remind_minutes = models.PositiveIntegerField(_("rappel (minutes avant)"), default=60,
                                                 help_text=_("0 : pas de rappel."))
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="spaces_event_ends_after_start",
                                              violation_error_message=_("La fin précède le début."))]

    def __str__(self):
        return self.title


class TicketStatus(models.TextChoices):
    OPEN = "open", _("Ouverte")
    IN_PROGRESS = "in_progress", _("En cours")
    RESOLVED = "resolved", _("Résolue")


class Ticket(SpaceRecord):
    number = models.PositiveIntegerField(_("numéro"))
    title = models.CharField(_("objet"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    status = models.CharField(_("statut"), max_length=12, choices=TicketStatus.choices, default=TicketStatus.OPEN)
    assignee = models.ForeignKey(USER, verbose_name=_("prise en charge par"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    resolved_at = models.DateTimeField(_("résolue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("demande partagée")
        verbose_name_plural = _("demandes partagées")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["space", "number"], name="spaces_ticket_number_once",
                                               violation_error_message=_("Ce numéro de demande existe déjà dans l'espace."))]

    def __str__(self):
        return f"#{self.number} {self.title}"


class WikiPage(SpaceRecord):
    """A page members read and its author or a moderator edits; each save is a :class:`WikiRevision`."""

    title = models.CharField(_("titre"), max_length=200)
    body = StreamField(WikiBodyBlock(), verbose_name=_("contenu"), blank=True)
    body.audit = False  # the revisions are its history; the audit keeps title and dates
    updated_by = models.ForeignKey(USER, verbose_name=_("modifiée par"), null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("page de wiki")
        verbose_name_plural = _("pages de wiki")
        ordering = ["title", "pk"]
        constraints = [models.UniqueConstraint(fields=["space", "title"], name="spaces_wiki_title_once",
                                               violation_error_message=_("Une page de ce titre existe déjà dans l'espace."))]

    def __str__(self):
        return self.title


class WikiRevision(models.Model):
    """One saved state of a page, never rewritten: restoring an old one saves it again as the newest."""

    page = models.ForeignKey(WikiPage, verbose_name=_("page"), on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("révision"))
    title = models.CharField(_("titre"), max_length=200)
    body = StreamField(WikiBodyBlock(), verbose_name=_("contenu"), blank=True)
    author = models.ForeignKey(USER, verbose_name=_("auteur"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)
    restored_from = models.PositiveIntegerField(_("restauration de la révision"), null=True, blank=True)

    scoping = in_space("page__space")

    class Meta:
        verbose_name = _("révision de page")
        verbose_name_plural = _("révisions de pages")
        ordering = ["page", "-number"]
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="spaces_wiki_revision_once",
                                               violation_error_message=_("Cette révision existe déjà."))]

    def __str__(self):
        return f"{self.page} r{self.number}"
