"""Granting, revoking, answering a role assignment, and extracting the accounts.

Each checks role and scope itself: a hidden button is not a permission.
An assignment outside the manager's scope does not exist for them (404).
"""

from itertools import chain

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _, gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from logis import exports
from logis.accounts import consent, exports as account_exports
from logis.accounts.models import RoleAssignment
from logis.accounts.scoping import user_scope


class RevokeView(WagtailAdminTemplateMixin, TemplateView):
    """Ends an assignment now; the row stays, with its history."""

    page_title = gettext_lazy("Révoquer un rôle")
    header_icon = "key"
    template_name = "logis_accounts/revoke.html"
    index_url_name = None

    @cached_property
    def assignment(self):
        policy = policy_registry.get_by_type(RoleAssignment)
        in_scope = policy.instances_user_has_any_permission_for(self.request.user, ["change"])
        assignment = get_object_or_404(in_scope.select_related("user", "organisation"), pk=self.kwargs["pk"])
        if not policy.user_has_permission_for_instance(self.request.user, "change", assignment):
            raise PermissionDenied(_("Vous ne pouvez pas révoquer vos propres rôles."))
        return assignment

    def get_page_subtitle(self):
        return str(self.assignment)

    def get_context_data(self, **kwargs):
        return super().get_context_data(assignment=self.assignment, **kwargs)

    def post(self, request, *args, **kwargs):
        assignment = self.assignment
        if assignment.revoked_at:
            messages.warning(request, _("Cette attribution était déjà révoquée."))
        else:
            assignment.revoked_at = timezone.now()
            assignment.save(update_fields=["revoked_at"])
            messages.success(request, _("Rôle révoqué : %(assignment)s.") % {"assignment": assignment})
        return redirect(self.index_url_name)


class RoleAssignmentCreateView(generic.CreateView):
    """A grant that needs the person's consent answers the same whether the account exists or not."""

    def form_valid(self, form):
        if not form.awaiting_consent:
            return super().form_valid(form)
        if form.instance.user_id:
            form.save()
        messages.success(self.request, _(
            "Demande enregistrée. Si un compte correspond, le rôle prendra effet quand la personne l'aura accepté "
            "ou qu'un administrateur l'aura validé."
        ))
        return redirect(self.index_url_name)


class ConsentView(WagtailAdminTemplateMixin, TemplateView):
    """The person accepts or refuses a role offered to them; a superuser validates or refuses it."""

    page_title = gettext_lazy("Rôle proposé")
    header_icon = "key"
    template_name = "logis_accounts/consent.html"
    index_url_name = None

    @cached_property
    def assignment(self):
        pending = consent.answerable_by(self.request.user).select_related("user", "organisation", "granted_by")
        return get_object_or_404(pending, pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.assignment)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            assignment=self.assignment, is_own=self.assignment.user_id == self.request.user.pk, **kwargs
        )

    def post(self, request, *args, **kwargs):
        assignment = self.assignment
        if request.POST.get("answer") == "accept":
            consent.accept(assignment)
            messages.success(request, _("Rôle accepté : %(assignment)s.") % {"assignment": assignment})
        else:
            consent.refuse(assignment)
            messages.success(request, _("Rôle refusé : %(assignment)s.") % {"assignment": assignment})
        return redirect(self.index_url_name if request.user.is_superuser else "wagtailadmin_home")


def export_accounts(request, fmt, filterset_class):
    """The account extraction for the exporter's scope, with the list's filters applied."""
    if fmt not in exports.FORMATS:
        raise Http404
    scope = user_scope(request.user, "accounts.export")
    if not scope or scope.aggregates_only:
        raise PermissionDenied(_("Votre rôle ne permet pas d'extraire les comptes."))
    assignments = scope.filter(RoleAssignment.objects.all())
    filters = filterset_class(request.GET, queryset=assignments, request=request)
    if filters.is_valid():
        assignments = filters.qs
    rows = account_exports.assignment_rows(assignments)
    if scope.national and not filters.form.has_changed():
        rows = chain(rows, account_exports.accounts_without_role_rows())
    return exports.download(account_exports.HEADERS, rows, "extraction-comptes", fmt, title=_("Comptes"))
