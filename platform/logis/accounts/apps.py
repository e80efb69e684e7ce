from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "logis.accounts"
    label = "logis_accounts"
    verbose_name = _("Organisations, territoires et rôles")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from logis.accounts.groups import assignment_changed
        from logis.accounts.models import RoleAssignment

        post_save.connect(assignment_changed, sender=RoleAssignment, dispatch_uid="role-groups-saved")
        post_delete.connect(assignment_changed, sender=RoleAssignment, dispatch_uid="role-groups-deleted")
