"""Roles: what a role allows (permissions) and how far it reaches (scope).

Roles are declared in code, by the core and by plugins through the
``logis_roles`` hook; role *assignments* are data. The reach levels follow the
confidentiality rules of the USH observatory (an organisation sees its own
records, a federation its members', a regional association its region's, a
national body everything) and of the Housing Tool (a commune coordinator sees
only the commune's data).
"""

from dataclasses import dataclass, field
from enum import Enum

from django.utils.translation import gettext_lazy as _

from logis.plugins import collect, plugin_manager


class Reach(str, Enum):
    OWN_ORGANISATION = "own_organisation"
    FEDERATION = "federation"
    TERRITORY = "territory"
    MANDATE = "mandate"
    NATIONAL = "national"


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    permissions: frozenset = field(default_factory=frozenset)
    reach: Reach = Reach.OWN_ORGANISATION
    aggregates_only: bool = False
    description: str = ""
    #: Django/Wagtail groups its holders join while the assignment is current (Wagtail's page and snippet
    #: permissions are granted to groups); see ``logis.accounts.groups``.
    groups: frozenset = field(default_factory=frozenset)

    def __post_init__(self):
        object.__setattr__(self, "permissions", frozenset(self.permissions))
        object.__setattr__(self, "groups", frozenset(self.groups))


CORE_ROLES = [
    Role("core.editor", _("Rédacteur ou rédactrice"), {"content.edit"}, Reach.NATIONAL,
         description=_("Rédige les pages de documentation et les soumet à la relecture."), groups={"Editors"}),
    Role("core.moderator", _("Relecteur ou relectrice"), {"content.edit", "content.publish"}, Reach.NATIONAL,
         description=_("Relit, valide et publie les pages."), groups={"Moderators"}),
    Role("core.professional", _("Professionnel ou professionnelle"), {"content.view_private"}, Reach.OWN_ORGANISATION,
         description=_("Consulte les pages réservées aux professionnels.")),
    Role("core.supervisor", _("Superviseur ou superviseuse"), {"audit.view", "content.view_private"}, Reach.TERRITORY,
         description=_("Consulte l'historique des modifications de son territoire.")),
    Role("core.role_manager", _("Gestionnaire des accès"), {"accounts.manage_roles", "accounts.export"}, Reach.OWN_ORGANISATION,
         description=_("Attribue et révoque les rôles des agents de son organisation.")),
]

_cache = {}


def role_registry():
    """All roles by code: the core's and those of the loaded plugins."""
    key = tuple(sorted(info.name for info in plugin_manager.active()))
    if key not in _cache:
        _cache.clear()
        roles = {role.code: role for role in CORE_ROLES}
        for role in collect("logis_roles"):
            roles[role.code] = role
        _cache[key] = roles
    return _cache[key]


def role_choices():
    return sorted(((code, str(role.label)) for code, role in role_registry().items()), key=lambda c: c[1])
