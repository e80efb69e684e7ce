"""Membership, the one scoping rule of spaces: who reads a space, who moderates it, who runs it.

A person reads a space when they hold a current role granting ``spaces.view``
and they are a member (themselves, or through an organisation they hold such a
role in), or the space is open to all professionals. Everyone else learns
nothing of it: :func:`space_for` answers 404 as for a space that does not exist.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

from logis.accounts.models import Organisation, RoleAssignment
from logis.accounts.roles import role_registry
from logis.accounts.scoping import current_assignments, one_or_404, scope_for, user_scope
from plugins.spaces.models import Membership, Space, Visibility
from plugins.spaces.roles import MANAGE, VIEW

NOT_FOUND = _("Espace introuvable.")
NO_SUCH_PERSON = _("Aucune personne que vous pouvez ajouter ou désigner n'a cet identifiant.")


def _viewer_organisations(user):
    """Organisations where ``user`` holds a current role granting ``spaces.view``; ``None`` when none at all."""
    if not user.is_authenticated or not user.is_active or not user_scope(user, VIEW):
        return None
    roles = role_registry()
    return sorted({a.organisation_id for a in current_assignments(user) if a.role in roles and VIEW in roles[a.role].permissions})


def member_q(user, organisations):
    return Q(user=user) | Q(organisation__in=organisations)


def readable_spaces(user):
    """The spaces ``user`` reads: member, or open to all professionals."""
    organisations = _viewer_organisations(user)
    if organisations is None:
        return Space.objects.none()
    membership = Membership.objects.filter(member_q(user, organisations), space=OuterRef("pk"))
    return Space.objects.filter(Exists(membership) | Q(visibility=Visibility.OPEN))


def listed_spaces(user):
    """The spaces whose name ``user`` may see: those they read, and the listed ones."""
    if _viewer_organisations(user) is None:
        return Space.objects.none()
    return Space.objects.filter(Q(pk__in=readable_spaces(user).values("pk")) | Q(visibility=Visibility.LISTED))


def space_for(user, **lookup):
    """The space matching ``lookup`` (``slug=`` or ``pk=``) that ``user`` reads; 404 otherwise, whatever the reason."""
    try:
        return readable_spaces(user).get(**lookup)
    except (Space.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404(NOT_FOUND) from None


def is_member(user, space):
    organisations = _viewer_organisations(user)
    return organisations is not None and space.memberships.filter(member_q(user, organisations)).exists()


def is_moderator(user, space):
    organisations = _viewer_organisations(user)
    if organisations is None:
        return False
    if space.memberships.filter(member_q(user, organisations), is_moderator=True).exists():
        return True
    return user_scope(user, MANAGE).allows(space)


def require_moderator(user, space):
    if not is_moderator(user, space):
        raise PermissionDenied(_("Seuls les modérateurs de l'espace peuvent faire cela."))


def require_member(user, space):
    """Writing in a space needs membership: an open space is read by all, written by its members."""
    if not is_member(user, space) and not is_moderator(user, space):
        raise PermissionDenied(_("Rejoignez l'espace pour y écrire : demandez-le à un modérateur."))


def _viewing_roles():
    return [code for code, role in role_registry().items() if VIEW in role.permissions]


def participants(organisations=None):
    """Active accounts holding a current role granting ``spaces.view`` (in one of ``organisations`` when given)."""
    holders = RoleAssignment.objects.current().filter(role__in=_viewing_roles())
    if organisations is not None:
        holders = holders.filter(organisation__in=organisations)
    return get_user_model().objects.filter(is_active=True, pk__in=holders.values("user"))


def reachable_organisations(user):
    """The organisations ``user``'s ``spaces.view`` scope reaches: those they may make members, or pick people from.

    A participant reaches their own organisation, a territorial lead the
    organisations of their territory, the national team every one.
    """
    return user_scope(user, VIEW).filter(Organisation.objects.all())


def reachable_people(user, space=None):
    """Whom ``user`` may bring into a space: participants of the organisations they reach, and ``space``'s members."""
    reached = Q(pk__in=participants(reachable_organisations(user)).values("pk"))
    if space is not None:
        reached |= Q(pk__in=members(space).values("pk"))
    return get_user_model().objects.filter(reached)


def person_named(people, username):
    """The account of ``people`` (already cut to what the caller reaches) whose login is ``username``; 404 otherwise.

    Unknown, inactive and out-of-reach logins get the same answer: a look-up
    never tells whether an account exists elsewhere.
    """
    found = people.filter(username=str(username)[:150], is_active=True).first()
    if found is None:
        raise Http404(NO_SUCH_PERSON)
    return found


def members(space):
    """Everyone a notification to the whole space reaches: members holding a current role granting ``spaces.view``."""
    viewers = RoleAssignment.objects.current().filter(role__in=_viewing_roles())
    direct = Q(pk__in=space.memberships.filter(user__isnull=False).values("user")) & Q(pk__in=participants().values("pk"))
    via_organisations = viewers.filter(organisation__in=space.memberships.filter(organisation__isnull=False).values("organisation"))
    return get_user_model().objects.filter(direct | Q(pk__in=via_organisations.values("user")), is_active=True)


def place_for_new_space(user, territory_id, organisation_id):
    """``(territory, organisation)`` of a new space, both read through ``user``'s ``spaces.manage`` scope.

    No role: 403. An id that does not exist and one outside the scope answer
    the same 404, so that a lead learns nothing of other territories.
    """
    scope = scope_for(user, MANAGE, rows=True)
    return (one_or_404(scope.territories(), pk=territory_id),
            scope.get(Organisation.objects.all(), pk=organisation_id))


def create_space(user, name, territory, organisation, visibility=Visibility.PRIVATE, slug="", is_default=False, description=""):
    """A new space where ``user`` runs spaces (``spaces.manage`` reaching ``territory`` and ``organisation``); its creator moderates it."""
    scope = user_scope(user, MANAGE)
    if not scope or not scope.territories().filter(pk=territory.pk).exists():
        raise PermissionDenied(_("Vous ne pouvez pas créer d'espace sur ce territoire."))
    if not scope.allows(organisation):
        raise PermissionDenied(_("Vous ne pouvez pas confier un espace à cette organisation."))
    with transaction.atomic():
        space = Space.objects.create(name=name, slug=unique_slug(slug or name), territory=territory, organisation=organisation,
                                     visibility=visibility, is_default=is_default, description=description)
        Membership.objects.create(space=space, user=user, is_moderator=True)
    return space


def unique_slug(text):
    base = (slugify(text) or "espace")[:70]
    slug, n = base, 1
    while Space.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def add_member(space, user=None, organisation=None, moderator=False):
    membership, _created = Membership.objects.update_or_create(
        space=space, user=user, organisation=organisation, defaults={"is_moderator": moderator})
    return membership  # the search index follows (plugins.spaces.signals)


def remove_member(membership):
    membership.delete()


def default_space(territory, organisation, name):
    """The territory's default space (e.g. « GT national » for France), created once."""
    space = Space.objects.filter(territory=territory, is_default=True).first()
    if space is None:
        space = Space.objects.create(name=name, slug=unique_slug(name), territory=territory, organisation=organisation,
                                     is_default=True)
    return space
