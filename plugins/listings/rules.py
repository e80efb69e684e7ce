"""The rules of a listing: mandatory mentions, energy decency, publication, expiry, withdrawal.

The admin, the API, the jobs and the command line all call these functions; none re-derives a status.
Mentions: arrêté du 10 janvier 2017 relatif à l'information délivrée au public sur les conditions
de location (loyer, charges, dépôt de garantie, surface habitable, commune) and article L. 126-33
du code de la construction et de l'habitation (classes DPE et GES, dépenses d'énergie estimées,
mention « logement à consommation énergétique excessive » pour F et G).
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from logis.exports import display_date
from plugins.listings import energy
from plugins.listings.models import Listing

#: longest diffusion window accepted in one go: a forgotten listing leaves the portals by itself.
MAX_WINDOW_DAYS = 366


class PublicationRefused(Exception):
    def __init__(self, check):
        super().__init__(" ".join(check.refusals))
        self.check = check


@dataclass
class PublicationCheck:
    """What stops a publication (``refusals``) and what the publisher should know (``warnings``), in French."""

    refusals: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.refusals


def apply_energy_labels(listing):
    """Derive the DPE and GES classes from the diagnostic's values when they are given (double threshold)."""
    if listing.energy_kwh is not None and listing.ghg_kg is not None:
        listing.energy_class = energy.dpe_class(listing.energy_kwh, listing.ghg_kg)
    if listing.ghg_kg is not None:
        listing.ghg_class = energy.ghg_class(listing.ghg_kg)
    return listing


def missing_mentions(listing):
    """The mandatory mentions of a rental ad the listing lacks, each as a French sentence."""
    checks = [
        (listing.rent is None, _("Indiquez le loyer mensuel hors charges.")),
        (listing.charges is None, _("Indiquez le montant des charges (0 s'il n'y en a pas).")),
        (listing.deposit is None, _("Indiquez le montant du dépôt de garantie.")),
        (listing.surface is None, _("Indiquez la surface habitable.")),
        (not listing.commune_id, _("Indiquez la commune.")),
        (not listing.energy_class, _("Indiquez la classe énergie (DPE).")),
        (not listing.ghg_class, _("Indiquez la classe climat (GES).")),
        (listing.energy_cost_min is None or listing.energy_cost_max is None,
         _("Indiquez l'estimation des dépenses annuelles d'énergie (fourchette du DPE).")),
        (not listing.contact_email, _("Indiquez le courriel qui recevra les contacts.")),
        (not listing.visible_from or not listing.visible_until, _("Indiquez les dates de début et de fin de diffusion.")),
    ]
    problems = [message for missing, message in checks if missing]
    if listing.energy_cost_min is not None and listing.energy_cost_max is not None and listing.energy_cost_min > listing.energy_cost_max:
        problems.append(_("L'estimation des dépenses d'énergie « de » dépasse celle « à »."))
    return problems


def decency(listing, today):
    """``(refusals, warnings)`` from the energy class and the diffusion window, citing the rule."""
    banned = energy.banned_since(listing.energy_class, energy.is_overseas(listing.commune.path if listing.commune_id else ""))
    if not listing.commune_id or not listing.commune.path.startswith("FR") or banned is None:
        return [], []
    start = max(filter(None, [listing.visible_from, today]))
    rule = energy.LEGAL_SOURCE
    values = {"letter": listing.energy_class, "date": display_date(banned), "rule": rule}
    if start >= banned:
        return [_("Un logement classé %(letter)s ne peut plus être loué sous un nouveau bail depuis le %(date)s "
                  "(logement non décent : %(rule)s). Rénovez-le avant de le proposer.") % values], []
    if listing.visible_until and listing.visible_until >= banned:
        return [], [_("Un logement classé %(letter)s ne pourra plus être loué sous un nouveau bail à partir du %(date)s "
                      "(%(rule)s) : le bail doit être signé avant cette date.") % values]
    return [], []


def check_publication(listing, today=None):
    """Everything the publication checks, without changing anything: the compliance check shown before publishing."""
    today = today or timezone.localdate()
    check = PublicationCheck(refusals=missing_mentions(apply_energy_labels(listing)))
    if listing.visible_until and listing.visible_until < today:
        check.refusals.append(_("La fin de diffusion est passée : choisissez une date à venir."))
    if listing.visible_from and listing.visible_until and (listing.visible_until - listing.visible_from).days > MAX_WINDOW_DAYS:
        check.refusals.append(_("La diffusion dure au plus %(days)d jours.") % {"days": MAX_WINDOW_DAYS})
    refusals, warnings = decency(listing, today)
    check.refusals.extend(refusals)
    check.warnings.extend(warnings)
    if listing.excessive:
        check.warnings.append(_("L'annonce portera la mention « %(mention)s » (article L. 126-33 du code de la construction "
                                "et de l'habitation).") % {"mention": energy.EXCESSIVE_MENTION})
    if not listing.pk or not listing.photos.exists():
        check.warnings.append(_("Une annonce sans photo reçoit beaucoup moins de contacts."))
    return check


def publish(listing, user=None, today=None):
    """Publish ``listing`` if it passes :func:`check_publication`; :class:`PublicationRefused` otherwise."""
    check = check_publication(listing, today)
    if not check.ok:
        raise PublicationRefused(check)
    listing.status = Listing.Status.PUBLISHED
    listing.published_at = timezone.now()
    listing.published_by = user
    listing.save()
    return check


def unpublish(listing):
    """Back to draft: the listing leaves the public pages and the feeds at once."""
    listing.status = Listing.Status.DRAFT
    listing.save(update_fields=["status", "updated_at"])
    return listing


def mark_let(listing):
    """The dwelling found its tenant: the listing stays for the figures but is never public again."""
    listing.status = Listing.Status.LET
    listing.save(update_fields=["status", "updated_at"])
    return listing


def expire_listings(today=None):
    """Published listings whose window closed before ``today`` become expired (saved one by one: history, search)."""
    today = today or timezone.localdate()
    expired = list(Listing.objects.filter(status=Listing.Status.PUBLISHED, visible_until__lt=today))
    for listing in expired:
        listing.status = Listing.Status.EXPIRED
        listing.save(update_fields=["status", "updated_at"])
    return len(expired)

