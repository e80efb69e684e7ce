"""Who may see which document: the user's scope turned into criteria every engine can filter on.

Public documents are for everyone; "pros" documents for holders of a current
role granting one of ``content.access.PRIVATE_READERS`` (the rule pages and
listings follow too); "scoped" documents (plugin records)
for holders of the document's permission whose territory or organisation
covers the record (``Scope.document_criteria()``); "readers" documents (a
group's own records) for holders of the document's permission named among its
readers (``logis.search_documents.reader_keys``). Documents of a plugin
switched off on the site are never shown, nor pages of another site.
"""

from dataclasses import dataclass

from content.access import PRIVATE_READERS
from logis.accounts.roles import role_registry
from logis.accounts.scoping import Scope, current_assignments
from logis.search_documents import reader_keys
from logis.sites import enabled_plugins

CORE_PLUGIN = "_core"  # what the index stores as ``plugin`` for the core's own documents
ALL_SITES = "_all"     # what the index stores as ``site`` for documents of no particular site


@dataclass(frozen=True)
class ScopedAccess:
    permission: str
    everywhere: bool
    territory_paths: tuple
    organisation_ids: tuple


@dataclass(frozen=True)
class Visibility:
    everything: bool = False
    pros: bool = False
    scoped: tuple = ()          # ScopedAccess, one per permission the user holds
    readers: tuple = ()         # the user's reader keys, for "readers" documents of the permissions in ``scoped``
    plugins: tuple = ()         # plugin names whose documents may appear (CORE_PLUGIN included)
    site: str = ""              # the requesting site's id: its documents and those of every site; "" = all sites


def _held_permissions(assignments):
    roles = role_registry()
    return sorted({perm for a in assignments if a.role in roles for perm in roles[a.role].permissions})


def visibility_for(user, site=None):
    plugins = tuple(sorted({CORE_PLUGIN, *enabled_plugins(site)}))
    where = str(site.pk) if site is not None else ""
    if user is None or not user.is_authenticated or not user.is_active:
        return Visibility(plugins=plugins, site=where)
    if user.is_superuser:
        return Visibility(everything=True, pros=True, plugins=plugins, site=where)
    scoped = []
    pros = False
    assignments = current_assignments(user)
    for permission in _held_permissions(assignments):
        scope = Scope.for_user(user, permission, assignments)
        if not scope:
            continue
        pros = pros or permission in PRIVATE_READERS
        criteria = scope.document_criteria()
        scoped.append(ScopedAccess(permission, criteria["all"], tuple(criteria["territory_paths"]),
                                   tuple(str(i) for i in criteria["organisation_ids"])))
    return Visibility(pros=pros, scoped=tuple(scoped), readers=reader_keys(user, assignments), plugins=plugins, site=where)


def site_key(site_id):
    """What the index stores as ``site``: the site's id, or ``ALL_SITES`` for documents shown everywhere."""
    return ALL_SITES if site_id is None else str(site_id)


def territory_prefixes(path):
    """``FR/84/69/69123`` → every ancestor path, so that a prefix filter is a plain term filter."""
    parts = [p for p in (path or "").split("/") if p]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
