"""Admin screens for those who run spaces (``spaces.manage``): the spaces of their territory and their members.

Declarations only, on the core's scoped classes: lists and records follow the
manager's territorial scope (:class:`logis.accounts.permissions.ScopedPermissionPolicy`);
the content of a space stays on its members' pages (:mod:`plugins.spaces.views`).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from logis.accounts.permissions import ScopedPermissionPolicy
from logis.accounts.viewsets import ScopedIndexView, ScopedModelViewSet
from plugins.spaces.models import Membership, Space
from plugins.spaces.roles import MANAGE

register_permission_policy(Space, ScopedPermissionPolicy(Space, MANAGE, scoped_actions=("view", "add", "change")))
register_permission_policy(Membership, ScopedPermissionPolicy(Membership, MANAGE, scoped_actions=("view", "add", "change", "delete")))


class SpaceFilterSet(WagtailFilterSet):
    class Meta:
        model = Space
        fields = ["visibility", "is_default"]


class SpaceViewSet(ScopedModelViewSet):
    model = Space
    name = "spaces_spaces"
    icon = "group"
    menu_label = _("Espaces")
    index_view_class = type("SpaceIndexView", (ScopedIndexView,), {"related": ("territory", "organisation")})
    filterset_class = SpaceFilterSet
    form_fields = ["name", "slug", "description", "territory", "organisation", "visibility", "is_default"]
    list_display = ["name", Column("territory", label=_("Territoire")), Column("organisation", label=_("Organisation")),
                    "visibility", "is_default"]
    search_fields = ["name", "slug"]
    search_backend_name = None


class MembershipFilterSet(WagtailFilterSet):
    class Meta:
        model = Membership
        fields = ["is_moderator"]


class MembershipViewSet(ScopedModelViewSet):
    model = Membership
    name = "spaces_members"
    icon = "user"
    menu_label = _("Membres des espaces")
    index_view_class = type("MembershipIndexView", (ScopedIndexView,), {"related": ("space", "user", "organisation")})
    filterset_class = MembershipFilterSet
    form_fields = ["space", "user", "organisation", "is_moderator"]
    list_display = [Column("space", label=_("Espace"), sort_key="space__name"), Column("user", label=_("Personne")),
                    Column("organisation", label=_("Organisation")), "is_moderator"]
    search_fields = ["space__name", "user__username", "user__last_name", "organisation__name"]
    search_backend_name = None


class SpacesViewSetGroup(ViewSetGroup):
    menu_label = _("Espaces collaboratifs")
    menu_icon = "group"
    menu_name = "spaces"
    items = (SpaceViewSet, MembershipViewSet)


def viewsets():
    return [SpacesViewSetGroup()]
