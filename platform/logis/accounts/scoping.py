"""The one scoping service every view, API, export, import and search result goes through.

``scope_for(request.user, "offers.view", rows=True)`` is the one call of a
screen or a route: the user's *current* role assignments whose role grants the
permission, read once per request, each turned into a filter by its reach; a
French PermissionDenied when they grant nothing (or only aggregates, with
``rows=True``). Then ``scope.filter(queryset)`` keeps what the user may see,
``scope.get(queryset, pk=...)`` (or a natural key) gives one object or 404, and
``scope.in_bulk(queryset, field, keys)`` resolves an import's keys by batch.

A model says where its territory and organisation are with a ``scoping``
attribute, e.g. ``scoping = ScopedBy(territory="commune", organisation="organisation")``.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext as _, gettext_lazy

from logis.accounts.models import RoleAssignment
from logis.accounts.roles import Reach, role_registry
from logis.accounts.scoped_by import ScopedBy  # noqa: F401  (re-exported: models declare it)
from logis.territories.queries import reach_q, within_q

NO_ROLE = gettext_lazy("Vous n'avez pas de rôle en cours de validité qui permette cette action.")
AGGREGATES_ONLY = gettext_lazy("Votre rôle ne donne accès qu'aux chiffres agrégés, jamais aux fiches elles-mêmes.")
#: Bound on the keys of one ``in_bulk`` query (SQLite allows 999 parameters in older builds).
BULK_BATCH = 500



class Scope:
    def __init__(self, assignments, permission, everything=False):
        self.assignments = list(assignments)
        self.permission = permission
        self.everything = everything

    @classmethod
    def for_user(cls, user, permission, assignments=None):
        """``assignments``: the user's current ones when already read (else read now)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return cls([], permission)
        if user.is_superuser:
            return cls([], permission, everything=True)
        roles = role_registry()
        if assignments is None:
            assignments = _read_current_assignments(user)
        return cls([a for a in assignments if a.role in roles and permission in roles[a.role].permissions], permission)

    def __bool__(self):
        return self.everything or bool(self.assignments)

    @property
    def roles(self):
        registry = role_registry()
        return [registry[a.role] for a in self.assignments]

    @property
    def aggregates_only(self):
        """True when every granting role sees aggregates only (national statistics roles)."""
        return not self.everything and bool(self.assignments) and all(r.aggregates_only for r in self.roles)

    @property
    def national(self):
        return self.everything or any(r.reach == Reach.NATIONAL for r in self.roles)

    def q(self, scoping):
        """The filter for a model scoped by ``scoping``; ``None`` means no restriction."""
        if self.national:
            return None
        territory = scoping.territory_field()
        org = scoping.organisation
        parts = []
        for assignment, role in zip(self.assignments, self.roles):
            if role.aggregates_only:
                continue
            if role.reach == Reach.OWN_ORGANISATION and org:
                parts.append(Q(**{org: assignment.organisation_id}))
            elif role.reach == Reach.FEDERATION and org:
                parts.append(Q(**{org: assignment.organisation_id}) | Q(**{scoping.federation_field(): assignment.organisation_id}))
            elif role.reach in (Reach.TERRITORY, Reach.MANDATE) and territory:
                parts.append(reach_q(territory, assignment.scope_territory))
                if role.reach == Reach.MANDATE:
                    parts.extend(reach_q(territory, t) for t in assignment.organisation.mandated_territories.all())
        if not parts:
            return Q(pk__in=[])
        reached = reduce(or_, parts)
        return reached if scoping.withheld is None else reached & ~scoping.withheld

    def filter(self, queryset, scoping=None):
        if not self:
            return queryset.none()
        if self.national:
            return queryset  # also for models with no ``scoping`` (territories)
        return queryset.filter(self.q(scoping or queryset.model.scoping))

    def allows(self, obj, scoping=None):
        if not self:
            return False
        return self.filter(type(obj)._default_manager.filter(pk=obj.pk), scoping).exists()

    def get(self, queryset, lock=False, **lookup):
        """The one object of ``queryset`` in scope matching ``lookup`` (``pk=`` or a natural key); Http404 otherwise.

        Out of scope, unknown, ambiguous and malformed keys all answer the same
        404: the user learns nothing about rows he may not see. ``lock`` holds
        the row until the caller's transaction ends.
        """
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        return one_or_404(self.filter(queryset), **lookup)

    def in_bulk(self, queryset, field, values, batch=BULK_BATCH):
        """``(found, hidden)`` for the natural keys ``values`` of ``field``, read a batch at a time (imports).

        ``found`` maps each key to its object in scope; ``hidden`` is the set of
        keys held by rows outside the scope. An importer must refuse those rows
        without saying more: they do not exist for this user, yet they cannot
        be created again either (the key is unique).
        """
        values = [v for v in dict.fromkeys(values) if v not in (None, "")]
        found, hidden = {}, set()
        for start in range(0, len(values), batch):
            # The keys held at all first (one light query, unordered; none, in a new file), then those rows through
            # the scope by primary key: on PostgreSQL a key list read again may go through another index than the
            # key's own when the statistics lag behind an import (the whole organisation's rows, batch after batch).
            held = dict(queryset.filter(**{f"{field}__in": values[start:start + batch]}).order_by().values_list("pk", field))
            if held:
                found.update((getattr(obj, field), obj) for obj in self.filter(queryset).filter(pk__in=list(held)))
                hidden.update(set(held.values()) - found.keys())
        return found, hidden

    def territories(self):
        """Territories the scope covers, for choosing where a new record may go."""
        from logis.accounts.models import Territory

        if self.national:
            return Territory.objects.all()
        reaches = []
        for assignment in self.assignments:
            reaches.append(assignment.scope_territory)
            reaches.extend(assignment.organisation.mandated_territories.all())
        return Territory.objects.within(*reaches)

    def path_q(self, field):
        """The filter on a plain territory-path column (the audit's ``territory_path``); ``None``: no restriction.

        Only territorial reaches count: an organisation-wide role does not open
        a whole commune's history.
        """
        criteria = self.document_criteria()
        if criteria["all"]:
            return None
        return within_q(field, *criteria["territory_paths"])

    def document_criteria(self):
        """What a search document must carry to be visible: used by the search engines.

        ``{"all": True}`` for national reach; otherwise the territory paths
        (prefixes) and organisation ids the scope covers.
        """
        from logis.accounts.models import Organisation

        # A national aggregates-only role counts territories, it never opens a record.
        if self.everything or any(r.reach == Reach.NATIONAL and not r.aggregates_only for r in self.roles):
            return {"all": True, "territory_paths": [], "organisation_ids": []}
        paths, orgs = set(), set()
        for assignment, role in zip(self.assignments, self.roles):
            if role.aggregates_only:
                continue
            if role.reach in (Reach.TERRITORY, Reach.MANDATE):
                paths.update(_reach_paths(assignment.scope_territory))
            if role.reach == Reach.MANDATE:
                for t in assignment.organisation.mandated_territories.all():
                    paths.update(_reach_paths(t))
            if role.reach in (Reach.OWN_ORGANISATION, Reach.FEDERATION):
                orgs.add(assignment.organisation_id)
            if role.reach == Reach.FEDERATION:
                orgs.update(Organisation.objects.filter(federation=assignment.organisation_id).values_list("pk", flat=True))
        return {"all": False, "territory_paths": sorted(paths), "organisation_ids": sorted(orgs)}


def one_or_404(queryset, **lookup):
    """The one object of an already scoped ``queryset`` matching ``lookup``; the same French 404 for every miss."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ValueError, TypeError, OverflowError, ValidationError):
        raise Http404(_("%(model)s introuvable dans votre territoire.") % {
            "model": capfirst(queryset.model._meta.verbose_name)}) from None


def _reach_paths(territory):
    """Path prefixes standing for a territory's reach: an EPCI stands for its member communes."""
    if territory.kind != territory.Kind.EPCI:
        return [territory.path]
    return [territory.path, *territory.members.values_list("path", flat=True)]


def _read_current_assignments(user):
    return list(
        RoleAssignment.objects.current().filter(user=user)
        .select_related("organisation__territory", "territory").prefetch_related("organisation__mandated_territories")
    )


def current_assignments(user):
    """The user's assignments in force today, read once per user object, i.e. once per request.

    An admin page asks for a dozen permissions (menu, buttons, lists): they
    share these two queries instead of two each.
    """
    cached = getattr(user, "_logis_assignments", None)
    if cached is None:
        cached = _read_current_assignments(user) if user.is_authenticated else []
        user._logis_assignments = cached
    return cached


def user_scope(user, permission):
    """``Scope.for_user`` computed once per user object and permission, i.e. once per request in views.

    It may be empty: use it to ask "may this user…?" (a menu entry, a button);
    a screen or a route that needs the permission calls :func:`scope_for`.
    """
    cache = getattr(user, "_logis_scopes", None)
    if cache is None:
        cache = user._logis_scopes = {}
    if permission not in cache:
        assignments = current_assignments(user) if user.is_authenticated and not user.is_superuser else None
        cache[permission] = Scope.for_user(user, permission, assignments)
    return cache[permission]


def scope_for(user, permission, rows=False):
    """The user's cached scope for ``permission``; PermissionDenied with a French message when it grants nothing.

    ``rows=True`` also refuses a scope that sees aggregates only: a screen or a
    route that shows records asks for it. Wagtail answers PermissionDenied with
    its own page, the API (``logis.api``) with a 403 and this message.
    """
    scope = user_scope(user, permission)
    if not scope:
        raise PermissionDenied(NO_ROLE)
    if rows and scope.aggregates_only:
        raise PermissionDenied(AGGREGATES_ONLY)
    return scope


def require(user, permission):
    """:func:`scope_for` without rows, under the name older callers use."""
    return scope_for(user, permission)
