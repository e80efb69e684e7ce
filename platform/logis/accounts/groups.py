"""Role assignments drive membership of the Django groups that carry Wagtail's own permissions.

Wagtail grants page, snippet, image and document permissions to groups
(the "Relecture" workflow task is assigned to the Moderators group). A role
names the groups its holders belong to; membership follows the assignments in
force, so the day an assignment expires or is revoked the editing rights go
with it. Groups no role names are left alone (an administrator may manage
them by hand).
"""

from django.contrib.auth.models import Group

from logis.accounts.roles import role_registry
from logis.accounts.scoping import current_assignments


def managed_group_names():
    return set().union(*(role.groups for role in role_registry().values()))


def sync_groups(user):
    """Make ``user``'s membership of role-managed groups match their current assignments."""
    managed = managed_group_names()
    if not managed or not user.is_authenticated:
        return
    roles = role_registry()
    wanted = set().union(*(roles[a.role].groups for a in current_assignments(user) if a.role in roles))
    held = set(user.groups.filter(name__in=managed).values_list("name", flat=True))
    if held - wanted:
        user.groups.remove(*Group.objects.filter(name__in=held - wanted))
    if wanted - held:
        user.groups.add(*Group.objects.filter(name__in=wanted - held))


class RoleGroupsMiddleware:
    """Re-check role-managed group membership on each admin request (assignments expire on their own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and request.path_info.startswith("/admin/") and user.is_authenticated:
            sync_groups(user)
        return self.get_response(request)


def assignment_changed(sender, instance, **kwargs):
    """Granting or revoking a role changes the holder's groups at once, not at their next admin visit."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=instance.user_id).first()  # gone when the user is being deleted
    if user is not None:
        sync_groups(user)


def grant_in_migration(apps, app_label, grants):
    """From a data migration: give groups model permissions of ``app_label``, ``{group name: [codename, ...]}``.

    Permissions are normally created after the last migration; they are
    created here first so that a fresh database gets its grants too.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True  # the migration state's stub has none; create_permissions skips apps without
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in grants.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
