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


def _matching(users, identifier):
    return users.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier), is_active=True)


def members_of(organisations):
    """Accounts that hold or held a role in force in one of ``organisations`` (a pending one does not count)."""
    holders = RoleAssignment.objects.filter(organisation__in=organisations, pending=False).values("user")
    return get_user_model().objects.filter(pk__in=holders)


def account_named(identifier):
    """The one active account with this exact login, else with this exact e-mail; ``None`` otherwise."""
    accounts = get_user_model().objects.filter(is_active=True)
    found = list(accounts.filter(username__iexact=identifier)[:2]) or list(accounts.filter(email__iexact=identifier)[:2])
    return found[0] if len(found) == 1 else None


class RoleAssignmentForm(WagtailAdminModelForm):
    """A superuser, or a manager granting to one of his organisations' people, assigns at once.

    Any other name (an account of another organisation, an account without a
    role, no account at all) becomes a request that waits for the person's
    consent or an administrator's validation; the manager gets the same answer
    in every case, so the form never tells whether an account exists.
    """

    user = forms.CharField(label=_("Personne"), max_length=254, help_text=_("Identifiant ou courriel exact du compte."))
    role = forms.ChoiceField(label=_("Rôle"))

    field_order = ["user", "role", "organisation", "territory", "valid_from", "valid_until"]

    class Meta:
        model = RoleAssignment
        fields = ["role", "organisation", "territory", "valid_from", "valid_until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = user_scope(self.for_user, MANAGE_ROLES)
        self.fields["organisation"].queryset = self.scope.filter(Organisation.objects.select_related("territory"))
        self.fields["territory"].queryset = self.scope.territories()
        self.fields["territory"].widget.permission = MANAGE_ROLES  # the search box offers only what is allowed
        self.fields["role"].choices = [("", "---------")] + [
            (code, label) for code, label in role_choices() if self._may_grant(code)
        ]
        if self.instance.pk:
            del self.fields["user"]  # an assignment changes role or dates, never hands

    def _may_grant(self, code):
        """Only a manager of national reach grants roles of national reach."""
        return self.scope.national or role_registry()[code].reach != Reach.NATIONAL

    #: True once cleaned when the grant must wait for consent (see the class docstring).
    awaiting_consent = False

    def clean_user(self):
        identifier = self.cleaned_data["user"].strip()
        if self.scope.everything:
            found = list(_matching(get_user_model().objects.all(), identifier)[:2])
        else:
            found = list(_matching(members_of(self.scope.filter(Organisation.objects.all())), identifier)[:2])
        if len(found) > 1:
            raise forms.ValidationError(_("Plusieurs comptes ont ce courriel : saisissez l'identifiant."))
        if not found and self.scope.everything:
            raise forms.ValidationError(_("Aucun compte actif ne correspond exactement à cet identifiant ou à ce courriel."))
        if not found:
            self.awaiting_consent = True
            return account_named(identifier)
        if found[0].pk == self.for_user.pk and not self.for_user.is_superuser:
            raise forms.ValidationError(_("Vous ne pouvez pas vous attribuer un rôle vous-même."))
        return found[0]

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
        if not self.instance.pk and user is not None:
            self.instance.user = user
        role, organisation = cleaned.get("role"), cleaned.get("organisation")
        if user and role and organisation and not self.awaiting_consent:
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
            self.instance.pending = self.awaiting_consent
        return super().save(commit)
