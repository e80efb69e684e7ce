from django.db import models
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override

from logis.accounts import gdpr_views
from logis.accounts.consent import pending_roles_panel
from logis.accounts.models import Territory
from logis.accounts.viewsets import AccessViewSetGroup
from logis.territories import views as territory_views
from logis.territories.widgets import TerritoryAutocomplete

# Wagtail admin model forms pick territories with a search box, never a <select> of 35,000 options
# (the viewsets' plain model forms get theirs from ScopedModelViewSet.formfield_for_dbfield).
register_form_field_override(models.ForeignKey, to=Territory, override={"widget": TerritoryAutocomplete})


@hooks.register("register_admin_viewset")
def register_access_viewsets():
    return AccessViewSetGroup()


@hooks.register("register_admin_urls")
def register_personal_data_urls():
    return gdpr_views.urlpatterns


@hooks.register("construct_homepage_panels")
def add_pending_roles_panel(request, panels):
    panel = pending_roles_panel(request)
    if panel is not None:
        panels.append(panel)


@hooks.register("register_admin_urls")
def register_territory_autocomplete_urls():
    return territory_views.urlpatterns
