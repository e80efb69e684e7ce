"""The admin form of a listing: the organisation among the user's own, energy classes derived, a published listing kept compliant.

Publishing itself is not a field: it is the compliance screen's button (:func:`rules.publish`).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from logis.accounts.models import Organisation
from logis.accounts.scoping import user_scope
from plugins.listings import rules
from plugins.listings.models import Listing


class ListingForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "organisation" in self.fields and self.for_user is not None:
            scope = user_scope(self.for_user, "listings.change")
            allowed = Organisation.objects.all() if scope.everything else Organisation.objects.filter(
                pk__in=[a.organisation_id for a in scope.assignments])
            self.fields["organisation"].queryset = allowed.order_by("name")

    def _post_clean(self):
        """After the instance holds the typed values: classes derived, and an on-line listing checked again."""
        super()._post_clean()
        rules.apply_energy_labels(self.instance)
        if self.instance.status == Listing.Status.PUBLISHED and not self.errors:
            refusals = rules.check_publication(self.instance).refusals
            if refusals:
                self.add_error(None, ValidationError([_("Cette annonce est en ligne : elle doit rester conforme.")] + refusals))
