"""The plugin's own admin screens: compliance check and publication, traced contacts and their export, an applicant's data, figures.

Each screen is a :class:`logis.screens.ScopedScreen`: the user's scope for its permission is read
first, and every row comes through it (``self.scope.filter``/``self.scope.get``): a listing or
a contact of another organisation answers 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from logis.accounts.scoping import scope_for, user_scope
from logis.exports import FORMATS, download
from logis.screens import ScopedScreen
from plugins.listings import contacts, figures, rules
from plugins.listings.models import Contact, Listing

CONTACTS = Contact.objects.select_related("listing", "handled_by").order_by("-created_at", "-pk")
CONTACT_HEADERS = [gettext_lazy("Annonce"), gettext_lazy("Reçu le"), gettext_lazy("Nom"), gettext_lazy("Courriel"),
                   gettext_lazy("Téléphone"), gettext_lazy("Message"), gettext_lazy("Statut"), gettext_lazy("Traité le")]
PER_PAGE = 50


class PublicationScreen(ScopedScreen):
    """The compliance check of one listing, and the buttons that publish it, take it off line or mark it let."""

    permission = "listings.view"
    page_title = gettext_lazy("Contrôle de conformité et publication")
    template_name = "listings/publication.html"
    header_icon = "tick"

    def get_context_data(self, **kwargs):
        listing = self.scope.get(Listing.objects.select_related("commune", "organisation"), pk=self.kwargs["pk"])
        return super().get_context_data(listing=listing, check=rules.check_publication(listing),
                                        can_publish=may_publish(self.request.user, listing), **kwargs)

    def post(self, request, pk):
        listing = scope_for(request.user, "listings.publish", rows=True).get(Listing.objects.select_related("commune"), pk=pk)
        action = request.POST.get("action")
        if action == "publish":
            try:
                rules.publish(listing, request.user)
                messages.success(request, _("L'annonce est publiée."))
            except rules.PublicationRefused as refused:
                messages.error(request, _("Publication refusée : %(why)s") % {"why": " ".join(refused.check.refusals)})
        elif action == "unpublish":
            rules.unpublish(listing)
            messages.success(request, _("L'annonce n'est plus en ligne (brouillon)."))
        elif action == "let":
            rules.mark_let(listing)
            messages.success(request, _("L'annonce est marquée « louée »."))
        return redirect(reverse("listings:publication", args=[listing.pk]))


def may_publish(user, listing):
    """Whether to show the publication buttons (the POST asks the scope again)."""
    scope = user_scope(user, "listings.publish")
    return bool(scope) and not scope.aggregates_only and scope.allows(listing)


def filtered_contacts(queryset, params):
    """The contacts list's filters (status, listing reference), bounded."""
    status, reference = params.get("status", ""), params.get("annonce", "")[:64]
    if status in Contact.Status.values:
        queryset = queryset.filter(status=status)
    if reference:
        queryset = queryset.filter(listing__reference=reference)
    return queryset


class ContactsScreen(ScopedScreen):
    """Every contact the organisation's listings received: who, when, message, status; filters, status change, export."""

    permission = "listings.contacts"
    page_title = gettext_lazy("Contacts des candidats")
    template_name = "listings/contacts.html"
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        page = Paginator(filtered_contacts(self.scope.filter(CONTACTS), self.request.GET), PER_PAGE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(page_obj=page, statuses=Contact.Status.choices, query=query.urlencode(),
                                        status=self.request.GET.get("status", ""), reference=self.request.GET.get("annonce", "")[:64],
                                        exports=[(fmt, reverse("listings_contacts:export", args=[fmt])) for fmt in FORMATS], **kwargs)

    def post(self, request):
        contact = self.scope.get(CONTACTS, pk=request.POST.get("contact", ""))
        status = request.POST.get("status")
        if status not in Contact.Status.values:
            raise Http404(_("Statut inconnu."))
        contacts.set_status(contact, status, request.user)
        messages.success(request, _("Contact mis à jour."))
        return redirect(reverse("listings_contacts:index") + (f"?{request.GET.urlencode()}" if request.GET else ""))


def contact_cells(contact):
    return [contact.listing.reference, contact.created_at, contact.name, contact.email, contact.phone, contact.message,
            contact.get_status_display(), contact.handled_at]


def export_contacts(request, fmt):
    """The contacts list, with its filters, through the core's formula-safe writer."""
    if fmt not in FORMATS:
        raise Http404(_("Format d'export inconnu."))
    scope_for(request.user, "listings.export", rows=True)  # the right to export at all; the rows come from the contacts scope
    found = filtered_contacts(scope_for(request.user, "listings.contacts", rows=True).filter(CONTACTS), request.GET)
    rows = (contact_cells(c) for c in found.iterator(chunk_size=500))
    return download([str(h) for h in CONTACT_HEADERS], rows, "contacts-annonces", fmt)


class ApplicantDataScreen(ScopedScreen):
    """An applicant's rights (no account): find their contacts by e-mail or phone, download them, erase them."""

    permission = "listings.applicants"
    page_title = gettext_lazy("Données d'un candidat")
    template_name = "listings/applicant.html"
    header_icon = "lock"

    def found(self, params):
        return contacts.applicant_contacts(self.scope.filter(Contact.objects.all()), params.get("email", ""), params.get("telephone", ""))

    def get(self, request, *args, **kwargs):
        found = self.found(request.GET)
        if request.GET.get("format") in FORMATS:
            return download([str(h) for h in CONTACT_HEADERS], (contact_cells(c) for c in found), "donnees-candidat", request.GET["format"])
        return self.render_to_response(self.get_context_data(found=found, email=request.GET.get("email", "")[:254],
                                                             phone=request.GET.get("telephone", "")[:20], searched=bool(request.GET)))

    def post(self, request):
        erased = contacts.erase_applicant(self.found(request.POST))
        messages.success(request, _("%(n)d contact(s) effacé(s).") % {"n": erased})
        return redirect(reverse("listings_applicants:index"))


class FiguresScreen(ScopedScreen):
    """Listings on line, drafts, views and contacts by commune (aggregates-only roles included)."""

    permission = "listings.view"
    aggregates_allowed = True
    page_title = gettext_lazy("Chiffres des annonces")
    template_name = "listings/figures.html"
    header_icon = "table"

    def get_context_data(self, **kwargs):
        rows = figures.by_commune(self.scope)
        return super().get_context_data(rows=rows, totals=figures.totals(rows), **kwargs)
