"""The forms of the members' pages and of the admin screens; the rules do the work, these bound what is typed and chosen."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from logis.accounts.models import Organisation, Territory
from logis.accounts.scoping import user_scope
from logis.territories.widgets import TerritoryAutocomplete
from plugins.spaces.models import Membership, Space, Thread, Visibility
from plugins.spaces.roles import MANAGE
from plugins.spaces.rules import reachable_organisations, reachable_people
from plugins.spaces.wiki import MAX_TEXT

SPACE_TERRITORY_KINDS = ("country", "region", "department", "epci", "commune")
NATIONAL_SPACE_KINDS = ("country", "region", "department")


class PostForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("Mentionnez un membre avec @identifiant : il ou elle est notifié."))


class ReplyForm(PostForm):
    attachment = forms.FileField(label=_("Pièce jointe"), required=False,
                                 help_text=_("PDF, image, document bureautique ou texte ; rangée dans les documents de l'espace."))


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Sujet"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Thread.Kind.choices, initial=Thread.Kind.DISCUSSION)

    field_order = ["title", "kind", "body"]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Fichier"))
    title = forms.CharField(label=_("Titre"), max_length=200, required=False)
    folder = forms.CharField(label=_("Dossier"), max_length=120, required=False)


class TicketForm(forms.Form):
    title = forms.CharField(label=_("Objet"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 4}))


class WikiPageForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    html = forms.CharField(label=_("Contenu"), max_length=MAX_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 16}),
                           help_text=_("Texte simple (une ligne vide entre deux paragraphes) ou HTML : titres <h2> et <h3>, "
                                       "listes <ul> et <ol>, liens, gras, italique. Le reste est retiré."))


class NewSpaceForm(forms.Form):
    """A lead opens a space on a territory and for an organisation of their scope."""

    name = forms.CharField(label=_("Nom"), min_length=2, max_length=120)
    territory = forms.ModelChoiceField(label=_("Territoire"), queryset=Territory.objects.none())
    organisation = forms.ModelChoiceField(label=_("Organisation qui l'anime"), queryset=Organisation.objects.none())
    visibility = forms.ChoiceField(label=_("Visibilité"), choices=Visibility.choices, initial=Visibility.PRIVATE)
    description = forms.CharField(label=_("Présentation"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = user_scope(user, MANAGE)
        # National leads choose among countries, regions and departments: never the 40,000 communes in one list.
        kinds = NATIONAL_SPACE_KINDS if scope.national else SPACE_TERRITORY_KINDS
        self.fields["territory"].queryset = scope.territories().filter(kind__in=kinds).order_by("path")
        self.fields["organisation"].queryset = scope.filter(Organisation.objects.all()).order_by("name")


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Identifiant de la personne"), max_length=150)
    moderator = forms.BooleanField(label=_("Modérateur ou modératrice"), required=False)


class SpaceAdminForm(WagtailAdminModelForm):
    """A lead places a space only in their territory, for an organisation of their territory."""

    class Meta:
        model = Space
        fields = ["name", "slug", "description", "territory", "organisation", "visibility", "is_default"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        scope = user_scope(for_user, MANAGE)
        self.fields["territory"].queryset = scope.territories().order_by("path")
        self.fields["territory"].widget = TerritoryAutocomplete(permission=MANAGE)
        self.fields["organisation"].queryset = scope.filter(Organisation.objects.all()).order_by("name")


class MembershipAdminForm(WagtailAdminModelForm):
    """Members are added to the spaces the lead runs; a person or organisation is chosen among those the lead reaches."""

    class Meta:
        model = Membership
        fields = ["space", "user", "organisation", "is_moderator"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["space"].queryset = user_scope(for_user, MANAGE).filter(Space.objects.all())
        # Only people and organisations the lead reaches: the lists never show the accounts of other territories.
        # A membership being edited keeps its own member even when the lead does not reach them.
        self.fields["user"].queryset = (reachable_people(for_user) | get_user_model().objects.filter(pk=self.instance.user_id)
                                        ).distinct().order_by("username")
        self.fields["organisation"].queryset = (reachable_organisations(for_user)
                                                | Organisation.objects.filter(pk=self.instance.organisation_id)).distinct().order_by("name")
