"""The role assignment form: what a role manager may grant, to whom, where.

Choices are cut to the manager's scope (organisations, territories, roles),
and every choice is checked again on submit, so a forged POST meets the same
rules as the form: French messages, nothing saved.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from logis.accounts.models import Organisation, RoleAssignment
from logis.accounts.roles import Reach, role_choices, role_registry
from logis.accounts.scoping import user_scope

MANAGE_ROLES = "accounts.manage_roles"


class AccountField(forms.CharField):
    """An existing account named by its exact login or e-mail (no list of everyone's accounts)."""

    def clean(self, value):
        value = super().clean(value).strip()
        users = get_user_model().objects.filter(Q(username__iexact=value) | Q(email__iexact=value), is_active=True)
        found = list(users[:2])
        if len(found) != 1:
            raise forms.ValidationError(
                _("Aucun compte actif ne correspond exactement à cet identifiant ou à ce courriel.")
                if not found else _("Plusieurs comptes ont ce courriel : saisissez l'identifiant.")
            )
        return found[0]


class RoleAssignmentForm(WagtailAdminModelForm):
    user = AccountField(label=_("Personne"), help_text=_("Identifiant ou courriel exact du compte."))
    role = forms.ChoiceField(label=_("Rôle"))

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "organisation", "territory", "valid_from", "valid_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = user_scope(self.for_user, MANAGE_ROLES)
        self.fields["organisation"].queryset = self.scope.filter(Organisation.objects.select_related("territory"))
        self.fields["territory"].queryset = self.scope.territories()
        self.fields["role"].choices = [("", "---------")] + [
            (code, label) for code, label in role_choices() if self._may_grant(code)
        ]
        if self.instance.pk:
            del self.fields["user"]  # an assignment changes role or dates, never hands

    def _may_grant(self, code):
        """Only a manager of national reach grants roles of national reach."""
        return self.scope.national or role_registry()[code].reach != Reach.NATIONAL

    def clean_user(self):
        user = self.cleaned_data["user"]
        if user.pk == self.for_user.pk and not self.for_user.is_superuser:
            raise forms.ValidationError(_("Vous ne pouvez pas vous attribuer un rôle vous-même."))
        return user

    def clean_role(self):
        code = self.cleaned_data["role"]
        if code not in role_registry():
            raise forms.ValidationError(_("Rôle inconnu : %(role)s.") % {"role": code})
        if not self._may_grant(code):
            raise forms.ValidationError(_("Seul un gestionnaire de portée nationale peut attribuer ce rôle."))
        return code

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.revoked_at:
            raise forms.ValidationError(
                _("Cette attribution a été révoquée : elle ne peut plus être modifiée. Créez une nouvelle attribution.")
            )
        user = cleaned.get("user") or (self.instance.user if self.instance.pk else None)
        role, organisation = cleaned.get("role"), cleaned.get("organisation")
        if user and role and organisation:
            duplicates = RoleAssignment.objects.current().filter(user=user, role=role, organisation=organisation)
            if duplicates.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(_("Cette personne a déjà ce rôle en cours de validité pour cette organisation."))
        valid_until = cleaned.get("valid_until")
        if valid_until is None and "valid_until" not in self.errors and not self.scope.everything:
            self.add_error("valid_until", _("Indiquez une date de fin : un rôle s'attribue pour une durée limitée (un an conseillé)."))
        elif valid_until and valid_until < timezone.localdate():
            self.add_error("valid_until", _("La date de fin est déjà passée : pour retirer un rôle, révoquez-le."))
        return cleaned

    def save(self, commit=True):
        if not self.instance.pk:
            self.instance.granted_by = self.for_user
        return super().save(commit)
