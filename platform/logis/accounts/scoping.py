"""The one scoping service every view, API, export and search result goes through.

``Scope.for_user(user, "offers.view")`` gathers the user's *current* role
assignments whose role grants the permission, and turns each into a filter by
its reach. ``scope.filter(queryset)`` keeps what the user may see;
``scope.allows(obj)`` checks one object with the very same filter.

A model says where its territory and organisation are with a ``scoping``
attribute, e.g. ``scoping = ScopedBy(territory="commune", organisation="organisation")``.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from logis.accounts.models import RoleAssignment
from logis.accounts.roles import Reach, role_registry
from logis.accounts.scoped_by import ScopedBy  # noqa: F401  (re-exported: models declare it)
from logis.territories.queries import reach_q


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

    def territories(self):
        """Territories the scope covers, for choosing where a new record may go."""
        from logis.accounts.models import Territory

        if self.national:
            return Territory.objects.all()
        return Territory.objects.filter(self._territory_q())

    def _territory_q(self):
        parts = []
        for assignment in self.assignments:
            parts.append(reach_q("", assignment.scope_territory))
            parts.extend(reach_q("", t) for t in assignment.organisation.mandated_territories.all())
        return reduce(or_, parts) if parts else Q(pk__in=[])

    def path_q(self, field):
        """The filter on a plain territory-path column (the audit's ``territory_path``); ``None``: no restriction.

        Only territorial reaches count: an organisation-wide role does not open
        a whole commune's history.
        """
        criteria = self.document_criteria()
        if criteria["all"]:
            return None
        parts = [Q(**{field: path}) | Q(**{f"{field}__startswith": path + "/"}) for path in criteria["territory_paths"]]
        return reduce(or_, parts) if parts else Q(pk__in=[])

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
    """``Scope.for_user`` computed once per user object and permission, i.e. once per request in views."""
    cache = getattr(user, "_logis_scopes", None)
    if cache is None:
        cache = user._logis_scopes = {}
    if permission not in cache:
        assignments = current_assignments(user) if user.is_authenticated and not user.is_superuser else None
        cache[permission] = Scope.for_user(user, permission, assignments)
    return cache[permission]


def require(user, permission):
    """The user's scope for ``permission``, or PermissionDenied with a French message."""
    scope = Scope.for_user(user, permission)
    if not scope:
        raise PermissionDenied(_("Vous n'avez pas de rôle en cours de validité qui permette cette action."))
    return scope
