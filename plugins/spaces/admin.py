"""Admin screens for those who run spaces (``spaces.manage``): the spaces of their territory and their members.

Declarations only, on the core's :class:`logis.viewsets.ScopedModelViewSet`:
lists and records follow the lead's territorial scope; the content of a space
stays on its members' pages (:mod:`plugins.spaces.views`).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup

from logis.viewsets import ScopedIndexView, ScopedModelViewSet
from plugins.spaces.forms import MembershipAdminForm, SpaceAdminForm
from plugins.spaces.models import Membership, Space
from plugins.spaces.roles import MANAGE


class SpaceFilterSet(WagtailFilterSet):
    class Meta:
        model = Space
        fields = ["visibility", "is_default"]


class SpaceViewSet(ScopedModelViewSet):
    model = Space
    name = "spaces_spaces"
    icon = "group"
    menu_label = _("Espaces")
    permissions = {"view": MANAGE, "add": MANAGE, "change": MANAGE}
    index_view_class = type("SpaceIndexView", (ScopedIndexView,), {"related": ("territory", "organisation")})
    filterset_class = SpaceFilterSet
    list_display = ["name", Column("territory", label=_("Territoire")), Column("organisation", label=_("Organisation")),
                    "visibility", "is_default"]
    search_fields = ["name", "slug"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return SpaceAdminForm


class MembershipFilterSet(WagtailFilterSet):
    class Meta:
        model = Membership
        fields = ["is_moderator"]


class MembershipViewSet(ScopedModelViewSet):
    model = Membership
    name = "spaces_members"
    icon = "user"
    menu_label = _("Membres des espaces")
    permissions = {"view": MANAGE, "add": MANAGE, "change": MANAGE, "delete": MANAGE}
    index_view_class = type("MembershipIndexView", (ScopedIndexView,), {"related": ("space", "user", "organisation")})
    filterset_class = MembershipFilterSet
    list_display = [Column("space", label=_("Espace"), sort_key="space__name"), Column("user", label=_("Personne")),
                    Column("organisation", label=_("Organisation")), "is_moderator"]
    search_fields = ["space__name", "user__username", "user__last_name", "organisation__name"]
    search_backend_name = None

    def get_form_class(self, for_update=False):
        return MembershipAdminForm


class SpacesMenu(ViewSetGroup):
    menu_label = _("Espaces collaboratifs")
    menu_icon = "group"
    menu_name = "spaces"
    items = (SpaceViewSet, MembershipViewSet)


def viewsets():
    return [SpacesMenu()]
